package org.t3d.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.cli.data.Preprocessing;
import org.t3d.data.transform.Normalization;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

/** Models saved with their preprocessing, and older model zips without it. */
class LoadedModelTest {

    private static T3dModel tiny() {
        return T3dModels.build(DenseNet3dConfig.builder().growthRate(4).blockConfig(1, 1, 1).numInitFeatures(8)
                .numClasses(3).input(8, 24).build(), ModelOptions.DEFAULTS);
    }

    @Test
    void savedModelsKeepTheirPreprocessingAndLabels(@TempDir Path tmp) throws Exception {
        Preprocessing kinetics = new Preprocessing(8, 2, 0, 24,
                Normalization.of01(new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f}));
        T3dModel model = tiny();
        Path zip = new LoadedModel(model, List.of("a", "b", "c"), kinetics).save(tmp.resolve("run"));
        assertEquals(tmp.resolve("run/model.zip"), zip);
        LoadedModel back = LoadedModel.load(zip, null);
        assertEquals(kinetics, back.preprocessing());
        assertEquals(List.of("a", "b", "c"), back.labels());
        assertEquals(model.graph().params(), back.model().graph().params());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadedModel.load(zip, Files.writeString(tmp.resolve("two.txt"), "x\ny\n")));
        assertTrue(e.getMessage().contains("3 classes but 2 class names"), e.getMessage());
    }

    @Test
    void olderModelZipsLoadWithTheDefaults(@TempDir Path tmp) throws Exception {
        Path zip = tmp.resolve("old.zip");
        tiny().save(zip); // a plain T3D-J model zip: no preprocessing entry, no labels.txt
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertNull(z.getEntry(Preprocessing.ZIP_ENTRY));
        }
        LoadedModel m = LoadedModel.load(zip, null);
        assertEquals(new Preprocessing(8, 1, 27, 24, Normalization.IMAGENET), m.preprocessing());
        assertEquals(List.of("class0", "class1", "class2"), m.labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadedModel.load(tmp.resolve("none.zip"), null));
        assertTrue(e.getMessage().contains("none.zip' does not exist"), e.getMessage());
    }
}
