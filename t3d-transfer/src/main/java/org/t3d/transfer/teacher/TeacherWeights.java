package org.t3d.transfer.teacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies torchvision DenseNet weights (a {@code state_dict} as name → tensor, e.g. read from an {@code .npz})
 * into a teacher built by {@link DenseNet2dBuilder}, and back.
 *
 * <p>Conv2d weights (out, in, kH, kW) become depth-1 Convolution3D weights (out, in, 1, kH, kW); BN tensors are
 * copied as they are (variances, not log-std); the Linear classifier weight is transposed.
 */
public final class TeacherWeights {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherWeights.class);

    private TeacherWeights() {
    }

    /**
     * Loads a torchvision state dict into a teacher.
     *
     * @param graph     graph holding the teacher (stand-alone or inside a correspondence network)
     * @param config    the teacher's configuration
     * @param prefix    the teacher's vertex prefix
     * @param stateDict torchvision key → tensor (float32 or float64; cast to the network's type)
     * @param strict    when true, a missing key is an error
     * @return what was loaded, missing, unexpected
     * @throws IllegalArgumentException on a shape mismatch (naming the key and both shapes), or on a missing key
     *                                  when {@code strict}
     */
    public static ImportReport load(ComputationGraph graph, DenseNet2dConfig config, String prefix,
            Map<String, INDArray> stateDict, boolean strict) {
        Objects.requireNonNull(stateDict, "stateDict");
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (TorchvisionNames.Entry e : TorchvisionNames.entries(config, prefix)) {
            INDArray src = stateDict.get(e.key());
            if (src == null) {
                missing.add(e.key());
                continue;
            }
            INDArray dst = param(graph, e);
            INDArray converted = toDl4j(e, src, dst.shape());
            dst.assign(converted.castTo(dst.dataType()));
            loaded.add(e.key());
            used.add(e.key());
        }
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String k : stateDict.keySet()) {
            if (used.contains(k)) {
                continue;
            }
            if (k.endsWith("num_batches_tracked")) {
                ignored.add(k);
            } else {
                unexpected.add(k);
            }
        }
        ImportReport report = new ImportReport(loaded, missing, unexpected, ignored);
        if (strict && !missing.isEmpty()) {
            throw new IllegalArgumentException("Teacher weights are incomplete: " + missing.size()
                    + " tensors missing, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        LOG.info("Teacher weights: {}", report);
        return report;
    }

    /**
     * Exports the teacher's tensors under torchvision names and layouts (copies, network data type).
     *
     * @return torchvision key → tensor, in {@code state_dict()} order
     */
    public static Map<String, INDArray> export(ComputationGraph graph, DenseNet2dConfig config, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (TorchvisionNames.Entry e : TorchvisionNames.entries(config, prefix)) {
            INDArray p = param(graph, e);
            INDArray t = switch (e.kind()) {
                case CONV -> p.reshape(p.size(0), p.size(1), p.size(3), p.size(4));
                case BN, LINEAR_BIAS -> p.reshape(p.length());
                case LINEAR_WEIGHT -> p.transpose();
            };
            out.put(e.key(), t.dup('c'));
        }
        return out;
    }

    /**
     * Counts the teacher's tensors as PyTorch does.
     *
     * @return {trainable parameters, BN running-statistic values}
     */
    public static long[] countParameters(ComputationGraph graph, DenseNet2dConfig config, String prefix) {
        long trainable = 0;
        long stats = 0;
        for (TorchvisionNames.Entry e : TorchvisionNames.entries(config, prefix)) {
            long n = param(graph, e).length();
            if (e.runningStat()) {
                stats += n;
            } else {
                trainable += n;
            }
        }
        return new long[] {trainable, stats};
    }

    /** @return the live parameter view of an entry */
    static INDArray param(ComputationGraph graph, TorchvisionNames.Entry e) {
        Layer layer = graph.getLayer(e.vertex());
        if (layer == null) {
            throw new IllegalArgumentException("Teacher graph has no layer '" + e.vertex() + "' for " + e.key());
        }
        INDArray p = layer.getParam(e.param());
        if (p == null) {
            throw new IllegalArgumentException("Layer '" + e.vertex() + "' has no parameter '" + e.param() + "' for "
                    + e.key());
        }
        return p;
    }

    private static INDArray toDl4j(TorchvisionNames.Entry e, INDArray src, long[] dst) {
        long[] expected = switch (e.kind()) {
            case CONV -> new long[] {dst[0], dst[1], dst[3], dst[4]};
            case BN, LINEAR_BIAS -> new long[] {java.util.Arrays.stream(dst).reduce(1, (a, b) -> a * b)};
            case LINEAR_WEIGHT -> new long[] {dst[1], dst[0]};
        };
        if (!Arrays.equals(expected, src.shape())) {
            throw new IllegalArgumentException("Tensor '" + e.key() + "' has shape " + Arrays.toString(src.shape())
                    + " but layer '" + e.vertex() + "' needs " + Arrays.toString(expected) + " (torchvision layout)");
        }
        return switch (e.kind()) {
            case CONV, BN, LINEAR_BIAS -> src.reshape('c', dst);
            case LINEAR_WEIGHT -> src.transpose();
        };
    }
}
