/**
 * I3D-style inflation of 2D DenseNet weights into DenseNet3D / T3D models (the baseline supervision transfer is
 * compared with): {@link org.t3d.transfer.inflate.Inflation}, its {@link org.t3d.transfer.inflate.InflationReport},
 * and the interchange names of the 3D models' DenseNet parts ({@link org.t3d.transfer.inflate.ModelNames}).
 */
package org.t3d.transfer.inflate;
