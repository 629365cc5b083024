package org.t3d.core.layers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link BnReluConv1x1}, stored contiguously as {@code [gamma | beta | mean | var | W]}: the four BN
 * vectors of length Cin (as {@link BatchNorm3DParamInitializer}) followed by the convolution weight, a c-order
 * {@code [Cout, Cin, 1, 1, 1]} view: element for element the layout of a PyTorch {@code Conv3d} weight and of a
 * bias-free DL4J {@code Convolution3D} 1×1×1 weight.
 */
public final class BnReluConv1x1ParamInitializer implements ParamInitializer {

    /** BN scale γ [1, Cin]. */
    public static final String GAMMA = BatchNorm3DParamInitializer.GAMMA;
    /** BN shift β [1, Cin]. */
    public static final String BETA = BatchNorm3DParamInitializer.BETA;
    /** BN running mean [1, Cin]. */
    public static final String MEAN = BatchNorm3DParamInitializer.MEAN;
    /** BN running (unbiased) variance [1, Cin]. */
    public static final String VAR = BatchNorm3DParamInitializer.VAR;
    /** Convolution weight [Cout, Cin, 1, 1, 1]. */
    public static final String WEIGHT = "W";

    private static final List<String> KEYS = List.of(GAMMA, BETA, MEAN, VAR, WEIGHT);
    private static final List<String> BN_KEYS = List.of(GAMMA, BETA, MEAN, VAR);
    private static final BnReluConv1x1ParamInitializer INSTANCE = new BnReluConv1x1ParamInitializer();

    private BnReluConv1x1ParamInitializer() {
    }

    /** @return the singleton */
    public static BnReluConv1x1ParamInitializer getInstance() {
        return INSTANCE;
    }

    /** @return true for the running statistics, which the updater must never touch */
    public static boolean isRunningStat(String key) {
        return BatchNorm3DParamInitializer.isRunningStat(key);
    }

    /** @return true for the parameters of the batch-norm part ({@code gamma, beta, mean, var}) */
    public static boolean isBatchNormParam(String key) {
        return BN_KEYS.contains(key);
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        BnReluConv1x1 l = (BnReluConv1x1) layer;
        return 4 * l.getNIn() + l.getNOut() * l.getNIn();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramView, boolean initializeParams) {
        Map<String, INDArray> views = split(conf, paramView);
        if (initializeParams) {
            BnReluConv1x1 l = (BnReluConv1x1) conf.getLayer();
            views.get(GAMMA).assign(1.0);
            views.get(BETA).assign(0.0);
            views.get(MEAN).assign(0.0);
            views.get(VAR).assign(1.0);
            INDArray w = views.get(WEIGHT);
            // fan-in = Cin·1·1·1, fan-out = Cout·1·1·1, as Convolution3D computes them for a 1×1×1 kernel
            l.getWeightInitFn().init(l.getNIn(), l.getNOut(), w.shape(), 'c', w);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf, gradientView);
    }

    private static Map<String, INDArray> split(NeuralNetConfiguration conf, INDArray flat) {
        BnReluConv1x1 l = (BnReluConv1x1) conf.getLayer();
        long cin = l.getNIn();
        long cout = l.getNOut();
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        for (int i = 0; i < BN_KEYS.size(); i++) {
            out.put(BN_KEYS.get(i), row.get(NDArrayIndex.interval(i * cin, (i + 1) * cin)));
        }
        out.put(WEIGHT, row.get(NDArrayIndex.interval(4 * cin, 4 * cin + cout * cin))
                .reshape('c', cout, cin, 1, 1, 1));
        return out;
    }

    @Override
    public String toString() {
        return "BnReluConv1x1ParamInitializer" + Arrays.toString(KEYS.toArray());
    }
}
