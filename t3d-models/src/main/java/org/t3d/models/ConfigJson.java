package org.t3d.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.blocks.BatchNormSettings;
import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.TemporalPadding;

/**
 * JSON form of a {@link ModelConfig}. The keys are those of the golden {@code manifest.json → config} object (spec
 * §P.1), so a manifest, its {@code config} object and a file written by {@link #write} are all accepted.
 */
final class ConfigJson {

    /** Format tag written into every configuration. */
    static final String FORMAT = "t3d-j model config v1";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigJson.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> KNOWN = Set.of("format", "model", "growth_rate", "block_config",
            "num_init_features", "bn_size", "compression", "compression_rounding", "compression_applies_to",
            "drop_rate", "in_channels", "stem", "dense_layer", "transition_pool", "ttl", "head", "num_classes",
            "num_features", "batchnorm", "input");

    private ConfigJson() {
    }

    static String write(ModelConfig c) {
        DenseTrunk t = c.trunk();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", c.family());
        root.put("growth_rate", t.growthRate());
        ArrayNode blocks = root.putArray("block_config");
        t.blockConfig().forEach(blocks::add);
        root.put("num_init_features", t.numInitFeatures());
        root.put("bn_size", t.bnSize());
        if (c instanceof DenseNet3dConfig d) {
            root.put("compression", d.compression());
        }
        root.put("drop_rate", t.dropRate());
        root.put("in_channels", t.inChannels());
        ObjectNode stem = root.putObject("stem");
        dims(stem, "conv_kernel", t.stem().convKernel());
        dims(stem, "conv_stride", t.stem().convStride());
        dims(stem, "conv_padding", t.stem().convPadding());
        stem.put("conv_bias", false);
        stem.put("pool", "max");
        dims(stem, "pool_kernel", t.stem().poolKernel());
        dims(stem, "pool_stride", t.stem().poolStride());
        dims(stem, "pool_padding", t.stem().poolPadding());
        ObjectNode pool = root.putObject("transition_pool");
        pool.put("type", "avg");
        dims(pool, "kernel", t.transitionPoolKernel());
        dims(pool, "stride", t.transitionPoolStride());
        dims(pool, "padding", Dims3.cube(0));
        if (c instanceof T3dConfig tc) {
            TtlConfig ttl = tc.ttl();
            ObjectNode n = root.putObject("ttl");
            ArrayNode depths = n.putArray("depths");
            for (List<Integer> d : ttl.depths()) {
                ArrayNode a = depths.addArray();
                d.forEach(a::add);
            }
            n.put("branch_channels", ttl.branchChannels());
            n.put("spatial_kernel", ttl.spatialKernel());
            n.put("post_conv", ttl.postConv());
            n.put("compression", ttl.compression());
            n.put("padding_extra", ttl.paddingExtra().name().toLowerCase(Locale.ROOT));
        } else {
            root.putNull("ttl");
        }
        root.put("num_classes", c.numClasses());
        root.put("num_features", c.featureDim());
        ObjectNode bn = root.putObject("batchnorm");
        bn.put("eps", t.batchNorm().eps());
        bn.put("momentum", t.batchNorm().momentum());
        ObjectNode in = root.putObject("input");
        in.put("frames", c.inputFrames());
        in.put("size", c.inputSize());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config JSON", e);
        }
    }

    private static void dims(ObjectNode n, String key, Dims3 d) {
        n.putArray(key).add(d.t()).add(d.h()).add(d.w());
    }

    static ModelConfig read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid model config JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("model config JSON must be an object");
        }
        int frames = -1;
        int size = -1;
        JsonNode cfg = root;
        if (root.has("config") && root.get("config").isObject()) {
            // a golden manifest.json: the config object, and the input shape [N, C, T, H, W]
            cfg = root.get("config");
            JsonNode shape = root.path("input").path("shape");
            if (shape.isArray() && shape.size() == 5) {
                frames = shape.get(2).asInt();
                size = shape.get(3).asInt();
                if (shape.get(3).asInt() != shape.get(4).asInt()) {
                    throw new IllegalArgumentException("manifest input " + shape + " is not square (H != W)");
                }
            }
        }
        for (Iterator<String> it = cfg.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KNOWN.contains(k)) {
                LOG.warn("model config: ignoring unknown key '{}'", k);
            }
        }
        String model = text(cfg, "model", null);
        if (model == null) {
            throw new IllegalArgumentException("model config JSON needs \"model\": \"densenet3d\" or \"t3d\"");
        }
        DenseTrunk d = DenseTrunk.PAPER_121;
        StemConfig s = d.stem();
        JsonNode stem = cfg.path("stem");
        if (stem.isObject()) {
            if (stem.path("conv_bias").asBoolean(false)) {
                throw new IllegalArgumentException("stem.conv_bias = true is not supported (T3D convs have no bias)");
            }
            String pool = text(stem, "pool", "max");
            if (!"max".equals(pool)) {
                throw new IllegalArgumentException("stem.pool must be \"max\", got \"" + pool + "\"");
            }
            s = new StemConfig(dims(stem, "conv_kernel", s.convKernel()), dims(stem, "conv_stride", s.convStride()),
                    dims(stem, "conv_padding", s.convPadding()), dims(stem, "pool_kernel", s.poolKernel()),
                    dims(stem, "pool_stride", s.poolStride()), dims(stem, "pool_padding", s.poolPadding()));
        }
        Dims3 pk = d.transitionPoolKernel();
        Dims3 ps = d.transitionPoolStride();
        JsonNode tp = cfg.path("transition_pool");
        if (tp.isObject()) {
            String type = text(tp, "type", "avg");
            if (!"avg".equals(type)) {
                throw new IllegalArgumentException("transition_pool.type must be \"avg\", got \"" + type + "\"");
            }
            if (!dims(tp, "padding", Dims3.cube(0)).equals(Dims3.cube(0))) {
                throw new IllegalArgumentException("transition_pool.padding must be [0, 0, 0] (padded average "
                        + "pooling differs between DL4J and PyTorch)");
            }
            pk = dims(tp, "kernel", pk);
            ps = dims(tp, "stride", ps);
        }
        BatchNormSettings bn = d.batchNorm();
        JsonNode bnNode = cfg.path("batchnorm");
        if (bnNode.isObject()) {
            bn = new BatchNormSettings(num(bnNode, "eps", bn.eps()), num(bnNode, "momentum", bn.momentum()));
        }
        List<Integer> blocks = cfg.has("block_config") ? ints(cfg.get("block_config"), "block_config")
                : d.blockConfig();
        DenseTrunk trunk = new DenseTrunk(integer(cfg, "growth_rate", d.growthRate()), blocks,
                integer(cfg, "num_init_features", d.numInitFeatures()), integer(cfg, "bn_size", d.bnSize()),
                num(cfg, "drop_rate", d.dropRate()), integer(cfg, "in_channels", d.inChannels()), s, pk, ps, bn);
        JsonNode in = cfg.path("input");
        if (in.isObject()) {
            frames = integer(in, "frames", frames);
            size = integer(in, "size", size);
        }
        int classes = integer(cfg, "num_classes", 400);
        ModelConfig out;
        switch (model) {
            case DenseNet3dConfig.FAMILY:
                out = new DenseNet3dConfig(trunk, num(cfg, "compression", 0.5), classes, 32, 224);
                break;
            case T3dConfig.FAMILY: {
                TtlConfig ttl = TtlConfig.PAPER.withDepths(Profile.PAPER.ttlDepths(blocks.size() - 1));
                JsonNode n = cfg.path("ttl");
                if (n.isObject()) {
                    List<List<Integer>> depths = ttl.depths();
                    if (n.has("depths")) {
                        depths = new ArrayList<>();
                        for (JsonNode dn : n.get("depths")) {
                            depths.add(ints(dn, "ttl.depths"));
                        }
                    }
                    String pad = text(n, "padding_extra", "end");
                    TemporalPadding p;
                    try {
                        p = TemporalPadding.valueOf(pad.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("ttl.padding_extra must be \"end\" or \"front\", got \""
                                + pad + "\"", e);
                    }
                    JsonNode ppd = n.path("padding_per_depth");
                    for (Iterator<String> it = ppd.fieldNames(); it.hasNext();) {
                        String depth = it.next();
                        List<Integer> given = ints(ppd.get(depth), "ttl.padding_per_depth." + depth);
                        int[] mine = p.pad(Integer.parseInt(depth));
                        if (given.size() != 2 || given.get(0) != mine[0] || given.get(1) != mine[1]) {
                            throw new IllegalArgumentException("ttl.padding_per_depth." + depth + " = " + given
                                    + " contradicts padding_extra \"" + pad + "\" which gives [" + mine[0] + ", "
                                    + mine[1] + "]");
                        }
                    }
                    ttl = new TtlConfig(depths, integer(n, "branch_channels", ttl.branchChannels()),
                            integer(n, "spatial_kernel", ttl.spatialKernel()), n.path("post_conv").asBoolean(true),
                            num(n, "compression", ttl.compression()), p);
                }
                out = new T3dConfig(trunk, ttl, classes, 32, 224);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown model family \"" + model
                        + "\", expected \"densenet3d\" or \"t3d\"");
        }
        if (frames > 0 && size > 0) {
            out = out.withInput(frames, size);
        }
        if (cfg.has("num_features") && cfg.get("num_features").asLong() != out.featureDim()) {
            throw new IllegalArgumentException("config says num_features = " + cfg.get("num_features").asLong()
                    + " but its knobs give " + out.featureDim());
        }
        return out;
    }

    private static String text(JsonNode n, String key, String def) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? def : v.asText();
    }

    private static int integer(JsonNode n, String key, int def) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("config key '" + key + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static double num(JsonNode n, String key, double def) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("config key '" + key + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static List<Integer> ints(JsonNode v, String key) {
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("config key '" + key + "' must be an array of integers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.canConvertToInt()) {
                throw new IllegalArgumentException("config key '" + key + "' must hold integers, got " + v);
            }
            out.add(x.asInt());
        }
        return out;
    }

    private static Dims3 dims(JsonNode n, String key, Dims3 def) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        List<Integer> l = ints(v, key);
        if (l.size() != 3) {
            throw new IllegalArgumentException("config key '" + key + "' must be [T, H, W], got " + v);
        }
        return Dims3.of(l.get(0), l.get(1), l.get(2));
    }
}
