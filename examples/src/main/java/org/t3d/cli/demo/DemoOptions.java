package org.t3d.cli.demo;

/**
 * Sizes of a demo run. {@link #FULL} is {@code t3d demo}; {@link #QUICK} is {@code t3d demo --quick} (CI).
 *
 * @param trainPerClass   training videos per class
 * @param testPerClass    held-out test videos per class
 * @param videoFrames     frames per generated video
 * @param videoSize       generated frame width = height
 * @param square          side of the moving square
 * @param speed           pixels per frame
 * @param clipLength      frames per clip T
 * @param crop            spatial crop fed to the network
 * @param clipsPerVideo   training clips drawn from each video per epoch
 * @param epochs          training epochs
 * @param batchSize       mini-batch size
 * @param learningRate    Adam learning rate (cosine schedule, half an epoch of warm-up)
 * @param growthRate      T3D growth rate
 * @param initFeatures    stem output channels
 * @param ttlChannels     channels per TTL branch
 * @param seed            seed of data generation, data order and weights
 * @param minVideoAccuracy accuracy the run must reach to count as a success (fraction)
 */
public record DemoOptions(int trainPerClass, int testPerClass, int videoFrames, int videoSize, int square, int speed,
        int clipLength, int crop, int clipsPerVideo, int epochs, int batchSize, double learningRate, int growthRate, int initFeatures,
        int ttlChannels, long seed, double minVideoAccuracy) {

    /** The README's demo: ≥ 90 % video accuracy within 10 minutes on 2 cores. */
    public static final DemoOptions FULL = new DemoOptions(48, 25, 32, 40, 14, 2, 16, 32, 3, 10, 8, 3e-3, 8, 16, 16, 7,
            0.90);

    /** CI-sized demo (about 2 minutes): accuracy well above chance (≥ 60 % for 4 classes). */
    public static final DemoOptions QUICK = new DemoOptions(32, 16, 32, 40, 14, 2, 16, 32, 2, 6, 8, 3e-3, 8, 16, 16, 7,
            0.60);

    /** Validates. */
    public DemoOptions {
        if (trainPerClass < 1 || testPerClass < 1 || clipsPerVideo < 1 || epochs < 1 || batchSize < 1 || clipLength < 1) {
            throw new IllegalArgumentException("demo sizes must be positive");
        }
        if (crop > videoSize) {
            throw new IllegalArgumentException("crop " + crop + " larger than the video frames " + videoSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
    }

    /** @param e epochs @return a copy with another number of epochs */
    public DemoOptions withEpochs(int e) {
        return new DemoOptions(trainPerClass, testPerClass, videoFrames, videoSize, square, speed, clipLength, crop, clipsPerVideo, e,
                batchSize, learningRate, growthRate, initFeatures, ttlChannels, seed, minVideoAccuracy);
    }

    /** @param s seed @return a copy with another seed */
    public DemoOptions withSeed(long s) {
        return new DemoOptions(trainPerClass, testPerClass, videoFrames, videoSize, square, speed, clipLength, crop,
                clipsPerVideo, epochs, batchSize, learningRate, growthRate, initFeatures, ttlChannels, s, minVideoAccuracy);
    }

    /** @param perClass training videos per class @return a copy */
    public DemoOptions withTrainPerClass(int perClass) {
        return new DemoOptions(perClass, testPerClass, videoFrames, videoSize, square, speed, clipLength, crop, clipsPerVideo, epochs,
                batchSize, learningRate, growthRate, initFeatures, ttlChannels, seed, minVideoAccuracy);
    }
}
