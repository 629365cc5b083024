package org.t3d.transfer.teacher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.t3d.core.blocks.LayerNames;
import org.t3d.core.layers.BatchNorm3DParamInitializer;

/**
 * The one mapping between the teacher's DL4J vertices ({@link DenseNet2dBuilder}) and torchvision's DenseNet
 * state-dict keys ({@code features.denseblock1.denselayer1.norm1.weight}, …), which is also T3D-J interchange
 * naming v1 for 2D networks.
 */
public final class TorchvisionNames {

    private TorchvisionNames() {
    }

    /** How a tensor is laid out on each side. */
    public enum Kind {
        /** Conv2d weight (out, in, kH, kW) ↔ DL4J Convolution3D {@code W} (out, in, 1, kH, kW). */
        CONV,
        /** BatchNorm vector (C,) ↔ BatchNorm3D parameter [1, C]. */
        BN,
        /** Linear weight (out, in) ↔ DL4J DenseLayer {@code W} (in, out), transposed. */
        LINEAR_WEIGHT,
        /** Linear bias (out,) ↔ DL4J DenseLayer {@code b} [1, out]. */
        LINEAR_BIAS
    }

    /**
     * One tensor of the teacher.
     *
     * @param key    torchvision state-dict key
     * @param vertex DL4J vertex (layer) name
     * @param param  DL4J parameter key of that layer
     * @param kind   layout conversion
     */
    public record Entry(String key, String vertex, String param, Kind kind) {
        /** Validates the fields. */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(vertex, "vertex");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(kind, "kind");
        }

        /** @return true for BN running statistics (not trainable) */
        public boolean runningStat() {
            return kind == Kind.BN && BatchNorm3DParamInitializer.isRunningStat(param);
        }
    }

    /**
     * Lists every tensor of a teacher, in torchvision's {@code state_dict()} order.
     *
     * @param config the teacher configuration
     * @param prefix the vertex prefix used when appending it (e.g. {@code teacher}, or empty)
     * @return the entries
     */
    public static List<Entry> entries(DenseNet2dConfig config, String prefix) {
        List<Entry> out = new ArrayList<>();
        String stem = LayerNames.join(prefix, LayerNames.stem());
        out.add(new Entry("features.conv0.weight", LayerNames.join(stem, "conv"), "W", Kind.CONV));
        bn(out, "features.norm0", LayerNames.join(stem, "norm"));
        int blocks = config.blockConfig().size();
        for (int b = 1; b <= blocks; b++) {
            for (int l = 1; l <= config.blockConfig().get(b - 1); l++) {
                String key = "features.denseblock" + b + ".denselayer" + l;
                String v = LayerNames.join(LayerNames.join(prefix, LayerNames.denseBlock(b)), LayerNames.denseLayer(l));
                bn(out, key + ".norm1", LayerNames.join(v, "norm1"));
                out.add(new Entry(key + ".conv1.weight", LayerNames.join(v, "conv1"), "W", Kind.CONV));
                bn(out, key + ".norm2", LayerNames.join(v, "norm2"));
                out.add(new Entry(key + ".conv2.weight", LayerNames.join(v, "conv2"), "W", Kind.CONV));
            }
            if (b < blocks) {
                String key = "features.transition" + b;
                String v = LayerNames.join(prefix, LayerNames.transition(b));
                bn(out, key + ".norm", LayerNames.join(v, "norm"));
                out.add(new Entry(key + ".conv.weight", LayerNames.join(v, "conv"), "W", Kind.CONV));
            }
        }
        bn(out, "features.norm5", LayerNames.join(prefix, "norm5"));
        if (config.numClasses() > 0) {
            String v = LayerNames.join(prefix, "classifier");
            out.add(new Entry("classifier.weight", v, "W", Kind.LINEAR_WEIGHT));
            out.add(new Entry("classifier.bias", v, "b", Kind.LINEAR_BIAS));
        }
        return out;
    }

    private static void bn(List<Entry> out, String key, String vertex) {
        out.add(new Entry(key + ".weight", vertex, BatchNorm3DParamInitializer.GAMMA, Kind.BN));
        out.add(new Entry(key + ".bias", vertex, BatchNorm3DParamInitializer.BETA, Kind.BN));
        out.add(new Entry(key + ".running_mean", vertex, BatchNorm3DParamInitializer.MEAN, Kind.BN));
        out.add(new Entry(key + ".running_var", vertex, BatchNorm3DParamInitializer.VAR, Kind.BN));
    }
}
