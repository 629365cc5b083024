/**
 * Clip-consistent spatial transforms. A {@link org.t3d.data.transform.TransformConfig} draws one
 * {@link org.t3d.data.transform.SpatialPlan} per clip (resize size, crop boxes, flips) so that every frame of a clip
 * gets the same crop and flip; the decoder applies the plan while copying pixels (resize by FFmpeg's scaler, then
 * crop, flip and {@link org.t3d.data.transform.Normalization} in one pass). Multi-crop test protocols (3-crop,
 * 5-crop, 10-crop) are plans with several {@link org.t3d.data.transform.ClipView}s.
 */
package org.t3d.data.transform;
