/**
 * T3D-J models: DenseNet3D and T3D configurations ({@link org.t3d.models.DenseNet3dConfig},
 * {@link org.t3d.models.T3dConfig}, presets and {@link org.t3d.models.Profile}s), the registry
 * ({@link org.t3d.models.T3dModels}), the built model ({@link org.t3d.models.T3dModel}: predict, features, stage
 * activations, zip save/load) and the per-stage report ({@link org.t3d.models.ModelSummary}). Weight interchange with
 * PyTorch lives in {@link org.t3d.models.io}.
 */
package org.t3d.models;
