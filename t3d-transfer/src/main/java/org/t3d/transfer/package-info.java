/**
 * T3D-J transfer: 2D-to-3D supervision transfer and weight inflation.
 */
package org.t3d.transfer;
