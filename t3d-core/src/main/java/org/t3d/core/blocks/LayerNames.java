package org.t3d.core.blocks;

/**
 * The one place where T3D-J vertex names are built. Names are hierarchical and stable, e.g.
 * {@code stem/conv}, {@code block2/layer05/conv2}, {@code ttl1/branch2/conv}, {@code head/fc}; the weight
 * importer maps them to the PyTorch interchange names ({@code features.denseblock2.denselayer5.conv2.weight}).
 */
public final class LayerNames {

    /** Separator between levels of a name. */
    public static final String SEP = "/";

    private LayerNames() {
    }

    /** @return {@code parent/child}, or {@code child} when the parent is empty */
    public static String join(String parent, String child) {
        if (parent == null || parent.isEmpty()) {
            return child;
        }
        return parent + SEP + child;
    }

    /**
     * Leaf name of a layer that fuses a norm and the conv it feeds, e.g. {@code norm1conv1} for {@code norm1} +
     * {@code conv1}; the weight importer maps its BN parameters to the norm's interchange name and its weight to the
     * conv's.
     *
     * @return {@code <norm><conv>}
     */
    public static String fused(String norm, String conv) {
        if (!norm.startsWith("norm") || !conv.startsWith("conv") || norm.contains(SEP) || conv.contains(SEP)) {
            throw new IllegalArgumentException("fused names join a 'norm…' and a 'conv…' leaf, got '" + norm
                    + "' and '" + conv + "'");
        }
        return norm + conv;
    }

    /** @return {@code stem} */
    public static String stem() {
        return "stem";
    }

    /** @return {@code block<b>} (1-based) */
    public static String denseBlock(int block) {
        return "block" + block;
    }

    /** @return {@code layer<ll>} (1-based, two digits) */
    public static String denseLayer(int layer) {
        return String.format("layer%02d", layer);
    }

    /** @return {@code transition<t>} (1-based) */
    public static String transition(int index) {
        return "transition" + index;
    }

    /** @return {@code ttl<t>} (1-based) */
    public static String ttl(int index) {
        return "ttl" + index;
    }

    /** @return {@code branch<j>} (1-based) */
    public static String branch(int index) {
        return "branch" + index;
    }

    /** @return {@code head} */
    public static String head() {
        return "head";
    }
}
