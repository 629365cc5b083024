/**
 * T3D-J transfer: 2D→3D supervision transfer (paper Sec. 3.2) and I3D-style weight inflation.
 *
 * <ul>
 * <li>{@link org.t3d.transfer.teacher}: the 2D DenseNet teacher, built from depth-1 3D layers, with torchvision
 * weight import;</li>
 * <li>{@link org.t3d.transfer.net}: the correspondence network (frozen teacher, 3D student, matching head);</li>
 * <li>{@link org.t3d.transfer.pairs}: positive/negative pairs from unlabelled videos;</li>
 * <li>{@link org.t3d.transfer.train}: the training run, checkpoints and resume;</li>
 * <li>{@link org.t3d.transfer.inflate}: 2D→3D weight inflation with a report.</li>
 * </ul>
 */
package org.t3d.transfer;
