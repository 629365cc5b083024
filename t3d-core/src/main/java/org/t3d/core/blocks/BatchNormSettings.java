package org.t3d.core.blocks;

/**
 * Batch-norm constants shared by every BN of a block (PyTorch convention).
 *
 * @param eps      added to the variance, &gt; 0
 * @param momentum running-statistics momentum in [0, 1] (DL4J decay = 1 − momentum)
 */
public record BatchNormSettings(double eps, double momentum) {

    /** PyTorch defaults: eps 1e-5, momentum 0.1. */
    public static final BatchNormSettings DEFAULT = new BatchNormSettings(1e-5, 0.1);

    /** Validates the fields. */
    public BatchNormSettings {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("batch-norm eps must be > 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch-norm momentum must be in [0, 1], got " + momentum);
        }
    }
}
