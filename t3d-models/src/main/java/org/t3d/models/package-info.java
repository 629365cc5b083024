/**
 * T3D-J models: DenseNet3D and T3D configurations, presets, registry, weight import and reports.
 */
package org.t3d.models;
