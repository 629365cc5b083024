/**
 * Weight interchange: pure-Java NumPy {@code .npy}/{@code .npz} reading and writing, and import/export of PyTorch
 * state dicts in the T3D-J interchange naming v1 ({@link org.t3d.models.io.InterchangeNames}).
 */
package org.t3d.models.io;
