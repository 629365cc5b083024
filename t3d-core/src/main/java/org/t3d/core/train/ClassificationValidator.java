package org.t3d.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Clip-level validation of a single-output softmax classifier: mean cross-entropy and top-1 accuracy over
 * one pass of an {@link EpochData} (epoch 0, so the order is fixed).
 */
public final class ClassificationValidator implements Validator {

    private final EpochData data;

    /** @param data validation batches (one-hot labels) */
    public ClassificationValidator(EpochData data) {
        this.data = data;
    }

    @Override
    public ValidationResult validate(ComputationGraph graph, int epoch) {
        MultiDataSetIterator it = data.open(0, 0);
        double lossSum = 0;
        long correct = 0;
        long n = 0;
        while (it.hasNext()) {
            MultiDataSet m = it.next();
            INDArray probs = graph.output(false, m.getFeatures())[0];
            INDArray labels = m.getLabels(0);
            INDArray logp = Transforms.log(Transforms.max(probs.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE), 1e-12));
            lossSum += -logp.mul(labels.castTo(logp.dataType())).sumNumber().doubleValue();
            INDArray predicted = probs.argMax(1);
            INDArray truth = labels.argMax(1);
            for (int i = 0; i < predicted.length(); i++) {
                if (predicted.getLong(i) == truth.getLong(i)) {
                    correct++;
                }
            }
            n += probs.size(0);
        }
        if (n == 0) {
            throw new IllegalStateException("validation data is empty");
        }
        return new ValidationResult(lossSum / n, (double) correct / n);
    }
}
