package org.t3d.transfer.inflate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.models.T3dModel;
import org.t3d.transfer.inflate.InflationReport.Item;
import org.t3d.transfer.teacher.TorchvisionNames.Entry;

/**
 * I3D-style inflation of 2D DenseNet weights into a DenseNet3D (or the DenseNet parts of a T3D).
 *
 * <p>Each 2D kernel (out, in, kH, kW) becomes the 3D kernel (out, in, kT, kH, kW) of the matching layer by repeating
 * it kT times along time and dividing by kT, so that on a clip of identical frames every 3D convolution computes
 * what the 2D one computes on one frame — wherever its temporal window does not reach the clip's zero padding.
 * BatchNorm tensors (γ, β, running mean, running variance) are copied. The classifier is copied only when its shape
 * matches; anything without a 2D counterpart (TTL branches and their post convs, the classifier for another class
 * count, dense layers whose input width differs after a TTL) keeps its random initialisation and is listed in the
 * {@link InflationReport}.
 */
public final class Inflation {

    private static final Logger LOG = LoggerFactory.getLogger(Inflation.class);

    private Inflation() {
    }

    /**
     * Inflates a torchvision-named 2D DenseNet state dict into {@code target} (modified in place).
     *
     * @param state2d torchvision key → tensor (Conv2d (out, in, kH, kW), BN (C,), Linear (out, in))
     * @param target  the DenseNet3D / T3D model to fill
     * @return what was inflated, copied, left random and not used
     */
    public static InflationReport inflate(Map<String, INDArray> state2d, T3dModel target) {
        ComputationGraph g = target.graph();
        List<Item> inflated = new ArrayList<>();
        List<Item> copied = new ArrayList<>();
        List<Item> random = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Set<String> touched = new HashSet<>();
        for (Entry e : ModelNames.entries(target.config())) {
            Layer layer = g.getLayer(e.vertex());
            INDArray dst = layer == null ? null : layer.getParam(e.param());
            if (dst == null) {
                continue;
            }
            String id = e.vertex() + "_" + e.param();
            INDArray src = state2d.get(e.key());
            if (src == null) {
                random.add(new Item(e.key(), "absent from the 2D weights"));
                touched.add(id);
                continue;
            }
            long[] d = dst.shape();
            long[] s = src.shape();
            switch (e.kind()) {
                case CONV -> {
                    if (s.length == 4 && s[0] == d[0] && s[1] == d[1] && s[2] == d[3] && s[3] == d[4]) {
                        long kT = d[2];
                        INDArray src5 = src.castTo(dst.dataType()).reshape('c', s[0], s[1], 1, s[2], s[3]);
                        for (long t = 0; t < kT; t++) {
                            dst.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1),
                                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                    org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(src5.div(kT));
                        }
                        inflated.add(new Item(e.key(), Arrays.toString(s) + " -> " + Arrays.toString(d)));
                        used.add(e.key());
                    } else {
                        random.add(new Item(e.key(), "shape differs: 2D " + Arrays.toString(s) + ", 3D "
                                + Arrays.toString(d)));
                    }
                }
                case BN, LINEAR_BIAS -> {
                    if (src.length() == dst.length()) {
                        dst.assign(src.castTo(dst.dataType()).reshape(d));
                        copied.add(new Item(e.key(), Arrays.toString(s)));
                        used.add(e.key());
                    } else {
                        random.add(new Item(e.key(), "shape differs: 2D " + Arrays.toString(s) + ", 3D "
                                + Arrays.toString(d)));
                    }
                }
                case LINEAR_WEIGHT -> {
                    if (s.length == 2 && s[0] == d[1] && s[1] == d[0]) {
                        dst.assign(src.castTo(dst.dataType()).transpose());
                        copied.add(new Item(e.key(), Arrays.toString(s)));
                        used.add(e.key());
                    } else {
                        random.add(new Item(e.key(), "shape differs: 2D " + Arrays.toString(s) + ", 3D "
                                + Arrays.toString(d) + " (transposed)"));
                    }
                }
                default -> throw new IllegalStateException("unknown kind " + e.kind());
            }
            touched.add(id);
        }
        // Every other parameter of the 3D model (TTL branches and post convs) has no 2D counterpart.
        for (Layer layer : g.getLayers()) {
            String vertex = layer.conf().getLayer().getLayerName();
            for (String p : layer.paramTable().keySet()) {
                if (!touched.contains(vertex + "_" + p)) {
                    random.add(new Item(vertex + "/" + p, "no 2D counterpart"));
                }
            }
        }
        List<Item> unused = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : state2d.entrySet()) {
            if (!used.contains(e.getKey()) && !e.getKey().endsWith("num_batches_tracked")) {
                unused.add(new Item(e.getKey(), Arrays.toString(e.getValue().shape())));
            }
        }
        InflationReport r = new InflationReport(inflated, copied, random, unused);
        LOG.info("Inflation: {}", r);
        return r;
    }
}
