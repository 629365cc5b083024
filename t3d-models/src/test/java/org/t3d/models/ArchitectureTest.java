package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact parameter counts, per-stage shapes and MACs of the full-size models (spec §8.1-8.3), computed from the graph
 * configuration only (no parameters or activations are allocated).
 */
class ArchitectureTest {

    static Stream<Arguments> counts() {
        return Stream.of(
                Arguments.of("densenet3d-121", Profile.PAPER, 11_658_896L, 1024L, 62.55, 7.81),
                Arguments.of("densenet3d-169", Profile.PAPER, 19_214_992L, 1664L, 64.86, 8.08),
                Arguments.of("t3d-121", Profile.PAPER, 30_321_552L, 896L, 252.54, 31.56),
                Arguments.of("t3d-169", Profile.PAPER, 38_963_856L, 1408L, 256.29, 32.01),
                Arguments.of("densenet3d-121", Profile.OFFICIAL, 11_658_896L, 1024L, 34.11, Double.NaN),
                Arguments.of("densenet3d-169", Profile.OFFICIAL, 19_214_992L, 1664L, 35.26, Double.NaN),
                Arguments.of("t3d-121", Profile.OFFICIAL, 29_731_728L, 896L, 114.30, Double.NaN),
                Arguments.of("t3d-169", Profile.OFFICIAL, 38_374_032L, 1408L, 116.18, Double.NaN));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("counts")
    void parameterCountsFeatureDimAndMacsMatchTheSpec(String id, Profile profile, long params, long featureDim,
            double gmacs224, double gmacs112) {
        ModelConfig c = T3dModels.config(id, profile);
        assertEquals(400, c.numClasses());
        assertEquals(featureDim, c.featureDim());
        ModelSummary s = ModelSummary.of(c);
        assertEquals(params, s.params(), id + " " + profile + " parameters");
        assertEquals(params, ModelSummary.trainableParams(T3dModels.graphConfiguration(c)));
        assertEquals(gmacs224, s.gmacs(), 0.005, id + " GMACs at 32x224x224");
        if (!Double.isNaN(gmacs112)) {
            assertEquals(gmacs112, ModelSummary.of(c.withInput(16, 112)).gmacs(), 0.005, id + " GMACs at 16x112x112");
        } else {
            // official stem: T collapses to 0 before transition 3 at 16 frames; the error names the layer
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelSummary.of(c.withInput(16, 112)));
            assertTrue(e.getMessage().contains("Layer '"), e.getMessage());
        }
    }

    @Test
    void batchNormWarningFlagsDegenerateBatchStatistics() {
        ModelConfig c = T3dModels.config("densenet3d-121", Profile.PAPER);
        ModelSummary small = ModelSummary.of(c.withInput(16, 32));
        assertEquals(1, small.smallestStageVolume(), "16x32x32: last block at 1x1x1");
        String w = small.batchNormWarning(4).orElseThrow();
        assertTrue(w.contains("batch 4") && w.contains("4 values per channel") && w.contains("at least 16"), w);
        assertTrue(small.batchNormWarning(16).isEmpty());
        ModelSummary paper = ModelSummary.of(c);
        assertEquals(2 * 7 * 7, paper.smallestStageVolume(), "32x224x224: last block at 2x7x7");
        assertTrue(paper.batchNormWarning(1).isEmpty());
    }

    @Test
    void thousandClassesGiveTheOfficialCounts() {
        assertEquals(12_273_896L, ModelSummary.of(DenseNet3dConfig.DENSENET3D_121.withNumClasses(1000)).params());
        assertEquals(20_213_992L, ModelSummary.of(DenseNet3dConfig.DENSENET3D_169.withNumClasses(1000)).params());
    }

    @Test
    void perStageParametersOfT3d121MatchSpec82() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stem", 28_352L);
        expected.put("denseblock1", 777_408L);
        expected.put("ttl1", 2_836_736L);
        expected.put("denseblock2", 2_203_776L);
        expected.put("ttl2", 6_444_288L);
        expected.put("denseblock3", 5_006_592L);
        expected.put("ttl3", 9_592_320L);
        expected.put("denseblock4", 3_071_488L);
        Map<String, Long> actual = new LinkedHashMap<>();
        long head = 0;
        for (ModelSummary.Stage s : ModelSummary.of(T3dConfig.T3D_121).stages()) {
            if (s.name().equals("norm5") || s.name().equals("classifier")) {
                head += s.params();
            } else {
                actual.put(s.name(), s.params());
            }
        }
        assertEquals(expected, actual);
        assertEquals(360_592L, head);
    }

    /** Spec §8.3: C; T×H×W per stage, paper profile. */
    static Stream<Arguments> shapes() {
        List<String> t224 = List.of("16x56x56", "16x56x56", "8x28x28", "8x28x28", "4x14x14", "4x14x14", "2x7x7",
                "2x7x7", "2x7x7");
        List<String> t112 = List.of("8x28x28", "8x28x28", "4x14x14", "4x14x14", "2x7x7", "2x7x7", "1x3x3", "1x3x3",
                "1x3x3");
        return Stream.of(
                Arguments.of("densenet3d-121", List.of(64L, 256L, 128L, 512L, 256L, 1024L, 512L, 1024L, 1024L), t224,
                        t112),
                Arguments.of("densenet3d-169", List.of(64L, 256L, 128L, 512L, 256L, 1280L, 640L, 1664L, 1664L), t224,
                        t112),
                Arguments.of("t3d-121", List.of(64L, 256L, 384L, 768L, 384L, 1152L, 384L, 896L, 896L), t224, t112),
                Arguments.of("t3d-169", List.of(64L, 256L, 384L, 768L, 384L, 1408L, 384L, 1408L, 1408L), t224, t112));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void stageShapesMatchSpec83(String id, List<Long> channels, List<String> at224, List<String> at112) {
        ModelConfig c = T3dModels.config(id, Profile.PAPER);
        check(ModelSummary.of(c), channels, at224);
        check(ModelSummary.of(c.withInput(16, 112)), channels, at112);
    }

    @Test
    void officialProfileShapesAt224() {
        List<String> expected = List.of("8x56x56", "8x56x56", "4x28x28", "4x28x28", "2x14x14", "2x14x14", "1x7x7",
                "1x7x7", "1x7x7");
        check(ModelSummary.of(T3dConfig.T3D_121_OFFICIAL), List.of(64L, 256L, 384L, 768L, 384L, 1152L, 384L, 896L,
                896L), expected);
    }

    private static void check(ModelSummary s, List<Long> channels, List<String> thw) {
        List<ModelSummary.Stage> stages = s.stages();
        assertEquals(10, stages.size(), "9 stages + classifier");
        for (int i = 0; i < 9; i++) {
            long[] sh = stages.get(i).shape();
            assertEquals(channels.get(i) + " " + thw.get(i), sh[0] + " " + sh[1] + "x" + sh[2] + "x" + sh[3],
                    stages.get(i).name());
        }
        assertEquals(s.config().numClasses(), stages.get(9).shape()[0]);
    }

    @Test
    void registryListsTheFourIdsAndAcceptsDeeperTuples() {
        assertEquals(List.of("densenet3d-121", "densenet3d-169", "t3d-121", "t3d-169"), T3dModels.list());
        assertEquals(List.of(6, 12, 48, 32), T3dModels.config("densenet3d-201", null).trunk().blockConfig());
        assertEquals(List.of(6, 12, 64, 48), T3dModels.config("t3d-264", null).trunk().blockConfig());
        assertEquals(T3dConfig.T3D_121, T3dModels.config("t3d-121", Profile.PAPER));
        assertEquals(T3dConfig.T3D_169_OFFICIAL, T3dModels.config("T3D-169", Profile.OFFICIAL));
        assertEquals(DenseNet3dConfig.DENSENET3D_169, T3dModels.config("densenet3d-169", Profile.PAPER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> T3dModels.config("t3d-122",
                null));
        assertTrue(e.getMessage().contains("t3d-121"), e.getMessage());
    }

    @Test
    void summaryTextEndsWithParams() {
        String text = ModelSummary.of(T3dConfig.T3D_121).toText();
        String[] lines = text.split("\n");
        assertEquals("params: 30321552", lines[lines.length - 1]);
        assertTrue(text.contains("ttl1"), text);
    }

    @Test
    void trainingMemoryEstimateGrowsWithBatch() {
        ModelSummary b1 = ModelSummary.of(T3dConfig.T3D_121.withInput(16, 112), 1, ModelOptions.DEFAULTS);
        ModelSummary b4 = ModelSummary.of(T3dConfig.T3D_121.withInput(16, 112), 4, ModelOptions.DEFAULTS);
        assertEquals(4 * b1.activationBytes(), b4.activationBytes());
        assertEquals(b1.parameterBytes(), b4.parameterBytes());
        // params + grads + Nesterov state, float: 3 x 4 bytes x all parameters (running stats included)
        assertEquals(12 * b1.allParams(), b1.parameterBytes());
    }
}
