package org.t3d.transfer.pairs;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.t3d.core.train.Validator;

/**
 * Pair accuracy and mean cross-entropy of a correspondence network on pairs from held-out videos, in inference mode.
 * The pairs are those of one fixed epoch of a {@link PairSampler} (balanced 1:1, so chance is 50 %).
 */
public final class PairValidator implements Validator {

    private final PairSampler sampler;
    private final int epoch;

    /**
     * @param sampler sampler over the held-out videos
     * @param epoch   which of its epochs to use (fixed, so every validation sees the same pairs)
     */
    public PairValidator(PairSampler sampler, int epoch) {
        this.sampler = sampler;
        this.epoch = epoch;
    }

    @Override
    public ValidationResult validate(ComputationGraph graph, int trainEpoch) {
        double loss = 0;
        long correct = 0;
        long n = 0;
        DataType dt = graph.getConfiguration().getDataType();
        MultiDataSetIterator it = sampler.open(epoch, 0);
        while (it.hasNext()) {
            MultiDataSet m = it.next();
            INDArray p = graph.output(false, m.getFeatures(0).castTo(dt), m.getFeatures(1).castTo(dt))[0];
            INDArray y = m.getLabels(0).castTo(dt);
            INDArray logp = Transforms.log(Transforms.max(p, 1e-12, true), false);
            loss -= logp.mul(y).sumNumber().doubleValue();
            INDArray pred = p.argMax(1);
            INDArray truth = y.argMax(1);
            for (int i = 0; i < pred.length(); i++) {
                correct += pred.getLong(i) == truth.getLong(i) ? 1 : 0;
            }
            n += pred.length();
        }
        return new ValidationResult(n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : correct / (double) n);
    }
}
