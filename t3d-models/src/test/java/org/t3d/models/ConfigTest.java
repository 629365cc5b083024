package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.TemporalPadding;

/** Presets, profiles, validation and the JSON round trip of the configuration records. */
class ConfigTest {

    static Stream<ModelConfig> configs() {
        return Stream.of(DenseNet3dConfig.DENSENET3D_121, DenseNet3dConfig.DENSENET3D_169,
                DenseNet3dConfig.DENSENET3D_121_OFFICIAL, T3dConfig.T3D_121, T3dConfig.T3D_169,
                T3dConfig.T3D_121_OFFICIAL, T3dConfig.T3D_169_OFFICIAL, TinyConfigs.T3D, TinyConfigs.DENSENET3D,
                T3dConfig.builder().ttl(TtlConfig.PAPER.withPaddingExtra(TemporalPadding.FRONT).withPostConv(false)
                        .withBranchChannels(64)).dropRate(0.2).numClasses(101).input(16, 112).build(),
                DenseNet3dConfig.builder().compression(0.25).transitionPool(Dims3.of(1, 2, 2), Dims3.of(1, 2, 2))
                        .blockConfig(3, 4, 5).build());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void jsonRoundTripIsExact(ModelConfig c) {
        ModelConfig back = ModelConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.toJson(), back.toJson());
    }

    @Test
    void presetsAreProfilesOfEachOther() {
        assertEquals(Profile.PAPER, T3dConfig.T3D_121.profile());
        assertEquals(Profile.OFFICIAL, T3dConfig.T3D_121_OFFICIAL.profile());
        assertEquals(T3dConfig.T3D_121, T3dConfig.T3D_121_OFFICIAL.withProfile(Profile.PAPER));
        assertEquals(List.of(List.of(1, 3, 4), List.of(1, 3, 4), List.of(1, 3, 4)),
                T3dConfig.T3D_121_OFFICIAL.ttl().depths());
        assertEquals(Dims3.cube(2), DenseNet3dConfig.DENSENET3D_121_OFFICIAL.trunk().stem().poolStride());
        assertEquals(Dims3.of(1, 2, 2), DenseNet3dConfig.DENSENET3D_121.trunk().stem().poolStride());
        assertEquals(T3dConfig.T3D_169, T3dConfig.T3D_121.withBlockConfig(List.of(6, 12, 32, 32)));
        assertNull(T3dConfig.T3D_121.withTtl(TtlConfig.PAPER.withDepths(List.of(List.of(1, 5), List.of(1, 5),
                List.of(1, 5)))).profile());
        assertEquals(101, T3dConfig.T3D_121.withNumClasses(101).numClasses());
        assertNotEquals(T3dConfig.T3D_121, T3dConfig.T3D_121.withNumClasses(101));
        assertEquals("t3d", T3dConfig.T3D_121.family());
        assertEquals("densenet3d", DenseNet3dConfig.DENSENET3D_121.family());
        // a three-block T3D gets two TTLs from the profile
        assertEquals(2, T3dConfig.T3D_121.withBlockConfig(List.of(2, 2, 2)).ttl().depths().size());
    }

    @Test
    void validationNamesTheKnob() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> T3dConfig.builder().growthRate(0).build())
                .getMessage().contains("growth rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> T3dConfig.builder()
                .ttlDepths(List.of(List.of(1, 3))).build()).getMessage().contains("TTL depth lists"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DenseNet3dConfig.builder().compression(1.5)
                .build()).getMessage().contains("compression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> T3dConfig.T3D_121.withNumClasses(0))
                .getMessage().contains("classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Profile.parse("keras")).getMessage()
                .contains("'paper' or 'official'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson("{\"model\":\"r3d\"}"))
                .getMessage().contains("r3d"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson("{\"growth_rate\":4}"))
                .getMessage().contains("\"model\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson("{oops"))
                .getMessage().contains("invalid model config JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson(
                "{\"model\":\"t3d\",\"ttl\":{\"padding_extra\":\"middle\"}}")).getMessage().contains("padding_extra"));
    }

    @Test
    void shortJsonTakesPaperDefaults() {
        assertEquals(T3dConfig.T3D_121.withNumClasses(101),
                ModelConfig.fromJson("{\"model\": \"t3d\", \"num_classes\": 101}"));
    }

    @Test
    void goldenManifestsMapToTheTinyConfigs() throws IOException {
        ModelConfig t3d = ModelConfig.fromJson(Files.readString(Golden.set("tiny_t3d").resolve("manifest.json")));
        assertEquals(TinyConfigs.T3D.withInput(32, 64), t3d);
        ModelConfig dn = ModelConfig.fromJson(Files.readString(Golden.set("tiny_densenet3d").resolve(
                "manifest.json")));
        assertEquals(TinyConfigs.DENSENET3D.withInput(32, 64), dn);
    }
}
