/**
 * The command line's glue to t3d-data: video lists from CLI arguments ({@link org.t3d.cli.data.VideoLists}), the
 * preprocessing saved with a model ({@link org.t3d.cli.data.Preprocessing}), training batches for the trainer
 * ({@link org.t3d.cli.data.TrainingClips}) and dense test clips with their protocol
 * ({@link org.t3d.cli.data.TestClips}, {@link org.t3d.cli.data.TestCrops}, {@link org.t3d.cli.data.DenseProtocol}).
 * Decoding, sampling, transforms and batching are t3d-data's.
 */
package org.t3d.cli.data;
