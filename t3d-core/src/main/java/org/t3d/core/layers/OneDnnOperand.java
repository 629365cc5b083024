package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;

import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One argument of a oneDNN primitive: the plain (NCDHW / OIDHW) layout of the ND4J array, the layout the primitive
 * chose, and the reorder between them. When the two differ, the primitive works on a temporary taken from the DL4J
 * workspace. A call {@link #stage}s its arrays on the caller's thread (workspaces belong to threads), then on the
 * oneDNN thread ({@link OneDnnRuntime#run}) {@link #in} reorders into the temporary and {@link #finish()} out of it;
 * {@link #release()} at the end. Use with the oneDNN lock ({@link OneDnnRuntime#hold}) held.
 */
final class OneDnnOperand {

    private final dnnl_memory_desc_t chosen;
    private final dnnl_memory user;
    private final dnnl_memory internal;
    private final dnnl_primitive reorder;
    private final long floats;
    private INDArray array;
    private INDArray temporary;

    /**
     * @param r      owner of the native objects
     * @param plain  the ND4J array's layout
     * @param chosen the primitive's layout
     * @param input  true for a primitive input (reorder plain → chosen), false for an output (chosen → plain)
     */
    OneDnnOperand(OneDnnResources r, dnnl_memory_desc_t plain, dnnl_memory_desc_t chosen, boolean input) {
        this.chosen = chosen;
        user = r.memory(plain);
        if (dnnl_memory_desc_equal(plain, chosen) != 0) {
            internal = null;
            reorder = null;
            floats = 0;
        } else {
            internal = r.memory(chosen);
            reorder = input ? r.reorder(plain, chosen) : r.reorder(chosen, plain);
            floats = (dnnl_memory_desc_get_size(chosen) + Float.BYTES - 1) / Float.BYTES;
        }
    }

    /**
     * @param other another operand
     * @return true when both use the same primitive layout
     */
    boolean sameLayout(OneDnnOperand other) {
        return dnnl_memory_desc_equal(chosen, other.chosen) != 0;
    }

    /**
     * Caller's thread: records the array and takes the temporary (if the layouts differ) from the DL4J workspace.
     *
     * @param a   the ND4J array (input or output of the primitive)
     * @param mgr the layer's workspace manager
     * @param tmp array type of the temporary
     */
    void stage(INDArray a, LayerWorkspaceMgr mgr, ArrayType tmp) {
        array = a;
        temporary = reorder == null ? null : mgr.createUninitialized(tmp, DataType.FLOAT, new long[] {floats}, 'c');
    }

    /**
     * Caller's thread: takes a temporary in the primitive's layout for an output nobody reads (a workspace of oneDNN).
     *
     * @param mgr the layer's workspace manager
     * @param tmp array type of the temporary
     */
    void stageScratch(LayerWorkspaceMgr mgr, ArrayType tmp) {
        array = null;
        temporary = mgr.createUninitialized(tmp, DataType.FLOAT,
                new long[] {(dnnl_memory_desc_get_size(chosen) + Float.BYTES - 1) / Float.BYTES}, 'c');
    }

    /**
     * oneDNN thread: binds the staged input, reordering it into the temporary if needed.
     *
     * @return the memory to pass to the primitive
     */
    dnnl_memory in() {
        OneDnnRuntime.bind(user, array);
        if (reorder == null) {
            return user;
        }
        OneDnnRuntime.bind(internal, temporary);
        OneDnnRuntime.execute(reorder, DNNL_ARG_FROM, user, DNNL_ARG_TO, internal);
        return internal;
    }

    /**
     * oneDNN thread: binds the staged output; {@link #finish()} copies the primitive's result into it.
     *
     * @return the memory to pass to the primitive
     */
    dnnl_memory out() {
        OneDnnRuntime.bind(user, array);
        if (reorder == null) {
            return user;
        }
        OneDnnRuntime.bind(internal, temporary);
        return internal;
    }

    /**
     * oneDNN thread: binds the staged scratch temporary.
     *
     * @return the memory to pass to the primitive
     */
    dnnl_memory scratch() {
        dnnl_memory m = reorder == null ? user : internal;
        OneDnnRuntime.bind(m, temporary);
        return m;
    }

    /** Reorders the primitive's output into the bound array (no-op when the layouts are the same). */
    void finish() {
        if (reorder != null) {
            OneDnnRuntime.execute(reorder, DNNL_ARG_FROM, internal, DNNL_ARG_TO, user);
        }
    }

    /** Drops the references to the staged array and temporary. */
    void release() {
        array = null;
        temporary = null;
    }

    /** @param operands operands whose temporaries are no longer needed (null entries are skipped) */
    static void releaseAll(OneDnnOperand... operands) {
        for (OneDnnOperand o : operands) {
            if (o != null) {
                o.release();
            }
        }
    }
}
