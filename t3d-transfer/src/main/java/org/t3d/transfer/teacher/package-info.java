/**
 * The 2D DenseNet teacher of supervision transfer: its configuration ({@link org.t3d.transfer.teacher.DenseNet2dConfig}),
 * a builder that assembles it from depth-1 3D layers (the fast path in DL4J,
 * {@link org.t3d.transfer.teacher.DenseNet2dBuilder}), the mapping to torchvision's state-dict names
 * ({@link org.t3d.transfer.teacher.TorchvisionNames}) and weight import/export
 * ({@link org.t3d.transfer.teacher.TeacherWeights}, {@link org.t3d.transfer.teacher.StateDicts}).
 */
package org.t3d.transfer.teacher;
