package org.t3d.core.train;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ComputationGraphUpdater} that does DL4J's whole update step (division by the minibatch size, L2 before
 * the updater, the updater, weight decay after it) in one pass over the flattened gradient, instead of one ND4J op
 * per parameter array and per updater block.
 *
 * <p>Why: a DenseNet3D-121 has 606 parameter arrays and, because batch-norm running statistics take DL4J's
 * {@code NoOp} updater, about 240 updater blocks; DL4J's updater then runs roughly 360 small ops per step (one
 * {@code divi} per minibatch-divided range, one Nesterov op per block, one {@code Axpy} per decayed array), 49–66 ms
 * of a 1.2 s train step ({@code docs/performance.md} section 18). The fused pass reads each gradient, parameter and
 * state element once, on all cores.
 *
 * <p>The fast path covers float32 networks whose blocks use {@link Nesterovs}, {@link Sgd} or {@link NoOp}, whose
 * regularisation is {@link WeightDecay} or {@link L2Regularization}, with no gradient normalisation and no
 * pretraining blocks; anything else (Adam, clipping, L1, double precision, external gradients) runs DL4J's own
 * {@link ComputationGraphUpdater#update} unchanged. The results equal DL4J's up to float rounding (the same
 * formulas, evaluated in a different order); the updater state array is DL4J's, so checkpoints written with either
 * updater load into the other.
 */
public class FusedGraphUpdater extends ComputationGraphUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(FusedGraphUpdater.class);
    private static final long serialVersionUID = 1L;
    /** Elements per parallel task. */
    private static final int CHUNK = 1 << 18;

    private transient Plan plan;
    private transient boolean planned;
    private long fusedSteps;

    /** @param graph initialised network; creates a fresh (zero) updater state */
    public FusedGraphUpdater(ComputationGraph graph) {
        super(graph);
    }

    /**
     * @param graph        initialised network
     * @param updaterState existing updater state (used as the view, not copied), or null for a fresh one
     */
    public FusedGraphUpdater(ComputationGraph graph, INDArray updaterState) {
        super(graph, updaterState);
    }

    /**
     * Replaces the graph's updater by a fused one over the same state array (an updater the graph already has keeps
     * its momentum etc.; none yet = a fresh zero state, as DL4J would create).
     *
     * @param graph initialised network
     * @return the installed updater
     */
    public static FusedGraphUpdater install(ComputationGraph graph) {
        ComputationGraphUpdater old = graph.getUpdater(false);
        if (old instanceof FusedGraphUpdater f) {
            return f;
        }
        INDArray state = old == null ? null : old.getStateViewArray();
        FusedGraphUpdater u = state == null ? new FusedGraphUpdater(graph) : new FusedGraphUpdater(graph, state);
        graph.setUpdater(u);
        return u;
    }

    /** @return whether the fused pass applies to this network (else every step runs DL4J's updater) */
    public synchronized boolean fused() {
        return plan() != null;
    }

    /** @return how many steps took the fused pass */
    public synchronized long fusedSteps() {
        return fusedSteps;
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
            LayerWorkspaceMgr workspaceMgr) {
        // DL4J's own update runs on gradient.gradient() too; in ComputationGraph.fit that is a reshaped view of the
        // flattened gradients (so DL4J takes its "external gradient" branch), here any contiguous float array of the
        // network's length
        INDArray grads = gradient.gradient();
        Plan p = plan();
        if (p == null || grads == null || grads.length() != getParams().length() || !usable(grads)) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            return;
        }
        workspaceMgr.assertNotOpen(ArrayType.UPDATER_WORKING_MEM, "Updater working memory");
        p.apply(grads, iteration, epoch, isMiniBatch() ? batchSize : 1);
        fusedSteps++;
    }

    private Plan plan() {
        if (!planned) {
            planned = true;
            String why = unsupported();
            if (why == null) {
                plan = new Plan(this);
            } else {
                LOG.debug("fused updater not used: {}", why);
            }
        }
        return plan;
    }

    /** @return why the fast path does not apply, or null when it does */
    private String unsupported() {
        INDArray params = getParams();
        INDArray state = getStateViewArray();
        if (params == null) {
            return "no flattened parameter view";
        }
        for (INDArray a : new INDArray[] {params, state}) {
            if (a != null && !usable(a)) {
                return "flattened array " + a.shapeInfoToString() + " (float32, contiguous, < 2 GB only)";
            }
        }
        for (Trainable t : getOrderedLayers()) {
            if (t.getConfig() == null || t.numParams() == 0) {
                continue;
            }
            GradientNormalization gn = t.getConfig().getGradientNormalization();
            if (gn != null && gn != GradientNormalization.None) {
                return "gradient normalisation " + gn + " on " + t.getConfig().getLayerName();
            }
        }
        for (UpdaterBlock b : getUpdaterBlocks()) {
            if (b.isPretrainUpdaterBlock()) {
                return "pretraining block";
            }
            IUpdater u = b.getGradientUpdater().getConfig();
            if (!(u instanceof Nesterovs || u instanceof Sgd || u instanceof NoOp)) {
                return "updater " + u.getClass().getSimpleName();
            }
            for (UpdaterBlock.ParamState ps : b.getLayersAndVariablesInBlock()) {
                List<Regularization> regs = ps.getLayer().getConfig().getRegularizationByParam(ps.getParamName());
                if (regs != null) {
                    for (Regularization r : regs) {
                        if (!(r instanceof WeightDecay || r instanceof L2Regularization)) {
                            return "regularization " + r.getClass().getSimpleName();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** @return whether the fused pass can read {@code a} as one float buffer range */
    private static boolean usable(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.data().length() <= Integer.MAX_VALUE / 4
                && (a.length() == 0 || a.elementWiseStride() == 1);
    }

    private static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** One contiguous run of parameters with the same treatment. */
    private record Segment(int start, int end, int stateOffset, Kind kind, boolean divide,
            GradientUpdater<?> updater, List<Regularization> regs) {
    }

    private enum Kind {
        NESTEROV, SGD, NOOP
    }

    /** The segments of the flattened arrays and the per-step coefficients. */
    private static final class Plan {
        private final FusedGraphUpdater owner;
        private final List<Segment> segments = new ArrayList<>();
        /** Parallel tasks: [segment index, from, to] element ranges of at most {@link #CHUNK}. */
        private final List<int[]> tasks = new ArrayList<>();

        Plan(FusedGraphUpdater owner) {
            this.owner = owner;
            for (UpdaterBlock b : owner.getUpdaterBlocks()) {
                GradientUpdater<?> gu = b.getGradientUpdater();
                IUpdater cfg = gu.getConfig();
                Kind kind = cfg instanceof Nesterovs ? Kind.NESTEROV : cfg instanceof Sgd ? Kind.SGD : Kind.NOOP;
                for (UpdaterBlock.ParamState ps : b.getLayersAndVariablesInBlock()) {
                    List<Regularization> regs = ps.getLayer().getConfig().getRegularizationByParam(ps.getParamName());
                    regs = regs == null ? List.of() : List.copyOf(regs);
                    boolean divide = ps.getLayer().updaterDivideByMinibatch(ps.getParamName());
                    int start = ps.getParamOffsetStart();
                    int end = ps.getParamOffsetEnd();
                    int stateOffset = kind == Kind.NESTEROV
                            ? b.getUpdaterViewOffsetStart() + (start - b.getParamOffsetStart()) : -1;
                    Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
                    if (last != null && last.end == start && last.updater == gu && last.divide == divide
                            && last.regs.equals(regs)) {
                        segments.set(segments.size() - 1, new Segment(last.start, end, last.stateOffset, kind,
                                divide, gu, regs));
                    } else {
                        segments.add(new Segment(start, end, stateOffset, kind, divide, gu, regs));
                    }
                }
            }
            for (int s = 0; s < segments.size(); s++) {
                Segment g = segments.get(s);
                for (int from = g.start; from < g.end; from += CHUNK) {
                    tasks.add(new int[] {s, from, Math.min(g.end, from + CHUNK)});
                }
            }
            LOG.debug("fused updater: {} blocks, {} segments, {} tasks", owner.getUpdaterBlocks().size(),
                    segments.size(), tasks.size());
        }

        void apply(INDArray gArr, int iteration, int epoch, int batchSize) {
            INDArray pArr = owner.getParams();
            INDArray sArr = owner.getStateViewArray();
            FloatBuffer g = floats(gArr);
            FloatBuffer p = floats(pArr);
            FloatBuffer st = sArr == null ? null : floats(sArr);
            int gOff = (int) gArr.offset();
            int pOff = (int) pArr.offset();
            int sOff = sArr == null ? 0 : (int) sArr.offset();
            double[][] coeff = new double[segments.size()][];
            for (int i = 0; i < segments.size(); i++) {
                coeff[i] = coefficients(segments.get(i), iteration, epoch);
            }
            float inv = batchSize;
            IntStream.range(0, tasks.size()).parallel().forEach(t -> {
                int[] task = tasks.get(t);
                Segment s = segments.get(task[0]);
                double[] c = coeff[task[0]];
                run(s, c, g, gOff, p, pOff, st, sOff, task[1], task[2], inv);
            });
        }

        /** @return {lr, momentum, l2, decay scale} for this step */
        private static double[] coefficients(Segment s, int iteration, int epoch) {
            IUpdater cfg = s.updater.getConfig();
            double lr = cfg.hasLearningRate() ? cfg.getLearningRate(iteration, epoch) : 1.0;
            double mu = cfg instanceof Nesterovs n ? n.currentMomentum(iteration, epoch) : 0;
            double l2 = 0;
            double wd = 0;
            for (Regularization r : s.regs) {
                if (r instanceof L2Regularization l) {
                    l2 += l.getL2().valueAt(iteration, epoch);
                } else if (r instanceof WeightDecay w) {
                    double scale = w.getCoeff().valueAt(iteration, epoch);
                    wd += w.isApplyLR() ? scale * lr : scale;
                }
            }
            return new double[] {lr, mu, l2, wd};
        }

        private static void run(Segment s, double[] c, FloatBuffer g, int gOff, FloatBuffer p, int pOff,
                FloatBuffer st, int sOff, int from, int to, float batch) {
            float lr = (float) c[0];
            float mu = (float) c[1];
            float l2 = (float) c[2];
            float wd = (float) c[3];
            float onePlusMu = 1f + mu;
            boolean divide = s.divide;
            for (int i = from; i < to; i++) {
                float gi = g.get(gOff + i);
                if (divide) {
                    gi /= batch;
                }
                if (l2 != 0f) {
                    gi += l2 * p.get(pOff + i);
                }
                float u;
                switch (s.kind) {
                case NESTEROV: {
                    int k = sOff + s.stateOffset + (i - s.start);
                    float vPrev = st.get(k);
                    float v = mu * vPrev - lr * gi;
                    st.put(k, v);
                    u = mu * vPrev - onePlusMu * v;
                    break;
                }
                case SGD:
                    u = lr * gi;
                    break;
                default:
                    u = gi;
                }
                if (wd != 0f) {
                    u += wd * p.get(pOff + i);
                }
                g.put(gOff + i, u);
            }
        }
    }
}
