package org.t3d.models.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.models.T3dModel;

/**
 * Imports a PyTorch state dict in the T3D-J interchange naming v1 ({@code .npz} or a folder of {@code .npy}) into a
 * DL4J model, with a {@link LoadReport}. See {@link InterchangeNames} for the name and layout mapping.
 *
 * <pre>{@code
 * LoadReport r = WeightImporter.builder().lenient().skipClassifierOnMismatch(true).build()
 *         .load(model, Path.of("state.npz"));
 * }</pre>
 *
 * <p>Strict mode (default) changes nothing and throws {@link WeightImportException} (carrying the report) unless
 * every tensor of the model is present with the right shape and the file has no other tensor. Lenient mode copies
 * every matching tensor and reports the rest. With {@code skipClassifierOnMismatch}, a classifier whose class count
 * differs from the file's is re-initialised (as the model's configuration initialises it) and reported as skipped
 * instead of mismatched. {@code num_batches_tracked} entries are ignored.
 */
public final class WeightImporter {

    private static final Logger LOG = LoggerFactory.getLogger(WeightImporter.class);

    private final boolean strict;
    private final boolean skipClassifierOnMismatch;

    private WeightImporter(boolean strict, boolean skipClassifierOnMismatch) {
        this.strict = strict;
        this.skipClassifierOnMismatch = skipClassifierOnMismatch;
    }

    /** @return a builder (strict, classifier not skipped) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a strict importer */
    public static WeightImporter strict() {
        return builder().build();
    }

    /**
     * Reads {@code weights} ({@code .npz} file or folder of {@code .npy}) and imports it into {@code model}.
     *
     * @return the report
     * @throws IOException           when the file cannot be read
     * @throws WeightImportException in strict mode when the tensors do not match the model exactly
     */
    public LoadReport load(T3dModel model, Path weights) throws IOException {
        return load(model.graph(), Npz.read(weights), weights.toString());
    }

    /**
     * Imports interchange-named tensors into a graph built by T3D-J.
     *
     * @param graph   the target network (its parameters are overwritten)
     * @param tensors interchange name → tensor (PyTorch layout, any floating-point type)
     * @param source  description of the tensors' origin, for the report
     * @return the report
     * @throws WeightImportException in strict mode when the tensors do not match the model exactly
     */
    public LoadReport load(ComputationGraph graph, Map<String, INDArray> tensors, String source) {
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<LoadReport.Mismatch> mismatched = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Set<String> unused = new LinkedHashSet<>(tensors.keySet());
        for (String k : tensors.keySet()) {
            if (k.endsWith(".num_batches_tracked")) {
                ignored.add(k);
                unused.remove(k);
            }
        }
        List<INDArray[]> assignments = new ArrayList<>(); // {target, source}; INDArray equality is by value
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer layer : graph.getLayers()) {
            byName.put(layer.conf().getLayer().getLayerName(), layer);
        }
        boolean classifierSkipped = false;
        if (skipClassifierOnMismatch && byName.containsKey(InterchangeNames.CLASSIFIER_VERTEX)) {
            Layer fc = byName.get(InterchangeNames.CLASSIFIER_VERTEX);
            INDArray w = tensors.get(InterchangeNames.CLASSIFIER_WEIGHT);
            INDArray b = tensors.get(InterchangeNames.CLASSIFIER_BIAS);
            long[] want = interchangeShape(InterchangeNames.CLASSIFIER_VERTEX, "W", fc.getParam("W"));
            boolean wDiffers = w != null && !Arrays.equals(w.shape(), want);
            boolean bDiffers = b != null && b.length() != fc.getParam("b").length();
            if (wDiffers || bDiffers) {
                classifierSkipped = true;
                skipped.add(InterchangeNames.CLASSIFIER_WEIGHT);
                skipped.add(InterchangeNames.CLASSIFIER_BIAS);
                unused.remove(InterchangeNames.CLASSIFIER_WEIGHT);
                unused.remove(InterchangeNames.CLASSIFIER_BIAS);
            }
        }
        for (Map.Entry<String, Layer> e : byName.entrySet()) {
            String vertex = e.getKey();
            if (classifierSkipped && vertex.equals(InterchangeNames.CLASSIFIER_VERTEX)) {
                continue;
            }
            for (Map.Entry<String, INDArray> p : e.getValue().paramTable().entrySet()) {
                String name = InterchangeNames.of(vertex, p.getKey());
                INDArray param = p.getValue();
                long[] want = interchangeShape(vertex, p.getKey(), param);
                INDArray src = tensors.get(name);
                if (src == null) {
                    missing.add(name);
                    continue;
                }
                unused.remove(name);
                if (!Arrays.equals(src.shape(), want)) {
                    mismatched.add(new LoadReport.Mismatch(name, want, src.shape()));
                    continue;
                }
                if (!src.dataType().isFPType()) {
                    mismatched.add(new LoadReport.Mismatch(name, want, src.shape()));
                    LOG.warn("{}: tensor {} has non-floating-point type {}", source, name, src.dataType());
                    continue;
                }
                INDArray v = InterchangeNames.transposed(vertex, p.getKey()) ? src.transpose() : src;
                assignments.add(new INDArray[] {param, v.reshape(param.shape()).castTo(param.dataType())});
                loaded.add(name);
            }
        }
        LoadReport report = new LoadReport(source, loaded, missing, new ArrayList<>(unused), mismatched, skipped,
                ignored);
        if (strict && !report.isClean()) {
            throw new WeightImportException(report);
        }
        assignments.forEach(a -> a[0].assign(a[1]));
        if (classifierSkipped) {
            reinitialise(byName.get(InterchangeNames.CLASSIFIER_VERTEX));
        }
        LOG.info("imported {} tensors from {} ({} missing, {} unexpected, {} mismatched, {} skipped)", loaded.size(),
                source, missing.size(), unused.size(), mismatched.size(), skipped.size());
        return report;
    }

    /** @return the shape the interchange tensor must have for a DL4J parameter */
    static long[] interchangeShape(String vertex, String key, INDArray param) {
        if (InterchangeNames.transposed(vertex, key)) {
            return new long[] {param.size(1), param.size(0)};
        }
        if (param.rank() <= 2 && (param.rank() == 1 || param.size(0) == 1)) {
            return new long[] {param.length()};
        }
        return param.shape();
    }

    private static void reinitialise(Layer fc) {
        INDArray w = fc.getParam("W");
        IWeightInit init = ((BaseLayer) fc.conf().getLayer()).getWeightInitFn();
        init.init(w.size(0), w.size(1), w.shape(), 'f', w);
        fc.getParam("b").assign(0);
    }

    /** Builder for {@link WeightImporter}. */
    public static final class Builder {
        private boolean strict = true;
        private boolean skipClassifier;

        private Builder() {
        }

        /** Strict mode (default): all or nothing. */
        public Builder strictMode() {
            this.strict = true;
            return this;
        }

        /** Lenient mode: load what matches, report the rest. */
        public Builder lenient() {
            this.strict = false;
            return this;
        }

        /** @param on re-initialise the classifier instead of failing when its class count differs */
        public Builder skipClassifierOnMismatch(boolean on) {
            this.skipClassifier = on;
            return this;
        }

        /** @return the importer */
        public WeightImporter build() {
            return new WeightImporter(strict, skipClassifier);
        }
    }
}
