package org.t3d.models.io;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented mapping between T3D-J vertex/parameter names and the PyTorch <em>T3D-J interchange naming v1</em>
 * (spec §P.2, golden README §3).
 *
 * <table>
 * <caption>vertex → interchange prefix</caption>
 * <tr><th>T3D-J vertex</th><th>interchange</th></tr>
 * <tr><td>{@code stem/conv}, {@code stem/norm}</td><td>{@code features.conv0}, {@code features.norm0}</td></tr>
 * <tr><td>{@code block<b>/layer<ll>/{norm1,conv1,norm2,conv2}}</td>
 * <td>{@code features.denseblock<b>.denselayer<l>.{…}}</td></tr>
 * <tr><td>{@code transition<t>/{norm,conv}}</td><td>{@code features.transition<t>.{norm,conv}}</td></tr>
 * <tr><td>{@code ttl<t>/branch<j>/{norm,conv}}, {@code ttl<t>/transition/{norm,conv}}</td>
 * <td>{@code features.ttl<t>.branch<j>.{…}}, {@code features.ttl<t>.transition.{…}}</td></tr>
 * <tr><td>{@code head/norm5}, {@code head/fc}</td><td>{@code features.norm5}, {@code classifier}</td></tr>
 * </table>
 *
 * <p>Parameter keys: Conv3D {@code W} → {@code weight} (same layout (out, in, kT, kH, kW)); BatchNorm3D {@code gamma,
 * beta, mean, var} → {@code weight, bias, running_mean, running_var}; classifier {@code W} (nIn, nOut) →
 * {@code weight} (out, in), transposed, and {@code b} → {@code bias}.
 *
 * <p>Fused layers of the memory-efficient variant ({@code ModelOptions.memoryEfficient}): a vertex whose leaf is
 * {@code <norm><conv>}, e.g. {@code block2/layer05/norm1conv1} ({@link org.t3d.core.layers.BnReluConv1x1}), holds the
 * parameters of two interchange modules: its BN keys map to the norm's names
 * ({@code features.denseblock2.denselayer5.norm1.weight}, …) and its {@code W} (out, in, 1, 1, 1) to the conv's
 * ({@code features.denseblock2.denselayer5.conv1.weight}). The same state dict therefore loads into both variants.
 */
public final class InterchangeNames {

    /** Interchange name of the classifier weight. */
    public static final String CLASSIFIER_WEIGHT = "classifier.weight";
    /** Interchange name of the classifier bias. */
    public static final String CLASSIFIER_BIAS = "classifier.bias";
    /** DL4J name of the classifier vertex. */
    public static final String CLASSIFIER_VERTEX = "head/fc";

    private static final Pattern DENSE = Pattern.compile("block(\\d+)/layer(\\d+)/(.+)");
    /** A fused norm + conv vertex: optional parent path, norm leaf, conv leaf. */
    private static final Pattern FUSED = Pattern.compile("(.*/)?(norm\\d*)(conv\\d*)");
    private static final Map<String, String> FIXED = Map.of(
            "stem/conv", "features.conv0",
            "stem/norm", "features.norm0",
            "head/norm5", "features.norm5",
            CLASSIFIER_VERTEX, "classifier");
    private static final Map<String, String> BN_KEYS = Map.of("gamma", "weight", "beta", "bias", "mean",
            "running_mean", "var", "running_var");

    private InterchangeNames() {
    }

    /**
     * @param vertex   T3D-J vertex (layer) name, e.g. {@code block2/layer05/conv2}
     * @param paramKey DL4J parameter key ({@code W}, {@code b}, {@code gamma}, {@code beta}, {@code mean},
     *                 {@code var})
     * @return the interchange tensor name, e.g. {@code features.denseblock2.denselayer5.conv2.weight}
     * @throws IllegalArgumentException for a parameter key without interchange equivalent
     */
    public static String of(String vertex, String paramKey) {
        String owner = componentVertex(vertex, paramKey);
        String suffix;
        if (BN_KEYS.containsKey(paramKey)) {
            suffix = BN_KEYS.get(paramKey);
        } else if ("W".equals(paramKey)) {
            suffix = "weight";
        } else if ("b".equals(paramKey)) {
            suffix = "bias";
        } else {
            throw new IllegalArgumentException("parameter '" + paramKey + "' of layer '" + vertex
                    + "' has no interchange name");
        }
        return module(owner) + "." + suffix;
    }

    /**
     * The (unfused) vertex a parameter belongs to in the standard graph: the vertex itself, except for a fused
     * {@code <norm><conv>} vertex, whose BN parameters belong to {@code <norm>} and whose weight belongs to
     * {@code <conv>}, e.g. ({@code block1/layer01/norm1conv1}, {@code gamma}) → {@code block1/layer01/norm1}.
     *
     * @param vertex   T3D-J vertex name
     * @param paramKey DL4J parameter key
     * @return the vertex name of the standard (not memory-efficient) graph that holds that parameter
     */
    public static String componentVertex(String vertex, String paramKey) {
        Matcher m = FUSED.matcher(vertex);
        if (!m.matches()) {
            return vertex;
        }
        String parent = m.group(1) == null ? "" : m.group(1);
        return parent + (BN_KEYS.containsKey(paramKey) ? m.group(2) : m.group(3));
    }

    /**
     * @return the interchange module name of a vertex of the standard graph, e.g. {@code features.ttl1.branch3.conv}
     *         (for a fused vertex use {@link #componentVertex} first)
     */
    public static String module(String vertex) {
        String fixed = FIXED.get(vertex);
        if (fixed != null) {
            return fixed;
        }
        Matcher m = DENSE.matcher(vertex);
        if (m.matches()) {
            return "features.denseblock" + m.group(1) + ".denselayer" + Integer.parseInt(m.group(2)) + "."
                    + m.group(3).replace('/', '.');
        }
        return "features." + vertex.replace('/', '.');
    }

    /** @return true when the DL4J parameter is the classifier's weight matrix stored (nIn, nOut) */
    static boolean transposed(String vertex, String paramKey) {
        return CLASSIFIER_VERTEX.equals(vertex) && "W".equals(paramKey);
    }
}
