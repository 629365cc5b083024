package org.t3d.core.train;

/**
 * What a training run does: how long, with which optimiser, how often it checkpoints.
 *
 * @param epochs          number of epochs, &gt; 0
 * @param seed            seed of the data order and of the ND4J random state (dropout)
 * @param optimizer       optimiser, weight decay, schedule, clipping
 * @param checkpointEvery write a checkpoint every this many iterations (0 = only at the end of each epoch)
 */
public record TrainConfig(int epochs, long seed, OptimizerConfig optimizer, int checkpointEvery) {

    /** Validates. */
    public TrainConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0, got " + checkpointEvery);
        }
    }

    /** @return a builder (10 epochs, seed 42, the paper's SGD, checkpoints at epoch ends) */
    public static Builder builder() {
        return new Builder();
    }

    /** @param e epochs @return a copy with another number of epochs */
    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, seed, optimizer, checkpointEvery);
    }

    /** Builder. */
    public static final class Builder {
        private int epochs = 10;
        private long seed = 42;
        private OptimizerConfig optimizer = OptimizerConfig.paperSgd();
        private int checkpointEvery = 0;

        private Builder() {
        }

        /** @param e epochs @return this */
        public Builder epochs(int e) {
            this.epochs = e;
            return this;
        }

        /** @param s seed @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param o optimiser config @return this */
        public Builder optimizer(OptimizerConfig o) {
            this.optimizer = o;
            return this;
        }

        /** @param n iterations between checkpoints (0 = epoch ends only) @return this */
        public Builder checkpointEvery(int n) {
            this.checkpointEvery = n;
            return this;
        }

        /** @return the validated config */
        public TrainConfig build() {
            return new TrainConfig(epochs, seed, optimizer, checkpointEvery);
        }
    }
}
