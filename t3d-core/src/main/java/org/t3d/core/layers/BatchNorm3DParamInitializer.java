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
 * Parameters of {@link BatchNorm3D}, stored contiguously as {@code [gamma | beta | mean | var]}, each of
 * length C. {@code mean} and {@code var} are the running statistics (variance, not log-std).
 */
public final class BatchNorm3DParamInitializer implements ParamInitializer {

    /** Scale γ. */
    public static final String GAMMA = "gamma";
    /** Shift β. */
    public static final String BETA = "beta";
    /** Running mean. */
    public static final String MEAN = "mean";
    /** Running (unbiased) variance. */
    public static final String VAR = "var";

    private static final List<String> KEYS = List.of(GAMMA, BETA, MEAN, VAR);
    private static final BatchNorm3DParamInitializer INSTANCE = new BatchNorm3DParamInitializer();

    private BatchNorm3DParamInitializer() {
    }

    /** @return the singleton */
    public static BatchNorm3DParamInitializer getInstance() {
        return INSTANCE;
    }

    /** @return true for the running statistics, which the updater must never touch */
    public static boolean isRunningStat(String key) {
        return MEAN.equals(key) || VAR.equals(key);
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 4 * ((BatchNorm3D) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramView, boolean initializeParams) {
        Map<String, INDArray> views = split(conf, paramView);
        if (initializeParams) {
            views.get(GAMMA).assign(1.0);
            views.get(BETA).assign(0.0);
            views.get(MEAN).assign(0.0);
            views.get(VAR).assign(1.0);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf, gradientView);
    }

    private static Map<String, INDArray> split(NeuralNetConfiguration conf, INDArray flat) {
        long c = ((BatchNorm3D) conf.getLayer()).getNOut();
        INDArray row = flat.reshape(flat.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        for (int i = 0; i < KEYS.size(); i++) {
            out.put(KEYS.get(i), row.get(NDArrayIndex.interval(i * c, (i + 1) * c)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "BatchNorm3DParamInitializer" + Arrays.toString(KEYS.toArray());
    }
}
