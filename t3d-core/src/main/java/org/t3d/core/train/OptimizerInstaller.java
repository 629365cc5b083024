package org.t3d.core.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Installs an {@link OptimizerConfig} into a network: a copy of the graph whose trainable layers get the updater
 * (with the schedule), weight decay and gradient clipping, with the same parameter values, and a
 * {@link FusedGraphUpdater}. Wrapped layers
 * (e.g. DL4J's {@code FrozenLayer}) are left alone, so frozen parts stay frozen.
 */
public final class OptimizerInstaller {

    private OptimizerInstaller() {
    }

    /**
     * @param graph              initialised network (not modified)
     * @param optimizer          optimiser settings
     * @param iterationsPerEpoch iterations per epoch (for the schedule)
     * @param epochs             epochs of the run (for the schedule)
     * @return a new initialised network with the optimiser installed and the same parameters
     */
    public static ComputationGraph install(ComputationGraph graph, OptimizerConfig optimizer, int iterationsPerEpoch,
            int epochs) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        IUpdater updater = optimizer.toUpdater(iterationsPerEpoch, epochs);
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf() != null) {
                Layer l = lv.getLayerConf().getLayer();
                if (l instanceof BaseLayer bl) {
                    bl.setIUpdater(updater.clone());
                    bl.setRegularization(optimizer.regularization());
                    bl.setRegularizationBias(optimizer.regularization());
                    bl.setGradientNormalization(optimizer.gradientNormalization());
                    bl.setGradientNormalizationThreshold(optimizer.clipThreshold());
                }
            }
        }
        ComputationGraph out = new ComputationGraph(conf);
        out.init(graph.params().dup(), false);
        FusedGraphUpdater.install(out);
        return out;
    }
}
