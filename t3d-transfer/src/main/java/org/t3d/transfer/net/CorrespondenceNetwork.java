package org.t3d.transfer.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.LayerNames;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.layers.BatchNorm3D;
import org.t3d.core.layers.Shapes;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.transfer.teacher.DenseNet2dBuilder;
import org.t3d.transfer.teacher.FrameMean;
import org.t3d.transfer.teacher.FramesToBatch;
import org.t3d.transfer.teacher.ImportReport;
import org.t3d.transfer.teacher.TeacherWeights;

/**
 * The correspondence network of supervision transfer as one DL4J {@link ComputationGraph} with two inputs, and the
 * operations on it: build (with torchvision teacher weights), freeze, predict, count, export the student.
 *
 * <p>Inputs: {@value #FRAMES} NCDHW {@code [N, 3, X, H, W]} (the X teacher frames of each pair, stacked along the
 * time axis; {@link FramesToBatch} folds them into a batch of N·X single frames for the teacher, which ran faster in
 * DL4J than depth-1 kernels along X, and {@link FrameMean} averages the pooled features per pair) and
 * {@value #CLIP} NCDHW {@code [N, 3, T, H', W']}. Output {@value #OUTPUT}: softmax [N, 2], class 1 = "frames and
 * clip correspond", class 0 = "they do not".
 *
 * <p>The teacher (every vertex under {@value #TEACHER}) is frozen with DL4J's {@code FrozenLayer}
 * ({@code TransferLearning.GraphBuilder.setFeatureExtractor}): its parameters and BN statistics are never updated,
 * its BN always runs in inference mode, and backpropagation stops at it. Running the teacher inside the graph (rather
 * than precomputing its features) keeps one saved artefact, one checkpoint and the paper's data flow; its cost is one
 * inference pass per pair.
 *
 * <p>Vertex names: {@value #TEACHER_FRAMES}, {@code teacher/...} ({@link DenseNet2dBuilder}),
 * {@value #TEACHER_FEATURES}, {@code student/...} (the student model's own
 * names with its classifier {@code head/fc} removed), {@value #PROJECTION}, {@code head/concat}, {@code head/fc0}
 * (optional), {@code head/fc1}, {@code head/fc2}, {@value #OUTPUT}.
 */
public final class CorrespondenceNetwork {

    /** Teacher input: NCDHW [N, 3, X, H, W]. */
    public static final String FRAMES = "frames";
    /** Student input: NCDHW [N, 3, T, H, W]. */
    public static final String CLIP = "clip";
    /** Prefix of the teacher's vertices. */
    public static final String TEACHER = DenseNet2dBuilder.DEFAULT_PREFIX;
    /** Prefix of the student's vertices. */
    public static final String STUDENT = "student";
    /** Teacher vertex folding the X frames of each pair into the batch: [N·X, 3, 1, H, W]. */
    public static final String TEACHER_FRAMES = LayerNames.join(TEACHER, "frames");
    /** Teacher feature vertex: per-frame pooled features averaged over the X frames, [N, F2d]. */
    public static final String TEACHER_FEATURES = LayerNames.join(TEACHER, "mean");
    /** Student projection to {@code projectionDim}. */
    public static final String PROJECTION = LayerNames.join(STUDENT, "proj");
    /** Output vertex: 2-way softmax. */
    public static final String OUTPUT = LayerNames.join(LayerNames.head(), "out");
    /** Index of the "correspond" class in the output. */
    public static final int MATCH = 1;

    private static final Logger LOG = LoggerFactory.getLogger(CorrespondenceNetwork.class);
    private static final String STUDENT_INPUT = T3dModel.INPUT;
    private static final String STUDENT_FC = T3dModel.OUTPUT;

    private final CorrespondenceConfig config;
    private final ComputationGraph graph;

    private CorrespondenceNetwork(CorrespondenceConfig config, ComputationGraph graph) {
        this.config = Objects.requireNonNull(config, "config");
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    /**
     * Wraps an existing network (e.g. a trained one or one restored from a checkpoint).
     *
     * @param config its configuration
     * @param graph  a graph built by {@link #build}
     * @return the wrapper
     */
    public static CorrespondenceNetwork wrap(CorrespondenceConfig config, ComputationGraph graph) {
        if (graph.getVertex(OUTPUT) == null || graph.getVertex(TEACHER_FEATURES) == null) {
            throw new IllegalArgumentException("graph is not a correspondence network (no '" + OUTPUT + "' or '"
                    + TEACHER_FEATURES + "' vertex)");
        }
        return new CorrespondenceNetwork(config, graph);
    }

    /**
     * The network's configuration before freezing (teacher layers still plain), with an SGD-Nesterov placeholder
     * updater; the trainer installs the real optimiser.
     *
     * @param config architecture
     * @param dtype  network data type
     * @param seed   initialisation seed
     * @return the DL4J configuration
     */
    public static ComputationGraphConfiguration graphConfiguration(CorrespondenceConfig config, DataType dtype,
            long seed) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .dataType(dtype).seed(seed).updater(new Nesterovs(0.1, 0.9))
                .graphBuilder()
                .addInputs(FRAMES, CLIP)
                .setInputTypes(Shapes.ncdhw(config.frames(), config.frameSize(), config.frameSize(),
                                config.teacher().inChannels()),
                        Shapes.ncdhw(config.clipFrames(), config.clipSize(), config.clipSize(),
                                config.student().trunk().inChannels()));
        gb.addVertex(TEACHER_FRAMES, new FramesToBatch(), FRAMES);
        DenseNet2dBuilder.Outputs teacher = DenseNet2dBuilder.append(gb, config.teacher(), TEACHER,
                BlockOutput.of(TEACHER_FRAMES, config.teacher().inChannels(), 1, config.frameSize(),
                        config.frameSize()));
        gb.addVertex(TEACHER_FEATURES, new FrameMean(), teacher.features(), FRAMES);
        String studentFeatures = appendStudent(gb, config.student(), dtype, seed, config.clipFrames(),
                config.clipSize());
        gb.addLayer(PROJECTION, new DenseLayer.Builder().nIn(config.student().featureDim())
                .nOut(config.projectionDim()).activation(activation(config.projectionActivation()))
                .weightInit(WeightInit.XAVIER).biasInit(0).build(), studentFeatures);

        String head = LayerNames.head();
        String concat = LayerNames.join(head, "concat");
        gb.addVertex(concat, new MergeVertex(), TEACHER_FEATURES, PROJECTION);
        long width = teacher.featureDim() + config.projectionDim();
        String x = concat;
        List<Integer> widths = new ArrayList<>();
        if (config.extraFc()) {
            widths.add((int) width);
        }
        widths.addAll(config.headWidths());
        for (int i = 0; i < widths.size(); i++) {
            String name = LayerNames.join(head, "fc" + (config.extraFc() ? i : i + 1));
            DenseLayer.Builder fc = new DenseLayer.Builder().nIn(width).nOut(widths.get(i))
                    .activation(activation(config.headActivation())).weightInit(WeightInit.XAVIER).biasInit(0);
            if (config.headDropout() > 0) {
                fc.dropOut(1.0 - config.headDropout());
            }
            gb.addLayer(name, fc.build(), x);
            x = name;
            width = widths.get(i);
        }
        gb.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(width).nOut(2).weightInit(WeightInit.XAVIER).biasInit(0).build(), x);
        gb.setOutputs(OUTPUT);
        return gb.build();
    }

    /**
     * Builds, initialises and freezes a correspondence network.
     *
     * @param config         architecture
     * @param dtype          network data type
     * @param seed           initialisation seed of the student and head
     * @param teacherWeights torchvision DenseNet state dict (all teacher tensors required), or null to keep the
     *                       teacher random (tests only: a random teacher teaches nothing useful)
     * @return the network, teacher frozen
     */
    public static CorrespondenceNetwork build(CorrespondenceConfig config, DataType dtype, long seed,
            Map<String, INDArray> teacherWeights) {
        ComputationGraph g = new ComputationGraph(graphConfiguration(config, dtype, seed));
        g.init();
        if (teacherWeights != null) {
            ImportReport r = TeacherWeights.load(g, config.teacher(), TEACHER, teacherWeights, true);
            if (!r.unexpected().isEmpty()) {
                LOG.info("teacher weights not used by the teacher (expected for an ImageNet classifier): {}",
                        r.unexpected());
            }
        }
        ComputationGraph frozen = new TransferLearning.GraphBuilder(g).setFeatureExtractor(TEACHER_FEATURES).build();
        return new CorrespondenceNetwork(config, frozen);
    }

    /** @return the configuration */
    public CorrespondenceConfig config() {
        return config;
    }

    /** @return the DL4J network */
    public ComputationGraph graph() {
        return graph;
    }

    /** @return the teacher's tensors under torchvision names (copies) */
    public Map<String, INDArray> teacherState() {
        return TeacherWeights.export(graph, config.teacher(), TEACHER);
    }

    /**
     * Probability that frames and clip correspond, in inference mode.
     *
     * @param frames NCDHW [N, 3, X, H, W]
     * @param clip   NCDHW [N, 3, T, H', W']
     * @return [N] probabilities of class {@value #MATCH}
     */
    public INDArray matchProbability(INDArray frames, INDArray clip) {
        DataType dt = graph.getConfiguration().getDataType();
        INDArray out = graph.output(false, frames.castTo(dt), clip.castTo(dt))[0];
        return out.getColumn(MATCH).dup();
    }

    /**
     * Parameter counts as PyTorch counts them (BN running statistics apart).
     *
     * @param teacher          teacher parameters (frozen), 6,953,856 for DenseNet-121
     * @param teacherStats     teacher BN running statistics, 83,648 for DenseNet-121
     * @param student          student parameters without its (unused) classifier
     * @param projectionAndHead student projection and correspondence head: 2,033,538 for T3D-121 → 1024
     */
    public record Counts(long teacher, long teacherStats, long student, long projectionAndHead) {
        /** @return trainable parameters: student, projection and head */
        public long trainable() {
            return student + projectionAndHead;
        }
    }

    /** @return the parameter counts of a configuration (nothing is initialised) */
    public static Counts count(ComputationGraphConfiguration conf) {
        long teacher = 0;
        long stats = 0;
        long student = 0;
        long head = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || lv.getLayerConf() == null) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer();
            if (l instanceof FrozenLayer fl) {
                l = fl.getLayer();
            }
            long n = l.initializer().numParams(l);
            long running = l instanceof BatchNorm3D bn ? 2 * bn.getNOut() : 0;
            String name = e.getKey();
            if (name.startsWith(TEACHER + LayerNames.SEP)) {
                teacher += n - running;
                stats += running;
            } else if (name.equals(PROJECTION) || name.startsWith(LayerNames.head() + LayerNames.SEP)) {
                head += n - running;
            } else if (name.startsWith(STUDENT + LayerNames.SEP)) {
                student += n - running;
            }
        }
        return new Counts(teacher, stats, student, head);
    }

    /** @return this network's parameter counts */
    public Counts count() {
        return count(graph.getConfiguration());
    }

    /**
     * Exports the student as a plain DenseNet3D / T3D model: every student parameter (BN statistics included) is
     * copied; the classifier {@code head/fc} is freshly initialised for {@code numClasses}, ready for fine-tuning.
     *
     * @param numClasses classes of the new classifier
     * @param options    model options (data type, seed of the new classifier, optimiser); the input size and class
     *                   count are taken from the correspondence config and {@code numClasses}
     * @return the student model
     */
    public T3dModel exportStudent(int numClasses, ModelOptions options) {
        ModelConfig c = config.student().withNumClasses(numClasses).withInput(config.clipFrames(), config.clipSize());
        T3dModel model = T3dModels.build(c, options.toBuilder().numClasses(null).input(null, null).profile(null)
                .build());
        int copied = 0;
        for (Layer layer : model.graph().getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (name.equals(STUDENT_FC)) {
                continue;
            }
            Layer src = graph.getLayer(LayerNames.join(STUDENT, name));
            if (src == null) {
                throw new IllegalStateException("correspondence network has no layer '" + STUDENT + "/" + name + "'");
            }
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                INDArray from = src.getParam(p.getKey());
                if (from == null || !java.util.Arrays.equals(from.shape(), p.getValue().shape())) {
                    throw new IllegalStateException("parameter " + name + "/" + p.getKey() + " differs in shape");
                }
                p.getValue().assign(from.castTo(p.getValue().dataType()));
                copied++;
            }
        }
        LOG.info("exported student {} ({} tensors copied, classifier re-initialised for {} classes)",
                c.family(), copied, numClasses);
        return model;
    }

    private static String appendStudent(GraphBuilder gb, ModelConfig student, DataType dtype, long seed, int frames,
            int size) {
        ComputationGraphConfiguration sc = T3dModels.graphConfiguration(student, ModelOptions.builder()
                .dataType(dtype).seed(seed).input(frames, size).build());
        Map<String, List<String>> inputs = sc.getVertexInputs();
        for (Map.Entry<String, GraphVertex> e : sc.getVertices().entrySet()) {
            String name = e.getKey();
            if (name.equals(STUDENT_FC)) {
                continue;
            }
            String newName = LayerNames.join(STUDENT, name);
            String[] in = inputs.get(name).stream()
                    .map(i -> i.equals(STUDENT_INPUT) ? CLIP : LayerNames.join(STUDENT, i))
                    .toArray(String[]::new);
            GraphVertex v = e.getValue().clone();
            if (v instanceof LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer().clone();
                l.setLayerName(newName);
                gb.addLayer(newName, l, lv.getPreProcessor(), in);
            } else {
                if (v instanceof Concat3D c3) {
                    c3.setName(newName);
                }
                gb.addVertex(newName, v, in);
            }
        }
        return LayerNames.join(STUDENT, T3dModel.FEATURES);
    }

    private static Activation activation(String a) {
        return a.equals("relu") ? Activation.RELU : Activation.IDENTITY;
    }
}
