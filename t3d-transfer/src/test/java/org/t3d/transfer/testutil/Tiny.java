package org.t3d.transfer.testutil;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.layers.BatchNorm3D;
import org.t3d.core.layers.BatchNorm3DParamInitializer;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.transfer.teacher.DenseNet2dBuilder;
import org.t3d.transfer.teacher.DenseNet2dConfig;
import org.t3d.transfer.teacher.TeacherWeights;

/** Tiny configurations shared by the tests (growth 4, blocks (2,2,2,2), 8 initial features). */
public final class Tiny {

    /** Tiny 2D teacher, feature width 16. */
    public static final DenseNet2dConfig TEACHER = DenseNet2dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2)
            .numInitFeatures(8).build();

    /** Tiny DenseNet3D, paper profile, 5 classes, nominal input 16×32×32. */
    public static final DenseNet3dConfig DENSENET3D = DenseNet3dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2)
            .numInitFeatures(8).numClasses(5).input(16, 32).build();

    private Tiny() {
    }

    /**
     * A random teacher state dict with randomised BN statistics (so that inference-mode BN is not the identity), as
     * the golden sets do: γ ~ U(0.5,1.5), β ~ U(−0.3,0.3), mean ~ U(−0.3,0.3), var ~ U(0.5,2).
     */
    public static Map<String, INDArray> randomTeacherState(DenseNet2dConfig cfg, long seed) {
        ComputationGraph g = DenseNet2dBuilder.build(cfg, 1, 32, 32, DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNorm3D) {
                uniform(l.getParam(BatchNorm3DParamInitializer.GAMMA), 0.5, 1.5);
                uniform(l.getParam(BatchNorm3DParamInitializer.BETA), -0.3, 0.3);
                uniform(l.getParam(BatchNorm3DParamInitializer.MEAN), -0.3, 0.3);
                uniform(l.getParam(BatchNorm3DParamInitializer.VAR), 0.5, 2.0);
            }
        }
        return TeacherWeights.export(g, cfg, "");
    }

    private static void uniform(INDArray p, double lo, double hi) {
        p.assign(Nd4j.rand(p.dataType(), p.shape()).muli(hi - lo).addi(lo));
    }
}
