/**
 * DL4J custom layers for NCDHW video networks: {@code BatchNorm3D} (PyTorch semantics, optional fused ReLU),
 * {@code Conv3D} and {@code Pool3D} (DL4J's configurations with faster layers), {@code BnReluConv1x1} (the
 * memory-efficient dense-layer bottleneck), their kernels, and the direct oneDNN paths ({@code OneDnn}) used for
 * float32 on the CPU backend.
 */
package org.t3d.core.layers;
