package org.t3d.core.eval;

import java.util.List;
import java.util.function.IntConsumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Runs a single-output softmax classifier over clips in inference mode and produces an
 * {@link EvaluationReport}.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param graph      network whose first output is a softmax over {@code classNames.size()} classes
     * @param clips      clip batches: features NCDHW float, one-hot labels; every clip (and crop) of a video
     * @param ids        video id of each clip, or null for clip-level only
     * @param protocol   the protocol the iterator implements (stated in the report)
     * @param model      name of what is evaluated
     * @param classNames class names
     * @param progress   called with the number of clips done after each batch (may be null)
     * @return the report
     */
    public static EvaluationReport evaluate(ComputationGraph graph, MultiDataSetIterator clips, VideoIdProvider ids,
            EvalProtocol protocol, String model, List<String> classNames, IntConsumer progress) {
        long t0 = System.nanoTime();
        PredictionCollector collector = new PredictionCollector(classNames.size());
        while (clips.hasNext()) {
            MultiDataSet batch = clips.next();
            INDArray probs = graph.output(false, batch.getFeatures())[0];
            collector.add(probs, batch.getLabels(0), ids == null ? null : ids.videoIds(batch));
            if (progress != null) {
                progress.accept(collector.clips());
            }
        }
        return new EvaluationReport(model, protocol, classNames, collector.clipMetrics(), collector.videoMetrics(),
                collector.videoPredictions(), (System.nanoTime() - t0) / 1e9);
    }
}
