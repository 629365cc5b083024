/**
 * Composable blocks of DenseNet3D and T3D: each an immutable configuration that appends its layers to a DL4J
 * {@code GraphBuilder} under a name prefix ({@code DenseLayer3D}, {@code DenseBlock3D}, {@code Transition3D},
 * {@code TemporalTransitionLayer}, {@code Pooling3D}), with layer names built in one place ({@code LayerNames}).
 */
package org.t3d.core.blocks;
