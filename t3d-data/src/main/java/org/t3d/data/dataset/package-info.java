/**
 * Dataset indices: which video files belong to a split and their labels. {@link org.t3d.data.dataset.Ucf101Index},
 * {@link org.t3d.data.dataset.Hmdb51Index}, {@link org.t3d.data.dataset.KineticsIndex},
 * {@link org.t3d.data.dataset.FolderIndex} and {@link org.t3d.data.dataset.CsvIndex} each produce a
 * {@link org.t3d.data.dataset.DatasetIndex} of {@link org.t3d.data.dataset.VideoSample}s with 0-based labels. Only
 * the selected split is indexed; missing files are reported in {@link org.t3d.data.dataset.DatasetIndex#problems()}
 * and skipped, never fatal.
 */
package org.t3d.data.dataset;
