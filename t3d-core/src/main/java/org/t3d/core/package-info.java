/**
 * T3D-J core: the 3D building blocks that Deeplearning4j 1.0.0-M2.1 lacks or gets wrong on rank-5
 * (NCDHW) activations, and the composable blocks of DenseNet3D and T3D.
 */
package org.t3d.core;
