package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.t3d.models.io.InterchangeNames;
import org.t3d.models.io.LoadReport;
import org.t3d.models.io.WeightImporter;

/**
 * Golden parity against the PyTorch reference tensors of {@code ../shared/golden} (tiny DenseNet3D and T3D): the model
 * is built from the set's {@code manifest.json}, the weights are imported strictly from {@code weights.npz}, and eval
 * outputs, every stage activation, and (train mode) loss, logits, every parameter gradient, the input gradient and
 * the running-statistic updates are compared, in float32 (README tolerances) and float64 (≤ 1e-12 for forward quantities, ≤ 1e-10 for gradients).
 * Every case runs with standard and with memory-efficient dense layers ({@link ModelOptions#memoryEfficient()}): the
 * same weights file must load into both and both must match the reference.
 */
class GoldenParityTest {

    /** Every set in float and double, with standard and with memory-efficient dense layers. */
    static Stream<Arguments> sets() {
        return Stream.of(false, true).flatMap(memoryEfficient -> Stream.of(
                Arguments.of("tiny_densenet3d", DataType.FLOAT, memoryEfficient),
                Arguments.of("tiny_densenet3d", DataType.DOUBLE, memoryEfficient),
                Arguments.of("tiny_t3d", DataType.FLOAT, memoryEfficient),
                Arguments.of("tiny_t3d", DataType.DOUBLE, memoryEfficient)));
    }

    private static ModelConfig manifestConfig(Path set) throws IOException {
        return ModelConfig.fromJson(Files.readString(set.resolve("manifest.json")));
    }

    private static ModelOptions options(DataType type, boolean memoryEfficient) {
        return ModelOptions.builder().dataType(type).weightDecay(0).updater(new NoOp())
                .workspaceMode(WorkspaceMode.NONE).memoryEfficient(memoryEfficient).inputGradient(true).build();
    }

    private static void report(String set, DataType type, String what, double err, double tol) {
        System.out.printf(Locale.ROOT, "GOLDEN %-16s %-6s %-44s %.3e (tol %.0e)%n", set, type, what, err, tol);
        assertTrue(err <= tol, set + " " + type + " " + what + ": error " + err + " > " + tol);
    }

    /** Builds the model and checks that the requested dense-layer variant is the one built. */
    private static T3dModel build(ModelConfig config, DataType type, boolean memoryEfficient) {
        T3dModel model = T3dModels.build(config, options(type, memoryEfficient));
        assertEquals(memoryEfficient, model.isMemoryEfficient());
        long fused = java.util.Arrays.stream(model.graph().getLayers())
                .filter(l -> l.conf().getLayer() instanceof org.t3d.core.layers.BnReluConv1x1).count();
        long denseLayers = config.trunk().blockConfig().stream().mapToLong(Integer::longValue).sum();
        assertEquals(memoryEfficient ? denseLayers : 0, fused, "fused norm1conv1 layers");
        return model;
    }

    @ParameterizedTest(name = "{0} {1} eval, memory-efficient {2}")
    @MethodSource("sets")
    void evalLogitsFeaturesAndEveryStageMatch(String name, DataType type, boolean memoryEfficient)
            throws IOException {
        Path set = Golden.set(name);
        ModelConfig config = manifestConfig(set);
        assertEquals(name.equals("tiny_t3d") ? "t3d" : "densenet3d", config.family());
        T3dModel model = build(config, type, memoryEfficient);
        LoadReport r = WeightImporter.strict().load(model, set.resolve("weights.npz"));
        assertTrue(r.isClean(), r.toText());
        // every interchange module loaded (a fused layer holds two: norm1 and conv1)
        long modules = java.util.Arrays.stream(model.graph().getLayers()).flatMap(l -> l.paramTable().keySet()
                .stream().map(k -> InterchangeNames.componentVertex(l.conf().getLayer().getLayerName(), k)))
                .distinct().count();
        assertEquals(modules, r.loaded().stream().map(n -> n.substring(0, n.lastIndexOf('.'))).distinct().count());

        double tol = type == DataType.FLOAT ? 1e-4 : 1e-12;
        INDArray input = Golden.read(set.resolve("input.npy"));
        Map<String, INDArray> acts = model.stageActivations(input, false);
        for (Map.Entry<String, INDArray> e : acts.entrySet()) {
            INDArray ref = Golden.read(set.resolve("act_" + e.getKey() + ".npy"));
            assertEquals(java.util.Arrays.toString(ref.shape()), java.util.Arrays.toString(e.getValue().shape()), e.getKey());
            report(name, type, "act_" + e.getKey(), Golden.relErr(e.getValue(), ref), tol);
        }
        report(name, type, "features", Golden.relErr(model.features(input), Golden.read(set.resolve("features.npy"))),
                tol);
        INDArray logitsRef = Golden.read(set.resolve("logits.npy"));
        report(name, type, "logits", Golden.relErr(model.logits(input), logitsRef), tol);
        INDArray softmaxRef = Transforms.softmax(logitsRef, true);
        report(name, type, "predict (softmax)", Golden.absErr(model.predict(input), softmaxRef), tol);
    }

    @ParameterizedTest(name = "{0} {1} train, memory-efficient {2}")
    @MethodSource("sets")
    void trainLossGradientsAndRunningStatisticsMatch(String name, DataType type, boolean memoryEfficient)
            throws IOException {
        Path set = Golden.set(name);
        INDArray input = Golden.read(set.resolve("train_input.npy"));
        ModelConfig config = manifestConfig(set).withInput((int) input.size(2), (int) input.size(3));
        T3dModel model = build(config, type, memoryEfficient);
        WeightImporter.strict().load(model, set.resolve("weights.npz"));
        ComputationGraph g = model.graph();
        INDArray start = g.params().dup();
        boolean f32 = type == DataType.FLOAT;

        // 1. one train-mode forward: logits and running statistics
        INDArray feats = g.output(List.of(T3dModel.FEATURES), true, new INDArray[] {input.castTo(type)}, null)[0];
        report(name, type, "train_logits", Golden.relErr(model.logitsOf(feats),
                Golden.read(set.resolve("train_logits.npy"))), f32 ? 1e-4 : 1e-12);
        double worstRunning = 0;
        String worstRunningName = "";
        int runningCount = 0;
        for (Layer layer : g.getLayers()) {
            String vertex = layer.conf().getLayer().getLayerName();
            for (String key : List.of("mean", "var")) {
                if (!layer.paramTable().containsKey(key)) {
                    continue;
                }
                String n = InterchangeNames.of(vertex, key);
                double err = Golden.relErr(layer.getParam(key), Golden.read(set.resolve("train_running/" + n
                        + ".npy")));
                runningCount++;
                if (err > worstRunning) {
                    worstRunning = err;
                    worstRunningName = n;
                }
            }
        }
        assertEquals(Files.list(set.resolve("train_running")).count(), runningCount);
        report(name, type, "train_running (worst: " + worstRunningName + ")", worstRunning, f32 ? 1e-4 : 1e-12);

        // 2. loss, parameter gradients and input gradient from the same starting point
        g.setParams(start);
        INDArray labels = Golden.read(set.resolve("labels.npy"));
        long n = input.size(0);
        INDArray oneHot = Nd4j.zeros(type, n, config.numClasses());
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, labels.getInt(i), 1.0);
        }
        g.setInputs(input.castTo(type));
        g.setLabels(oneHot);
        INDArray gin = InputGradients.computeGradientAndScore(g);
        double loss = Golden.read(set.resolve("train_loss.npy")).getDouble(0);
        report(name, type, "train_loss (relative)", Math.abs(g.score() - loss) / Math.abs(loss), f32 ? 1e-5 : 1e-12);

        // DL4J's gradient is that of the summed loss (the updater divides by the minibatch); the reference is the mean
        Map<String, INDArray> grads = g.gradient().gradientForVariable();
        double globalMax = 0;
        for (Path p : Files.list(set.resolve("grads")).toList()) {
            globalMax = Math.max(globalMax, Transforms.abs(Golden.read(p)).maxNumber().doubleValue());
        }
        double worst = 0;
        String worstName = "";
        int gradCount = 0;
        for (Layer layer : g.getLayers()) {
            String vertex = layer.conf().getLayer().getLayerName();
            for (String key : layer.paramTable().keySet()) {
                if (key.equals("mean") || key.equals("var")) {
                    continue;
                }
                String iname = InterchangeNames.of(vertex, key);
                INDArray ref = Golden.read(set.resolve("grads/" + iname + ".npy"));
                INDArray mine = grads.get(vertex + "_" + key).castTo(DataType.DOUBLE).div(n);
                if (InterchangeNames.CLASSIFIER_VERTEX.equals(vertex) && key.equals("W")) {
                    mine = mine.transpose();
                }
                // README: |java - ref| <= tol * max(max|ref|, floor); floor 1e-3/1e-2 of the set's largest gradient (float32)
                double scale = Math.max(Transforms.abs(ref).maxNumber().doubleValue(), (f32 ? 0.1 : 1e-3) * globalMax);
                double err = Golden.absErr(mine, ref) / Math.max(scale, 1e-300);
                gradCount++;
                if (err > worst) {
                    worst = err;
                    worstName = iname;
                }
            }
        }
        assertEquals(Files.list(set.resolve("grads")).count(), gradCount, "every reference gradient compared");
        report(name, type, "grads, worst tensor (" + worstName + ")", worst, f32 ? 1e-2 : 1e-10);

        assertTrue(gin != null, "input gradient available");
        report(name, type, "grad_input", Golden.relErr(gin.castTo(DataType.DOUBLE).div(n),
                Golden.read(set.resolve("grad_input.npy"))), f32 ? 1e-2 : 1e-10);
    }
}
