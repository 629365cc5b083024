package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.models.io.LoadReport;
import org.t3d.models.io.Npz;
import org.t3d.models.io.WeightExporter;
import org.t3d.models.io.WeightImportException;
import org.t3d.models.io.WeightImporter;

/** Model API, zip save/load with the config entry, clear errors, and weight import/export on tiny models. */
class ModelIoTest {

    private static INDArray clip(long n, long t, long s) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.randn(DataType.FLOAT, n, 3, t, s, s);
    }

    @Test
    void predictFeaturesAndStagesAnyInputSize() {
        T3dModel m = T3dModels.build(TinyConfigs.T3D, ModelOptions.DEFAULTS);
        assertEquals(List.of("stem", "denseblock1", "ttl1", "denseblock2", "ttl2", "denseblock3", "ttl3",
                "denseblock4", "norm5"), List.copyOf(m.stageVertices().keySet()));
        assertEquals("head/norm5", m.stageVertices().get("norm5"));
        assertEquals("ttl2/pool", m.stageVertices().get("ttl2"));
        for (long[] in : new long[][] {{2, 16, 32}, {1, 20, 40}}) {
            INDArray x = clip(in[0], in[1], in[2]);
            INDArray p = m.predict(x);
            assertArrayEquals(new long[] {in[0], 5}, p.shape());
            assertEquals(in[0], p.sumNumber().doubleValue(), 1e-4);
            assertArrayEquals(new long[] {in[0], TinyConfigs.T3D.featureDim()}, m.features(x).shape());
            assertEquals(m.stageActivations(x, false).size(), 9);
        }
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> m.predict(clip(1, 12, 40)));
        assertTrue(small.getMessage().contains("'ttl3/pool'") && small.getMessage().contains("1×2×2"),
                small.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(Nd4j.zeros(DataType.FLOAT, 1, 16, 3, 32, 32)));
        assertTrue(e.getMessage().contains("[N, 3, T, H, W] (NCDHW)") && e.getMessage().contains("[1, 16, 3, 32, 32]"),
                e.getMessage());
    }

    @Test
    void registryCreateAppliesOptions() {
        T3dModel m = T3dModels.create("t3d-121", ModelOptions.builder().numClasses(7).build());
        assertEquals(7, m.config().numClasses());
        assertEquals(30_321_552L - 400 * 896 - 400 + 7 * 896 + 7, m.numTrainableParams());
    }

    @Test
    void saveLoadRoundTripIsIdentical(@TempDir Path tmp) throws IOException {
        T3dModel m = T3dModels.build(TinyConfigs.T3D, ModelOptions.DEFAULTS);
        INDArray x = clip(2, 16, 32);
        m.graph().output(true, x); // train-mode forward: running statistics leave their init values
        Path zip = tmp.resolve("m.zip");
        m.save(zip);
        T3dModel back = T3dModel.load(zip);
        assertEquals(m.config(), back.config());
        assertEquals(m.graph().params(), back.graph().params());
        assertEquals(m.predict(x), back.predict(x));
        assertEquals(m.stageVertices(), back.stageVertices());
    }

    @Test
    void loadErrorsAreClear(@TempDir Path tmp) throws IOException {
        T3dModel m = T3dModels.build(TinyConfigs.DENSENET3D, ModelOptions.DEFAULTS);
        Path zip = tmp.resolve("m.zip");
        m.save(zip);

        Path garbage = tmp.resolve("garbage.zip");
        Files.write(garbage, "not a zip".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> T3dModel.load(garbage)).getMessage()
                .contains("not a readable zip"));
        assertTrue(assertThrows(IOException.class, () -> T3dModel.load(tmp.resolve("absent.zip"))).getMessage()
                .contains("does not exist"));

        Path plain = tmp.resolve("plain.zip");
        Files.copy(zip, plain);
        try (FileSystem fs = FileSystems.newFileSystem(plain, Map.<String, Object>of())) {
            Files.delete(fs.getPath(T3dModel.CONFIG_ENTRY));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> T3dModel.load(plain)).getMessage()
                .contains("not a T3D-J model zip"));

        Path lying = tmp.resolve("lying.zip");
        Files.copy(zip, lying);
        try (FileSystem fs = FileSystems.newFileSystem(lying, Map.<String, Object>of())) {
            Files.writeString(fs.getPath(T3dModel.CONFIG_ENTRY), TinyConfigs.DENSENET3D.withBlockConfig(
                    List.of(2, 3, 2, 2)).toJson());
        }
        String msg = assertThrows(IllegalArgumentException.class, () -> T3dModel.load(lying)).getMessage();
        assertTrue(msg.contains("does not match") && msg.contains("block2/layer03"), msg);

        T3dModel other = T3dModels.build(TinyConfigs.T3D, ModelOptions.DEFAULTS);
        msg = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(zip)).getMessage();
        assertTrue(msg.contains("architectures differ") && msg.contains("family t3d vs densenet3d"), msg);
        T3dModel moreClasses = T3dModels.build(TinyConfigs.DENSENET3D.withNumClasses(9), ModelOptions.DEFAULTS);
        msg = assertThrows(IllegalArgumentException.class, () -> moreClasses.loadWeights(zip)).getMessage();
        assertTrue(msg.contains("\"num_classes\" : 9") && msg.contains("\"num_classes\" : 5"), msg);

        T3dModel same = T3dModels.build(TinyConfigs.DENSENET3D.withInput(16, 48), ModelOptions.builder().seed(99)
                .build());
        assertNotEquals(m.graph().params(), same.graph().params());
        same.loadWeights(zip);
        assertEquals(m.graph().params(), same.graph().params());
    }

    @Test
    void exportImportRoundTripAndReportModes(@TempDir Path tmp) throws IOException {
        T3dModel a = T3dModels.build(TinyConfigs.T3D, ModelOptions.DEFAULTS);
        T3dModel b = T3dModels.build(TinyConfigs.T3D, ModelOptions.builder().seed(1).build());
        Path npz = tmp.resolve("state.npz");
        WeightExporter.write(a, npz);
        Map<String, INDArray> state = Npz.read(npz);
        assertTrue(state.containsKey("features.ttl1.branch3.conv.weight"));
        assertArrayEquals(new long[] {6, 16, 6, 3, 3}, state.get("features.ttl1.branch3.conv.weight").shape());
        assertArrayEquals(new long[] {5, 26}, state.get("classifier.weight").shape());
        LoadReport r = WeightImporter.strict().load(b, npz);
        assertTrue(r.isClean(), r.toText());
        INDArray x = clip(1, 16, 32);
        assertEquals(a.predict(x), b.predict(x));

        // strict failure leaves the model unchanged and names the problems
        Map<String, INDArray> broken = new LinkedHashMap<>(state);
        broken.remove("features.norm5.running_var");
        broken.put("features.extra.weight", Nd4j.ones(3));
        broken.put("features.conv0.weight", Nd4j.ones(DataType.FLOAT, 8, 3, 3, 5, 5));
        broken.put("features.norm0.num_batches_tracked", Nd4j.scalar(3L));
        T3dModel c = T3dModels.build(TinyConfigs.T3D, ModelOptions.builder().seed(2).build());
        INDArray before = c.graph().params().dup();
        WeightImportException e = assertThrows(WeightImportException.class,
                () -> WeightImporter.strict().load(c.graph(), broken, "broken"));
        assertEquals(before, c.graph().params());
        assertEquals(List.of("features.norm5.running_var"), e.report().missing());
        assertEquals(List.of("features.extra.weight"), e.report().unexpected());
        assertEquals("features.conv0.weight", e.report().mismatched().get(0).name());
        assertEquals(List.of("features.norm0.num_batches_tracked"), e.report().ignored());
        assertTrue(e.getMessage().contains("features.conv0.weight: model [8, 3, 3, 7, 7], file [8, 3, 3, 5, 5]"),
                e.getMessage());
        // lenient loads the rest
        LoadReport lr = WeightImporter.builder().lenient().build().load(c.graph(), broken, "broken");
        assertEquals(state.size() - 2, lr.loaded().size());
        assertEquals(a.graph().getLayer("ttl2/branch2/conv").getParam("W"),
                c.graph().getLayer("ttl2/branch2/conv").getParam("W"));

        // another class count: strict fails on the classifier, skip re-initialises it and loads everything else
        T3dModel d = T3dModels.build(TinyConfigs.T3D.withNumClasses(3), ModelOptions.DEFAULTS);
        WeightImportException e2 = assertThrows(WeightImportException.class,
                () -> WeightImporter.strict().load(d, npz));
        assertTrue(e2.getMessage().contains("classifier.weight"), e2.getMessage());
        LoadReport skip = WeightImporter.builder().skipClassifierOnMismatch(true).build().load(d, npz);
        assertTrue(skip.isClean(), skip.toText());
        assertEquals(List.of("classifier.weight", "classifier.bias"), skip.skipped());
        assertEquals(a.features(x), d.features(x));
        assertEquals(0.0, d.graph().getLayer("head/fc").getParam("b").sumNumber().doubleValue());
    }
}
