package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.t3d.models.io.InterchangeNames;
import org.t3d.models.io.LoadReport;
import org.t3d.models.io.WeightExporter;
import org.t3d.models.io.WeightImporter;

/**
 * Standard vs memory-efficient dense layers on tiny DenseNet3D and T3D models with identical weights, in double
 * precision: outputs, loss, every parameter gradient, the input gradient, the running statistics of a training
 * forward pass and every parameter after one training step (Nesterov with weight decay) agree to ≤ 1e-12 relative.
 */
class MemoryEfficientEquivalenceTest {

    private static final double TOL = 1e-12;

    @BeforeAll
    static void seed() {
        Nd4j.getRandom().setSeed(20240531L);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("densenet3d", WorkspaceMode.ENABLED),
                Arguments.of("densenet3d", WorkspaceMode.NONE),
                Arguments.of("t3d", WorkspaceMode.ENABLED));
    }

    private static ModelConfig config(String family) {
        return family.equals("t3d") ? TinyConfigs.T3D : TinyConfigs.DENSENET3D;
    }

    private static T3dModel build(String family, WorkspaceMode mode, boolean memoryEfficient) {
        // default updater (Nesterov 0.1/0.9) and weight decay 1e-4: the training step exercises both
        T3dModel m = T3dModels.build(config(family), ModelOptions.builder().dataType(DataType.DOUBLE)
                .workspaceMode(mode).memoryEfficient(memoryEfficient).inputGradient(true).build());
        assertEquals(memoryEfficient, m.isMemoryEfficient());
        return m;
    }

    /** Non-trivial γ, β and running statistics in every BN (norm1 of the fused layers included). */
    private static void randomiseBatchNorms(ComputationGraph g) {
        for (Layer l : g.getLayers()) {
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey("gamma")) {
                p.get("gamma").assign(Nd4j.rand(DataType.DOUBLE, p.get("gamma").shape()).addi(0.5));
                p.get("beta").assign(Nd4j.rand(DataType.DOUBLE, p.get("beta").shape()).subi(0.5));
                p.get("mean").assign(Nd4j.rand(DataType.DOUBLE, p.get("mean").shape()).subi(0.5));
                p.get("var").assign(Nd4j.rand(DataType.DOUBLE, p.get("var").shape()).addi(0.5));
            }
        }
    }

    /** @return interchange name → gradient (divided by nothing: both graphs report the summed-loss gradient) */
    private static Map<String, INDArray> gradientsByName(ComputationGraph g) {
        Map<String, INDArray> grads = g.gradient().gradientForVariable();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Layer l : g.getLayers()) {
            String vertex = l.conf().getLayer().getLayerName();
            for (String key : l.paramTable().keySet()) {
                if (!key.equals("mean") && !key.equals("var")) {
                    out.put(InterchangeNames.of(vertex, key), grads.get(vertex + "_" + key).dup());
                }
            }
        }
        return out;
    }

    private static double relErr(INDArray actual, INDArray ref) {
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(ref.shape());
        double diff = Transforms.abs(a.sub(ref)).maxNumber().doubleValue();
        double scale = Transforms.abs(ref).maxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    /** Every tensor of {@code ref} is in {@code actual} (and no other) and agrees to {@link #TOL} relative. */
    private static void assertSameTensors(Map<String, INDArray> ref, Map<String, INDArray> actual, String what) {
        assertEquals(ref.keySet(), actual.keySet(), what + ": same tensor names");
        double worst = 0;
        String worstName = "";
        for (Map.Entry<String, INDArray> e : ref.entrySet()) {
            double err = relErr(actual.get(e.getKey()), e.getValue());
            if (err > worst || Double.isNaN(err)) {
                worst = err;
                worstName = e.getKey();
            }
        }
        assertTrue(worst <= TOL, what + ": worst " + worstName + " " + worst + " > " + TOL);
    }

    private static INDArray[] trainingStep(ComputationGraph g, INDArray x, INDArray labels, boolean captureInput) {
        g.setInputs(x);
        g.setLabels(labels);
        if (!captureInput) { // with workspaces the input epsilon is released before the listener could copy it
            g.computeGradientAndScore();
            return new INDArray[1];
        }
        return new INDArray[] {InputGradients.computeGradientAndScore(g)};
    }

    @ParameterizedTest(name = "{0}, workspaces {1}")
    @MethodSource("cases")
    void standardAndMemoryEfficientAgreeInEveryQuantity(String family, WorkspaceMode mode) {
        T3dModel std = build(family, mode, false);
        T3dModel eff = build(family, mode, true);
        randomiseBatchNorms(std.graph());
        // the same interchange tensors load into both variants
        LoadReport r = WeightImporter.strict().load(eff.graph(),
                WeightExporter.toInterchange(std.graph(), DataType.DOUBLE), "standard model");
        assertTrue(r.isClean(), r.toText());
        assertSameTensors(WeightExporter.toInterchange(std.graph(), DataType.DOUBLE),
                WeightExporter.toInterchange(eff.graph(), DataType.DOUBLE), "exported weights");
        assertEquals(std.numTrainableParams(), eff.numTrainableParams());
        assertEquals(std.graph().numParams(), eff.graph().numParams());

        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 16, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 5);
        labels.putScalar(0, 1, 1.0);
        labels.putScalar(1, 3, 1.0);

        // inference outputs
        assertTrue(relErr(eff.logits(x), std.logits(x)) <= TOL, "inference logits");

        // loss, parameter gradients, input gradient (train-mode forward: running statistics updated once)
        boolean captureInput = mode == WorkspaceMode.NONE; // with workspaces the input epsilon is released early
        INDArray gin0 = trainingStep(std.graph(), x, labels, captureInput)[0];
        INDArray gin1 = trainingStep(eff.graph(), x, labels, captureInput)[0];
        double loss = std.graph().score();
        assertEquals(loss, eff.graph().score(), TOL * Math.abs(loss), "loss");
        assertSameTensors(gradientsByName(std.graph()), gradientsByName(eff.graph()), "gradients");
        if (captureInput) {
            assertTrue(gin0 != null && gin1 != null);
            assertTrue(relErr(gin1, gin0) <= TOL, "input gradient " + relErr(gin1, gin0));
        }
        assertSameTensors(WeightExporter.toInterchange(std.graph(), DataType.DOUBLE),
                WeightExporter.toInterchange(eff.graph(), DataType.DOUBLE),
                "parameters and running statistics after the training forward pass");

        // one full training step (fit: forward, backward, Nesterov + weight decay, running statistics)
        std.graph().fit(new INDArray[] {x}, new INDArray[] {labels});
        eff.graph().fit(new INDArray[] {x}, new INDArray[] {labels});
        assertSameTensors(WeightExporter.toInterchange(std.graph(), DataType.DOUBLE),
                WeightExporter.toInterchange(eff.graph(), DataType.DOUBLE), "parameters after one training step");
        assertTrue(relErr(eff.logits(x), std.logits(x)) <= TOL, "inference logits after one training step");
    }

    @Test
    void summaryParameterCountsAndMacsAreIdenticalActivationEstimateDrops() {
        for (ModelConfig c : List.of(TinyConfigs.DENSENET3D, TinyConfigs.T3D,
                T3dModels.config("densenet3d-121", Profile.PAPER).withInput(16, 112))) {
            ModelSummary a = ModelSummary.of(c, 4, ModelOptions.DEFAULTS);
            ModelSummary b = ModelSummary.of(c, 4, ModelOptions.builder().memoryEfficient(true).build());
            assertEquals(a.params(), b.params(), c.family() + " trainable parameters");
            assertEquals(a.allParams(), b.allParams(), c.family() + " all parameters");
            assertEquals(a.macs(), b.macs(), c.family() + " MACs");
            for (int i = 0; i < a.stages().size(); i++) {
                assertEquals(a.stages().get(i).params(), b.stages().get(i).params(), a.stages().get(i).name());
                assertEquals(a.stages().get(i).macs(), b.stages().get(i).macs(), a.stages().get(i).name());
            }
            assertTrue(b.activationElements() < a.activationElements(), "no norm1 outputs, one shared concat buffer per dense block");
        }
    }

    @Test
    void memoryEfficientModelSavesLoadsAndSharesWeightsWithTheStandardOne(@TempDir Path dir) throws Exception {
        T3dModel std = build("densenet3d", WorkspaceMode.ENABLED, false);
        T3dModel eff = build("densenet3d", WorkspaceMode.ENABLED, true);
        randomiseBatchNorms(std.graph());
        eff.copyWeightsFrom(std);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 3, 16, 32, 32);
        // logits, not softmax: with random running statistics the softmax of both saturates to the same one-hot
        assertTrue(relErr(eff.logits(x), std.logits(x)) <= TOL);

        Path zip = dir.resolve("eff.zip");
        eff.save(zip);
        T3dModel back = T3dModel.load(zip);
        assertTrue(back.isMemoryEfficient());
        assertEquals(eff.logits(x), back.logits(x));

        T3dModel fresh = build("densenet3d", WorkspaceMode.ENABLED, false);
        assertFalse(relErr(fresh.logits(x), std.logits(x)) <= TOL);
        fresh.loadWeights(zip); // memory-efficient zip into a standard model
        assertTrue(relErr(fresh.logits(x), std.logits(x)) <= TOL);
    }
}
