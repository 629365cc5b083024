package org.t3d.transfer.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.blocks.BatchNormSettings;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.layers.Shapes;
import org.t3d.transfer.testutil.EpsilonProbe;
import org.t3d.transfer.testutil.Golden;

/**
 * Parity of the depth-1-3D DenseNet teacher with torchvision ({@code ../shared/golden/tiny_densenet2d}): eval-mode
 * activations, features and logits, and train-mode loss, logits, parameter and input gradients, running stats,
 * in float32 and float64.
 */
class TeacherGoldenTest {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherGoldenTest.class);
    private static final String SET = "tiny_densenet2d";

    static DenseNet2dConfig configFrom(JsonNode manifest) {
        JsonNode c = manifest.get("config");
        assertEquals("[7,7]", c.at("/stem/conv_kernel").toString());
        assertEquals("[2,2]", c.at("/stem/conv_stride").toString());
        assertEquals("[3,3]", c.at("/stem/conv_padding").toString());
        assertEquals("[3,3]", c.at("/stem/pool_kernel").toString());
        assertEquals("[2,2]", c.at("/stem/pool_stride").toString());
        assertEquals("[1,1]", c.at("/stem/pool_padding").toString());
        assertEquals("[2,2]", c.at("/transition_pool/kernel").toString());
        List<Integer> blocks = new ArrayList<>();
        c.get("block_config").forEach(n -> blocks.add(n.asInt()));
        return DenseNet2dConfig.builder()
                .growthRate(c.get("growth_rate").asInt())
                .blockConfig(blocks)
                .numInitFeatures(c.get("num_init_features").asInt())
                .bnSize(c.get("bn_size").asInt())
                .compression(c.get("compression").asDouble())
                .inChannels(c.get("in_channels").asInt())
                .numClasses(c.get("num_classes").asInt())
                .bn(new BatchNormSettings(c.at("/batchnorm/eps").asDouble(), c.at("/batchnorm/momentum").asDouble()))
                .build();
    }

    /** NCHW [N,C,H,W] → NCDHW [N,C,1,H,W]. */
    static INDArray frames(INDArray nchw, DataType dtype) {
        long[] s = nchw.shape();
        return nchw.castTo(dtype).reshape('c', s[0], s[1], 1, s[2], s[3]).dup('c');
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void evalMatchesTorchvision(DataType dtype) throws Exception {
        Path set = Golden.set(SET);
        DenseNet2dConfig cfg = configFrom(Golden.manifest(set));
        assertEquals(16, cfg.featureDim());
        ComputationGraph g = DenseNet2dBuilder.build(cfg, 1, 64, 64, dtype);
        long[] counts = TeacherWeights.countParameters(g, cfg, "");
        assertEquals(Golden.manifest(set).at("/weights/num_parameters").asLong(), counts[0]);
        assertEquals(g.numParams(), counts[0] + counts[1]);
        ImportReport r = TeacherWeights.load(g, cfg, "", StateDicts.readNpz(set.resolve("weights.npz")), true);
        assertTrue(r.complete() && r.unexpected().isEmpty(), r.toString());

        Map<String, INDArray> acts = g.feedForward(new INDArray[] {frames(Golden.npy(set, "input.npy"), dtype)}, false);
        double tol = dtype == DataType.DOUBLE ? 1e-10 : 1e-4;
        DenseNet2dBuilder.Outputs names = DenseNet2dBuilder.append(dummyBuilder(), cfg, "",
                BlockOutput.of("input", 3, 1, 64, 64));
        double worst = 0;
        for (Map.Entry<String, String> st : names.stages().entrySet()) {
            INDArray ref = st.getKey().equals("act_norm5_relu")
                    ? org.nd4j.linalg.ops.transforms.Transforms.relu(Golden.npy(set, "act_norm5.npy"), true)
                    : Golden.npy(set, st.getKey() + ".npy");
            double e = Golden.relErr(acts.get(st.getValue()), ref);
            LOG.info("{} {} ({}): rel err {}", dtype, st.getKey(), st.getValue(), e);
            assertTrue(e <= tol, st.getKey() + " rel err " + e);
            worst = Math.max(worst, e);
        }
        double ef = Golden.relErr(acts.get(names.features()), Golden.npy(set, "features.npy"));
        double el = Golden.relErr(acts.get(names.logits()), Golden.npy(set, "logits.npy"));
        LOG.info("{} golden eval: features {}, logits {}, worst act {}", dtype, ef, el, worst);
        assertTrue(ef <= tol, "features rel err " + ef);
        assertTrue(el <= tol, "logits rel err " + el);

        // Round trip of the export.
        Map<String, INDArray> exported = TeacherWeights.export(g, cfg, "");
        Map<String, INDArray> ref = StateDicts.readNpz(set.resolve("weights.npz"));
        assertEquals(ref.keySet(), exported.keySet());
        for (String k : ref.keySet()) {
            assertArrayEquals(ref.get(k).shape(), exported.get(k).shape(), k);
            assertEquals(0.0, Golden.absErr(exported.get(k), ref.get(k)), k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void trainModeMatchesTorchvision(DataType dtype) throws Exception {
        Path set = Golden.set(SET);
        DenseNet2dConfig cfg = configFrom(Golden.manifest(set));
        GraphBuilder gb = new NeuralNetConfiguration.Builder().dataType(dtype).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("input").setInputTypes(Shapes.ncdhw(1, 64, 64, 3));
        // An identity vertex after the input whose epsilon is dL/d input (input vertices keep none).
        gb.addVertex("probe", new EpsilonProbe("probe"), "input");
        DenseNet2dBuilder.Outputs out = DenseNet2dBuilder.append(gb, cfg, "", BlockOutput.of("probe", 3, 1, 64, 64));
        gb.addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .build(), out.logits());
        gb.setOutputs("loss");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        TeacherWeights.load(g, cfg, "", StateDicts.readNpz(set.resolve("weights.npz")), true);

        INDArray x = frames(Golden.npy(set, "train_input.npy"), dtype);
        INDArray labels = Golden.npy(set, "labels.npy");
        INDArray oneHot = Nd4j.zeros(dtype, labels.length(), cfg.numClasses());
        for (int i = 0; i < labels.length(); i++) {
            oneHot.putScalar(i, labels.getInt(i), 1.0);
        }
        EpsilonProbe.LAST.set(null);
        g.setInputs(x);
        g.setLabels(oneHot);
        g.computeGradientAndScore();
        double loss = g.score();
        double refLoss = Golden.npy(set, "train_loss.npy").getDouble(0);
        double lossErr = Math.abs(loss - refLoss) / Math.abs(refLoss);
        boolean f64 = dtype == DataType.DOUBLE;
        assertTrue(lossErr <= (f64 ? 1e-10 : 1e-5), "train loss " + loss + " vs " + refLoss);

        // Parameter gradients (absolute floor 1e-3 · largest gradient of the set, as the golden README asks).
        Gradient grad = g.gradient();
        Map<String, INDArray> grads = new java.util.LinkedHashMap<>();
        double globalMax = 0;
        for (TorchvisionNames.Entry e : TorchvisionNames.entries(cfg, "")) {
            if (e.runningStat()) {
                continue;
            }
            INDArray ref = Golden.npy(set, "grads/" + e.key() + ".npy");
            globalMax = Math.max(globalMax, ref.amaxNumber().doubleValue());
            INDArray gv = grad.getGradientFor(e.vertex() + "_" + e.param());
            assertNotNull(gv, "no gradient for " + e.vertex() + "_" + e.param());
            // DL4J's raw gradients are of the summed loss (the updater divides by the minibatch size).
            gv = gv.div(x.size(0));
            grads.put(e.key(), e.kind() == TorchvisionNames.Kind.LINEAR_WEIGHT ? gv.transpose() : gv);
        }
        double worstGrad = 0;
        for (Map.Entry<String, INDArray> ge : grads.entrySet()) {
            INDArray ref = Golden.npy(set, "grads/" + ge.getKey() + ".npy");
            double abs = Golden.absErr(ge.getValue(), ref);
            double denom = Math.max(ref.amaxNumber().doubleValue(), 1e-3 * globalMax);
            double e = abs / denom;
            worstGrad = Math.max(worstGrad, e);
            assertTrue(e <= (f64 ? 1e-8 : 1e-2), ge.getKey() + " gradient err " + e + ": "
                    + ge.getValue().reshape(-1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)) + " vs "
                    + ref.reshape(-1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)));
        }
        INDArray inputEps = EpsilonProbe.LAST.get();
        assertNotNull(inputEps, "no epsilon at the probe vertex");
        double gin = Golden.relErr(inputEps.div(x.size(0)), Golden.npy(set, "grad_input.npy"));
        assertTrue(gin <= (f64 ? 1e-8 : 1e-2), "grad_input err " + gin);

        // Running statistics after that one train-mode forward.
        double worstRun = 0;
        for (TorchvisionNames.Entry e : TorchvisionNames.entries(cfg, "")) {
            if (!e.runningStat()) {
                continue;
            }
            String bnKey = e.key();
            INDArray ref = Golden.npy(set, "train_running/" + bnKey + ".npy");
            double err = Golden.relErr(TeacherWeights.param(g, e), ref);
            worstRun = Math.max(worstRun, err);
            assertTrue(err <= (f64 ? 1e-10 : 1e-4), bnKey + " running stat err " + err);
        }

        // Train-mode logits, from a fresh copy of the weights.
        TeacherWeights.load(g, cfg, "", StateDicts.readNpz(set.resolve("weights.npz")), true);
        INDArray logits = g.feedForward(new INDArray[] {x}, true).get(out.logits());
        double lg = Golden.relErr(logits, Golden.npy(set, "train_logits.npy"));
        assertTrue(lg <= (f64 ? 1e-10 : 1e-4), "train logits err " + lg);
        LOG.info("{} golden train: loss {}, logits {}, worst grad {}, grad_input {}, running {}", dtype, lossErr, lg,
                worstGrad, gin, worstRun);
    }

    private static GraphBuilder dummyBuilder() {
        return new NeuralNetConfiguration.Builder().graphBuilder().addInputs("input");
    }

}
