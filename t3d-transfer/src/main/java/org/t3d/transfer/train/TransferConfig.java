package org.t3d.transfer.train;

import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.t3d.core.train.LrSchedule;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.transfer.net.CorrespondenceConfig;
import org.t3d.transfer.pairs.PairConfig;

/**
 * Everything a supervision-transfer run needs besides the data and the teacher weights.
 *
 * <p>Defaults are the paper's (spec §4): SGD with Nesterov momentum 0.9, weight decay 1e-4 (printed "10e−4" in the
 * paper, read as 1e-4), mini-batches of 32 pairs, learning rate 0.1 divided by 10 every 30 epochs, 150 epochs, no
 * warm-up. Re-implementers found lr 0.1 unstable: {@link #withWarmup(double)} adds a linear warm-up, and every value
 * is configurable.
 *
 * @param network         the correspondence network
 * @param pairs           pair sampling (its X, T and size must match the network's)
 * @param optimizer       optimiser, weight decay and learning-rate schedule
 * @param epochs          epochs (150)
 * @param checkpointEvery also checkpoint every this many iterations inside an epoch (0 = only at epoch ends)
 * @param dataType        network data type (FLOAT)
 * @param seed            initialisation and training seed
 */
public record TransferConfig(CorrespondenceConfig network, PairConfig pairs, OptimizerConfig optimizer, int epochs,
        int checkpointEvery, DataType dataType, long seed) {

    /** The paper's optimiser: Nesterov SGD 0.9, wd 1e-4 (L2, as PyTorch), lr 0.1 ÷ 10 every 30 epochs. */
    public static final OptimizerConfig PAPER_OPTIMIZER = OptimizerConfig.builder().learningRate(0.1).momentum(0.9)
            .weightDecay(1e-4).schedule(LrSchedule.step(30, 0.1)).build();

    /** Validates the fields and the agreement of pairs and network. */
    public TransferConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(dataType, "dataType");
        if (epochs < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("epochs must be >= 1 and checkpointEvery >= 0, got " + epochs + ", "
                    + checkpointEvery);
        }
        if (pairs.frames() != network.frames() || pairs.clipFrames() != network.clipFrames()
                || pairs.size() != network.frameSize() || pairs.size() != network.clipSize()) {
            throw new IllegalArgumentException("pair sampling (X=" + pairs.frames() + ", T=" + pairs.clipFrames()
                    + ", size " + pairs.size() + ") does not match the network (X=" + network.frames() + ", T="
                    + network.clipFrames() + ", frame size " + network.frameSize() + ", clip size "
                    + network.clipSize() + ")");
        }
    }

    /**
     * The paper's run for a network: pairs of X frames and T-frame clips at the network's size, batch 32, the paper's
     * optimiser, 150 epochs.
     *
     * @param network the correspondence network (frame size must equal clip size)
     * @return the config
     */
    public static TransferConfig paper(CorrespondenceConfig network) {
        PairConfig pairs = PairConfig.builder().frames(network.frames()).clipFrames(network.clipFrames())
                .size(network.clipSize()).resizeShortSide(Math.round(network.clipSize() * 256f / 224f)).build();
        return new TransferConfig(network, pairs, PAPER_OPTIMIZER, 150, 0, DataType.FLOAT, 42);
    }

    /** @return a copy with a linear learning-rate warm-up of {@code epochs} epochs */
    public TransferConfig withWarmup(double warmupEpochs) {
        return withOptimizer(optimizer.toBuilder().schedule(optimizer.schedule().withWarmup(warmupEpochs)).build());
    }

    /** @return a copy with another optimiser */
    public TransferConfig withOptimizer(OptimizerConfig o) {
        return new TransferConfig(network, pairs, o, epochs, checkpointEvery, dataType, seed);
    }

    /** @return a copy with another number of epochs */
    public TransferConfig withEpochs(int e) {
        return new TransferConfig(network, pairs, optimizer, e, checkpointEvery, dataType, seed);
    }

    /** @return a copy with other pair settings */
    public TransferConfig withPairs(PairConfig p) {
        return new TransferConfig(network, p, optimizer, epochs, checkpointEvery, dataType, seed);
    }

    /** @return a copy checkpointing every {@code n} iterations */
    public TransferConfig withCheckpointEvery(int n) {
        return new TransferConfig(network, pairs, optimizer, epochs, n, dataType, seed);
    }
}
