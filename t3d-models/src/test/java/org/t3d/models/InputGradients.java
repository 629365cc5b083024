package org.t3d.models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test helper: one {@code computeGradientAndScore} that also returns the gradient at the model's input vertex. */
final class InputGradients {

    private InputGradients() {
    }

    /**
     * Runs {@code g.computeGradientAndScore()} on the graph's current inputs and labels. The graph clears vertex
     * epsilons at the end of that call, so the input's is captured by a listener during the backward pass (with
     * workspaces it may already have been released by then; capture it with {@code WorkspaceMode.NONE}).
     *
     * @param g a model graph with inputs and labels set
     * @return a copy of the gradient at {@link T3dModel#INPUT}, or null when none was computed
     */
    static INDArray computeGradientAndScore(ComputationGraph g) {
        INDArray[] captured = new INDArray[1];
        g.setListeners(new BaseTrainingListener() {
            @Override
            public void onBackwardPass(Model m) {
                INDArray eps = ((ComputationGraph) m).getVertex(T3dModel.INPUT).getEpsilon();
                captured[0] = eps == null ? null : eps.dup();
            }
        });
        try {
            g.computeGradientAndScore();
        } finally {
            g.setListeners();
        }
        return captured[0];
    }
}
