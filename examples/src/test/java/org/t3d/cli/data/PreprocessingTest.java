package org.t3d.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.TransformConfig;

/** The preprocessing saved with a model: defaults, JSON round trip, transforms, validation. */
class PreprocessingTest {

    @Test
    void defaultsAreImageNetWithTheConventionalShortSide() {
        Preprocessing d = Preprocessing.defaults(32, 224);
        assertEquals(new Preprocessing(32, 1, 256, 224, Normalization.IMAGENET), d);
        assertEquals(128, Preprocessing.defaultShortSide(112));
        assertEquals("32x224x224 clips (frame stride 1), short side 256, ImageNet mean/std", d.describe());
    }

    @Test
    void jsonRoundTripIsExact() {
        Preprocessing kinetics = new Preprocessing(16, 2, 0, 112,
                Normalization.of01(new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f}));
        assertEquals(kinetics, Preprocessing.fromJson(kinetics.toJson(), "x"));
        Preprocessing imagenet = Preprocessing.defaults(8, 24);
        String json = imagenet.toJson();
        assertTrue(json.contains("123.675") && json.contains("57.375"), json);
        assertEquals(imagenet, Preprocessing.fromJson(json, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.fromJson("{\"frames\": 8}", "model.zip"));
        assertTrue(e.getMessage().startsWith("model.zip: ") && e.getMessage().contains("frameStride"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.fromJson("{", "model.zip"));
        assertTrue(e.getMessage().startsWith("model.zip: invalid preprocessing JSON"), e.getMessage());
    }

    @Test
    void transformsCarryTheGeometryAndNormalisation() {
        Preprocessing p = new Preprocessing(8, 1, 37, 32, Normalization.IMAGENET);
        TransformConfig train = p.trainingTransform(CropMode.RANDOM_FIVE_POSITION, 0.5);
        assertEquals(37, train.shortSideMin());
        assertEquals(32, train.cropSize());
        assertEquals(0.5, train.flipProbability());
        assertEquals(Normalization.IMAGENET, train.normalization());
        TransformConfig test = p.testTransform(CropMode.THREE_CROP);
        assertEquals(0.0, test.flipProbability());
        assertEquals(CropMode.THREE_CROP, test.cropMode());
        assertThrows(IllegalArgumentException.class, () -> p.trainingTransform(CropMode.CENTER, 0));
        assertThrows(IllegalArgumentException.class, () -> p.testTransform(CropMode.RANDOM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Preprocessing(8, 1, 28, 32, Normalization.IMAGENET));
        assertTrue(e.getMessage().contains("crop size 32 is larger than the short side 28"), e.getMessage());
        assertEquals(TestCrops.THREE, TestCrops.of(3));
        assertThrows(IllegalArgumentException.class, () -> TestCrops.of(5));
    }
}
