package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.layers.Conv3D;

/**
 * {@link ModelOptions#inputGradient()}: by default the stem convolution skips the gradient with respect to the network
 * input (null at the input vertex), with exactly the same loss and parameter gradients as a model that computes it;
 * with the option on, the input gradient is there and non-zero. Float32 exercises the oneDNN backward pass that skips
 * the data gradient, double the reference path.
 */
class InputGradientTest {

    private static ComputationGraph model(DataType type, boolean inputGradient) {
        T3dModel m = T3dModels.build(TinyConfigs.T3D, ModelOptions.builder().dataType(type)
                .workspaceMode(WorkspaceMode.NONE).inputGradient(inputGradient).build());
        return m.graph();
    }

    /** @return the input vertex's gradient after one {@code computeGradientAndScore} (null when not computed) */
    private static INDArray step(ComputationGraph g, INDArray x, INDArray labels) {
        g.setInputs(x);
        g.setLabels(labels);
        return InputGradients.computeGradientAndScore(g);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT", "DOUBLE"})
    void defaultSkipsOnlyTheInputGradient(DataType type) {
        ComputationGraph skip = model(type, false);
        ComputationGraph full = model(type, true);
        full.setParams(skip.params().dup());
        assertFalse(((Conv3D) skip.getLayer(ModelGraph.STEM_CONV).conf().getLayer()).isInputGradient());
        assertTrue(((Conv3D) full.getLayer(ModelGraph.STEM_CONV).conf().getLayer()).isInputGradient());

        Nd4j.getRandom().setSeed(77);
        INDArray x = Nd4j.randn(type, 2, 3, TinyConfigs.T3D.inputFrames(), TinyConfigs.T3D.inputSize(),
                TinyConfigs.T3D.inputSize());
        INDArray labels = Nd4j.zeros(type, 2, TinyConfigs.T3D.numClasses());
        labels.putScalar(0, 1, 1.0);
        labels.putScalar(1, 0, 1.0);

        assertNull(step(skip, x, labels), "default: no input gradient");
        INDArray gin = step(full, x, labels);
        assertNotNull(gin, "inputGradient(true): input gradient computed");
        assertArrayEquals(x.shape(), gin.shape());
        assertTrue(gin.amaxNumber().doubleValue() > 0, "input gradient is all zero");

        assertEquals(full.score(), skip.score(), 0, "same loss");
        Map<String, INDArray> a = skip.gradient().gradientForVariable();
        Map<String, INDArray> b = full.gradient().gradientForVariable();
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) {
            assertEquals(0, a.get(k).sub(b.get(k)).amaxNumber().doubleValue(), 0, "gradient " + k);
        }
    }
}
