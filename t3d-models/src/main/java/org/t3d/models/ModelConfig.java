package org.t3d.models;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.t3d.core.blocks.BlockOutput;

/**
 * A complete, immutable model configuration: DenseNet3D ({@link DenseNet3dConfig}) or T3D ({@link T3dConfig}).
 * Every knob of the spec is a field; the presets are constants of the two records; profiles are applied with
 * {@link #withProfile(Profile)}. Configurations round-trip through JSON ({@link #toJson()}, {@link #fromJson}),
 * whose keys are those of the golden {@code manifest.json} {@code config} object.
 */
public sealed interface ModelConfig permits DenseNet3dConfig, T3dConfig {

    /** @return {@code densenet3d} or {@code t3d} */
    String family();

    /** @return stem, dense blocks, transition pooling and BN constants */
    DenseTrunk trunk();

    /** @return number of classes of the classifier */
    int numClasses();

    /** @return nominal clip length T (frames) used for shape inference and reports */
    int inputFrames();

    /** @return nominal clip height = width used for shape inference and reports */
    int inputSize();

    /** @return a copy with another number of classes */
    ModelConfig withNumClasses(int classes);

    /** @return a copy with another nominal input (T frames of size×size) */
    ModelConfig withInput(int frames, int size);

    /** @return a copy with the knobs of {@code profile} applied (stem pool stride; TTL depths for T3D) */
    ModelConfig withProfile(Profile profile);

    /** @return a copy with another trunk */
    ModelConfig withTrunk(DenseTrunk trunk);

    /** @return a copy with another block tuple (e.g. (6,12,48,32) for 201) */
    default ModelConfig withBlockConfig(List<Integer> blocks) {
        return withTrunk(trunk().withBlockConfig(blocks));
    }

    /**
     * Stage name of transition {@code t}: {@code transition<t>} or {@code ttl<t>}; also its vertex prefix.
     *
     * @param t 1-based transition index
     * @return the stage name
     */
    String transitionStage(int t);

    /**
     * Channels after transition {@code t}.
     *
     * @param t          1-based transition index
     * @param inChannels channels entering it
     * @return channels leaving it
     */
    long transitionOutChannels(int t, long inChannels);

    /**
     * Appends transition {@code t} (a DenseNet transition or a TTL) under {@link #transitionStage(int)}.
     *
     * @param graph graph under construction
     * @param t     1-based transition index
     * @param in    the dense block output it follows
     * @return its output vertex and type
     */
    BlockOutput appendTransition(GraphBuilder graph, int t, BlockOutput in);

    /** @return the profile whose knobs this configuration has, or null when it matches neither */
    Profile profile();

    /** @return width of the pooled feature vector (channels after the last dense block) */
    default long featureDim() {
        DenseTrunk tr = trunk();
        long c = tr.numInitFeatures();
        for (int b = 1; b <= tr.numBlocks(); b++) {
            c += (long) tr.blockConfig().get(b - 1) * tr.growthRate();
            if (b < tr.numBlocks()) {
                c = transitionOutChannels(b, c);
            }
        }
        return c;
    }

    /** @return the configuration as JSON (golden {@code manifest.json} {@code config} keys, plus {@code input}) */
    default String toJson() {
        return ConfigJson.write(this);
    }

    /**
     * Parses a configuration written by {@link #toJson()}, a golden {@code manifest.json}, or its {@code config}
     * object. Missing knobs take the paper-profile defaults; {@code model} ({@code densenet3d} / {@code t3d}) is
     * required.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException naming the offending key when the JSON is invalid
     */
    static ModelConfig fromJson(String json) {
        return ConfigJson.read(json);
    }
}
