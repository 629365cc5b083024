package org.t3d.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.layers.BnReluConv1x1;
import org.t3d.models.io.WeightExporter;
import org.t3d.models.io.WeightImporter;

/**
 * A built DenseNet3D / T3D network with its configuration.
 *
 * <p>Vertex names: input {@code input}, output {@code head/fc} (softmax), pooled features {@code head/pool}; the
 * output vertex of every stage is given by {@link #stageVertices()}. All clip arguments are NCDHW
 * {@code [N, C, T, H, W]} in any floating-point data type (cast to the network's).
 */
public final class T3dModel {

    /** Zip entry holding the configuration JSON. */
    public static final String CONFIG_ENTRY = "t3d-config.json";
    /** Name of the input vertex. */
    public static final String INPUT = ModelGraph.INPUT;
    /** Name of the output (softmax classifier) vertex. */
    public static final String OUTPUT = ModelGraph.FC;
    /** Name of the pooled-feature vertex. */
    public static final String FEATURES = ModelGraph.POOL;

    private static final Logger LOG = LoggerFactory.getLogger(T3dModel.class);

    private final ModelConfig config;
    private final ComputationGraph graph;
    private final Map<String, String> stageVertices;

    T3dModel(ModelConfig config, ComputationGraph graph) {
        this.config = Objects.requireNonNull(config, "config");
        this.graph = Objects.requireNonNull(graph, "graph");
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, BlockOutput> e : ModelGraph.build(config, ModelOptions.DEFAULTS).stages().entrySet()) {
            m.put(e.getKey(), e.getValue().vertex());
        }
        this.stageVertices = Collections.unmodifiableMap(m);
    }

    /** @return the DL4J network */
    public ComputationGraph graph() {
        return graph;
    }

    /** @return the architecture */
    public ModelConfig config() {
        return config;
    }

    /**
     * @return stage name → output vertex, in network order: {@code stem, denseblock1, transition1|ttl1, …,
     *         denseblockB, norm5} (the golden {@code act_<stage>} names)
     */
    public Map<String, String> stageVertices() {
        return stageVertices;
    }

    /** @return trainable parameters (as PyTorch counts them: BN running statistics excluded) */
    public long numTrainableParams() {
        return ModelSummary.trainableParams(graph.getConfiguration());
    }

    /**
     * Class probabilities in inference mode (BN uses running statistics).
     *
     * @param clips NCDHW [N, C, T, H, W]
     * @return softmax probabilities [N, numClasses]
     */
    public INDArray predict(INDArray clips) {
        return graph.outputSingle(false, prepare(clips));
    }

    /**
     * Pooled feature vectors in inference mode: ReLU(norm5) → global average pool.
     *
     * @param clips NCDHW [N, C, T, H, W]
     * @return features [N, featureDim]
     */
    public INDArray features(INDArray clips) {
        return graph.output(List.of(FEATURES), false, new INDArray[] {prepare(clips)}, null)[0];
    }

    /**
     * Pre-softmax logits in inference mode: features · W + b of the classifier.
     *
     * @param clips NCDHW [N, C, T, H, W]
     * @return logits [N, numClasses]
     */
    public INDArray logits(INDArray clips) {
        return logitsOf(features(clips));
    }

    /**
     * @param features pooled features [N, featureDim]
     * @return features · W + b of the classifier [N, numClasses]
     */
    public INDArray logitsOf(INDArray features) {
        Layer fc = graph.getLayer(OUTPUT);
        return features.castTo(graph.getConfiguration().getDataType()).mmul(fc.getParam("W"))
                .addiRowVector(fc.getParam("b"));
    }

    /**
     * Activations of every stage (see {@link #stageVertices()}), detached from workspaces. All vertex activations
     * are computed and kept during the call, so this needs about as much memory as a training step.
     *
     * @param clips NCDHW [N, C, T, H, W]
     * @param train true for training-mode BN (batch statistics; updates the running statistics)
     * @return stage name → NCDHW activation
     */
    public Map<String, INDArray> stageActivations(INDArray clips, boolean train) {
        // DL4J 1.0.0-M2.1's output(List<String>, ...) fails with workspaces on for several intermediate vertices
        // ("Expected no workspace active at the end of outputOfLayerDetached"), so this uses feedForward, which keeps
        // every vertex's activation: memory grows with the clip size (fine for analysis, not for big batches).
        Map<String, INDArray> all = graph.feedForward(new INDArray[] {prepare(clips)}, train, true);
        Map<String, INDArray> m = new LinkedHashMap<>();
        stageVertices.forEach((stage, vertex) -> m.put(stage, all.get(vertex)));
        if (!train) {
            // In inference mode DL4J's ActivationLayer (head/relu) applies its ReLU in place on norm5's output, so
            // the array feedForward returns for norm5 is post-ReLU: recompute norm5 from its input with the layer.
            String last = "denseblock" + config.trunk().numBlocks();
            Layer norm5 = graph.getLayer(ModelGraph.NORM5);
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
            norm5.setInput(m.get(last), ws);
            m.put("norm5", norm5.activate(false, ws).dup());
            norm5.clear();
        }
        return m;
    }

    private INDArray prepare(INDArray clips) {
        Objects.requireNonNull(clips, "clips");
        long c = config.trunk().inChannels();
        if (clips.rank() != 5 || clips.size(1) != c) {
            throw new IllegalArgumentException("expected clips [N, " + c + ", T, H, W] (NCDHW), got "
                    + Arrays.toString(clips.shape()));
        }
        ModelGraph.checkInputSize(config, clips.size(2), clips.size(3), clips.size(4));
        return clips.dataType() == graph.getConfiguration().getDataType() ? clips
                : clips.castTo(graph.getConfiguration().getDataType());
    }

    /**
     * Saves the network (DL4J {@code ModelSerializer} zip, updater state included) plus the configuration JSON as
     * the entry {@value #CONFIG_ENTRY}.
     *
     * @param zip target file (overwritten)
     * @throws IOException when writing fails
     */
    public void save(Path zip) throws IOException {
        ModelSerializer.writeModel(graph, zip.toFile(), true);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.<String, Object>of())) {
            Files.writeString(fs.getPath(CONFIG_ENTRY), config.toJson(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Loads a model saved by {@link #save(Path)} and checks that the stored network matches the stored
     * configuration.
     *
     * @param zip the model zip
     * @return the model
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is not a T3D-J model zip, is corrupt, or its network does not
     *                                  match its configuration
     */
    public static T3dModel load(Path zip) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("model zip '" + zip + "' does not exist");
        }
        String json;
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(CONFIG_ENTRY);
            if (e == null) {
                throw new IllegalArgumentException("'" + zip + "' is not a T3D-J model zip: it has no " + CONFIG_ENTRY
                        + " entry (a plain DL4J zip can be read with ModelSerializer)");
            }
            try (InputStream in = zf.getInputStream(e)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ZipException ex) {
            throw new IllegalArgumentException("'" + zip + "' is not a readable zip file (corrupt or truncated): "
                    + ex.getMessage(), ex);
        }
        ModelConfig config;
        try {
            config = ModelConfig.fromJson(json);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + zip + "': invalid " + CONFIG_ENTRY + ": " + ex.getMessage(), ex);
        }
        ComputationGraph g;
        try {
            g = ModelSerializer.restoreComputationGraph(zip.toFile(), true);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("'" + zip + "': cannot restore the DL4J network (corrupt zip?): "
                    + ex.getMessage(), ex);
        }
        checkMatches(zip.toString(), config, g.getConfiguration());
        LOG.debug("loaded {} from {}", config.family(), zip);
        return new T3dModel(config, g);
    }

    /**
     * Copies all parameters (BN running statistics included) of another model of the same architecture, standard or
     * memory-efficient (the two variants hold the same tensors).
     *
     * @param other source model
     * @throws IllegalArgumentException listing the differences when the architectures differ
     */
    public void copyWeightsFrom(T3dModel other) {
        requireSameArchitecture(other.config, "the source model");
        copyParams(other.graph, "the source model");
    }

    /** @return true when the dense layers are memory-efficient (fused norm1conv1 layers, see {@link ModelOptions}) */
    public boolean isMemoryEfficient() {
        return isMemoryEfficient(graph.getConfiguration());
    }

    private static boolean isMemoryEfficient(ComputationGraphConfiguration conf) {
        return conf.getVertices().values().stream().anyMatch(v -> v instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BnReluConv1x1);
    }

    /** Same layout: flat copy; standard ↔ memory-efficient: copy by interchange name (same tensors, other layout). */
    private void copyParams(ComputationGraph source, String what) {
        if (graph.paramTable().keySet().equals(source.paramTable().keySet())) {
            graph.setParams(source.params());
        } else {
            WeightImporter.strict().load(graph, WeightExporter.toInterchange(source,
                    graph.getConfiguration().getDataType()), what);
        }
    }

    /**
     * Loads the weights of a model zip written by {@link #save(Path)} into this model.
     *
     * @param zip the model zip
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the zip's architecture differs from this model's (message lists the
     *                                  differing knobs)
     */
    public void loadWeights(Path zip) throws IOException {
        T3dModel other = load(zip);
        requireSameArchitecture(other.config, "'" + zip + "'");
        copyParams(other.graph, "'" + zip + "'");
    }

    private void requireSameArchitecture(ModelConfig other, String what) {
        List<String> diff = differences(config, other);
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException("cannot load the weights of " + what + " (" + other.family() + ") into "
                    + "this " + config.family() + " model: the architectures differ (this model vs the source) in "
                    + String.join("; ", diff));
        }
    }

    /**
     * @return the knobs (JSON lines) in which two configurations differ, ignoring the nominal input size
     */
    static List<String> differences(ModelConfig a, ModelConfig b) {
        List<String> la = ConfigJson.write(a.withInput(1, 1)).lines().map(String::trim).toList();
        List<String> lb = ConfigJson.write(b.withInput(1, 1)).lines().map(String::trim).toList();
        List<String> out = new ArrayList<>();
        if (!a.family().equals(b.family())) {
            out.add("family " + a.family() + " vs " + b.family());
        }
        int n = Math.max(la.size(), lb.size());
        if (la.size() == lb.size()) {
            for (int i = 0; i < n; i++) {
                if (!la.get(i).equals(lb.get(i))) {
                    out.add(la.get(i) + " vs " + lb.get(i));
                }
            }
        } else if (out.isEmpty()) {
            out.add(String.join(" ", la) + " vs " + String.join(" ", lb));
        }
        return out;
    }

    private static void checkMatches(String source, ModelConfig config, ComputationGraphConfiguration actual) {
        ModelOptions variant = ModelOptions.builder().memoryEfficient(isMemoryEfficient(actual)).build();
        ComputationGraphConfiguration expected = ModelGraph.build(config, variant).configuration();
        Map<String, Long> e = layerParams(expected);
        Map<String, Long> a = layerParams(actual);
        if (!e.equals(a)) {
            List<String> diff = new ArrayList<>();
            for (String k : e.keySet()) {
                if (!a.containsKey(k)) {
                    diff.add("missing layer " + k);
                } else if (!e.get(k).equals(a.get(k))) {
                    diff.add(k + " has " + a.get(k) + " parameters, config implies " + e.get(k));
                }
            }
            for (String k : a.keySet()) {
                if (!e.containsKey(k)) {
                    diff.add("unexpected layer " + k);
                }
            }
            throw new IllegalArgumentException("'" + source + "': the network does not match its " + CONFIG_ENTRY
                    + " (" + diff.size() + " differences, first: " + diff.subList(0, Math.min(5, diff.size())) + ")");
        }
    }

    private static Map<String, Long> layerParams(ComputationGraphConfiguration conf) {
        Map<String, Long> m = new TreeMap<>();
        conf.getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex lv) {
                m.put(name, lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf().getLayer()));
            }
        });
        return m;
    }

    @Override
    public String toString() {
        return "T3dModel(" + config.family() + " " + config.trunk().blockConfig() + ", " + config.numClasses()
                + " classes, " + numTrainableParams() + " parameters)";
    }
}
