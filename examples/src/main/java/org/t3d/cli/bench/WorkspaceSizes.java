package org.t3d.cli.bench;

import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sizes of the calling thread's ND4J workspaces, to tell when DL4J has finished learning them.
 *
 * <p>DL4J 1.0.0-M2.1 creates a graph's per-layer workspaces empty and sizes them only after a number of uses equal to
 * the graph's vertex count (its {@code LearningPolicy.OVER_TIME}; twice that for working memory). Until then every
 * activation is allocated outside the workspaces, and each fresh allocation is paid for in page faults: a T3D-121
 * forward pass at batch 4, 16×112×112 takes 2–4 s in its first five calls and 0.8–1.0 s afterwards
 * (docs/performance.md, section 17). Benchmarks warm up until these sizes stop changing.
 */
public final class WorkspaceSizes {

    private WorkspaceSizes() {
    }

    /** @return workspace id → current size in bytes, for the calling thread */
    public static Map<String, Long> current() {
        Map<String, Long> sizes = new TreeMap<>();
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            sizes.put(w.getId(), w.getCurrentSize());
        }
        return sizes;
    }

    /**
     * @param before sizes before a run
     * @param after  sizes after it
     * @return true when the run created, grew or initialised no workspace and every workspace has a size
     */
    public static boolean settled(Map<String, Long> before, Map<String, Long> after) {
        return before.equals(after) && after.values().stream().allMatch(s -> s > 0);
    }
}
