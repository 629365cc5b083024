/**
 * T3D-J data: video decoding, clip sampling, transforms, dataset indices and iterators.
 */
package org.t3d.data;
