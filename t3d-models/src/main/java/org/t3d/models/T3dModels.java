package org.t3d.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: stable kebab-case ids, one way to build.
 *
 * <pre>{@code
 * T3dModel m = T3dModels.create("t3d-121");                                    // paper profile, 400 classes
 * T3dModel u = T3dModels.create("densenet3d-169", ModelOptions.builder().numClasses(101).build());
 * ModelConfig big = T3dModels.config("densenet3d-264", Profile.PAPER);         // 201/264 from the block tuple
 * }</pre>
 *
 * <p>Ids are {@code <family>-<depth>}: family {@code densenet3d} or {@code t3d}; depth 121, 169 (listed) or 201, 264
 * (accepted; DenseNet block tuples (6,12,48,32) / (6,12,64,48)). A variant is a configuration, not code.
 */
public final class T3dModels {

    private static final Logger LOG = LoggerFactory.getLogger(T3dModels.class);
    private static final Pattern ID = Pattern.compile("([a-z0-9]+)-(\\d+)");

    /** Base configuration (121 blocks, paper profile) per family. */
    private static final Map<String, ModelConfig> FAMILIES = Map.of(
            DenseNet3dConfig.FAMILY, DenseNet3dConfig.DENSENET3D_121,
            T3dConfig.FAMILY, T3dConfig.T3D_121);

    /** Block tuple per DenseNet depth. */
    private static final Map<Integer, List<Integer>> DEPTHS = new LinkedHashMap<>();

    static {
        DEPTHS.put(121, DenseTrunk.BLOCKS_121);
        DEPTHS.put(169, DenseTrunk.BLOCKS_169);
        DEPTHS.put(201, DenseTrunk.BLOCKS_201);
        DEPTHS.put(264, DenseTrunk.BLOCKS_264);
    }

    private static final List<String> LISTED = List.of("densenet3d-121", "densenet3d-169", "t3d-121", "t3d-169");

    private T3dModels() {
    }

    /** @return the listed model ids: {@code densenet3d-121, densenet3d-169, t3d-121, t3d-169} */
    public static List<String> list() {
        return LISTED;
    }

    /**
     * @param id      model id, e.g. {@code t3d-121}
     * @param profile profile to apply (null = paper)
     * @return the configuration of that id (400 classes, 32×224×224)
     * @throws IllegalArgumentException naming the known ids
     */
    public static ModelConfig config(String id, Profile profile) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        Matcher m = ID.matcher(s);
        ModelConfig base = m.matches() ? FAMILIES.get(m.group(1)) : null;
        List<Integer> blocks = m.matches() ? DEPTHS.get(Integer.parseInt(m.group(2))) : null;
        if (base == null || blocks == null) {
            throw new IllegalArgumentException("unknown model id '" + id + "'; known: " + LISTED
                    + " (also densenet3d-201/264, t3d-201/264)");
        }
        return base.withBlockConfig(blocks).withProfile(profile == null ? Profile.PAPER : profile);
    }

    /** @return {@link #create(String, ModelOptions)} with default options */
    public static T3dModel create(String id) {
        return create(id, ModelOptions.DEFAULTS);
    }

    /**
     * Builds and initialises a registered model.
     *
     * @param id      model id (see {@link #list()})
     * @param options profile, classes, input, data type, seed, updater
     * @return the initialised model
     */
    public static T3dModel create(String id, ModelOptions options) {
        ModelConfig c = config(id, options.profile());
        return build(c, options.toBuilder().profile(null).build());
    }

    /**
     * Builds and initialises a model from a configuration. The options' overrides (profile, classes, input) are
     * applied first.
     *
     * @param config  the architecture
     * @param options data type, seed, updater and overrides
     * @return the initialised model
     */
    public static T3dModel build(ModelConfig config, ModelOptions options) {
        ModelConfig c = options.apply(config);
        ModelGraph.Built built = ModelGraph.build(c, options);
        ComputationGraph g = new ComputationGraph(built.configuration());
        g.init();
        LOG.debug("built {} ({} blocks, {} classes): {} parameters", c.family(), c.trunk().blockConfig(),
                c.numClasses(), g.numParams());
        return new T3dModel(c, g);
    }

    /** @return the DL4J graph configuration of {@code config} with default options (not initialised) */
    public static ComputationGraphConfiguration graphConfiguration(ModelConfig config) {
        return graphConfiguration(config, ModelOptions.DEFAULTS);
    }

    /** @return the DL4J graph configuration of {@code config} with the options applied (not initialised) */
    public static ComputationGraphConfiguration graphConfiguration(ModelConfig config, ModelOptions options) {
        return ModelGraph.build(options.apply(config), options).configuration();
    }
}
