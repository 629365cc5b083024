package org.t3d.transfer.inflate;

import java.util.ArrayList;
import java.util.List;

import org.t3d.core.blocks.LayerNames;
import org.t3d.core.layers.BatchNorm3DParamInitializer;
import org.t3d.models.ModelConfig;
import org.t3d.transfer.teacher.TorchvisionNames.Entry;
import org.t3d.transfer.teacher.TorchvisionNames.Kind;

/**
 * Interchange names (v1) of the DenseNet parts of a T3D-J DenseNet3D / T3D model and the DL4J vertices that hold
 * them: stem ({@code features.conv0} ↔ {@code stem/conv}, {@code features.norm0} ↔ {@code stem/norm}), dense layers
 * ({@code features.denseblock<b>.denselayer<l>.*} ↔ {@code block<b>/layer<ll>/*}), DenseNet transitions
 * ({@code features.transition<t>.*} ↔ {@code transition<t>/*}; a T3D has TTLs instead, which have no 2D
 * counterpart), {@code features.norm5} ↔ {@code head/norm5}, {@code classifier} ↔ {@code head/fc}. Conv entries have
 * kind {@link Kind#CONV} with the 3D layout (out, in, kT, kH, kW).
 */
public final class ModelNames {

    /** Vertex of the stem convolution. */
    public static final String STEM_CONV = LayerNames.join(LayerNames.stem(), "conv");
    /** Vertex of the final BN. */
    public static final String NORM5 = LayerNames.join(LayerNames.head(), "norm5");
    /** Vertex of the classifier. */
    public static final String FC = LayerNames.join(LayerNames.head(), "fc");

    private ModelNames() {
    }

    /**
     * @param config the 3D model's configuration
     * @return the entries of its DenseNet parts (no TTL tensors), in interchange order
     */
    public static List<Entry> entries(ModelConfig config) {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry("features.conv0.weight", STEM_CONV, "W", Kind.CONV));
        bn(out, "features.norm0", LayerNames.join(LayerNames.stem(), "norm"));
        List<Integer> blocks = config.trunk().blockConfig();
        for (int b = 1; b <= blocks.size(); b++) {
            for (int l = 1; l <= blocks.get(b - 1); l++) {
                String key = "features.denseblock" + b + ".denselayer" + l;
                String v = LayerNames.join(LayerNames.denseBlock(b), LayerNames.denseLayer(l));
                bn(out, key + ".norm1", LayerNames.join(v, "norm1"));
                out.add(new Entry(key + ".conv1.weight", LayerNames.join(v, "conv1"), "W", Kind.CONV));
                bn(out, key + ".norm2", LayerNames.join(v, "norm2"));
                out.add(new Entry(key + ".conv2.weight", LayerNames.join(v, "conv2"), "W", Kind.CONV));
            }
            if (b < blocks.size() && config.transitionStage(b).equals(LayerNames.transition(b))) {
                String key = "features.transition" + b;
                String v = LayerNames.transition(b);
                bn(out, key + ".norm", LayerNames.join(v, "norm"));
                out.add(new Entry(key + ".conv.weight", LayerNames.join(v, "conv"), "W", Kind.CONV));
            }
        }
        bn(out, "features.norm5", NORM5);
        out.add(new Entry("classifier.weight", FC, "W", Kind.LINEAR_WEIGHT));
        out.add(new Entry("classifier.bias", FC, "b", Kind.LINEAR_BIAS));
        return out;
    }

    private static void bn(List<Entry> out, String key, String vertex) {
        out.add(new Entry(key + ".weight", vertex, BatchNorm3DParamInitializer.GAMMA, Kind.BN));
        out.add(new Entry(key + ".bias", vertex, BatchNorm3DParamInitializer.BETA, Kind.BN));
        out.add(new Entry(key + ".running_mean", vertex, BatchNorm3DParamInitializer.MEAN, Kind.BN));
        out.add(new Entry(key + ".running_var", vertex, BatchNorm3DParamInitializer.VAR, Kind.BN));
    }
}
