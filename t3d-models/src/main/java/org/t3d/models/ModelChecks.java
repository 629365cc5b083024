package org.t3d.models;

/** Shared validation of the fields common to every model configuration. */
final class ModelChecks {

    private ModelChecks() {
    }

    static void head(int numClasses, int inputFrames, int inputSize) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be >= 1, got " + numClasses);
        }
        if (inputFrames < 1) {
            throw new IllegalArgumentException("input frames must be >= 1, got " + inputFrames);
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
    }
}
