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
 * workspace ({@link #in} reorders into it, {@link #finish()} reorders out of it). Use with
 * {@link OneDnnRuntime#LOCK} held, and {@link #release()} the temporary when the call ends.
 */
final class OneDnnOperand {

    private final dnnl_memory_desc_t chosen;
    private final dnnl_memory user;
    private final dnnl_memory internal;
    private final dnnl_primitive reorder;
    private final long floats;
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
     * Binds an input array.
     *
     * @return the memory to pass to the primitive (the array itself, or the temporary it was reordered into)
     */
    dnnl_memory in(INDArray a, LayerWorkspaceMgr mgr, ArrayType tmp) {
        OneDnnRuntime.bind(user, a);
        if (reorder == null) {
            return user;
        }
        bindTemporary(mgr, tmp);
        OneDnnRuntime.execute(reorder, DNNL_ARG_FROM, user, DNNL_ARG_TO, internal);
        return internal;
    }

    /**
     * Binds an output array; {@link #finish()} copies the primitive's result into it.
     *
     * @return the memory to pass to the primitive
     */
    dnnl_memory out(INDArray a, LayerWorkspaceMgr mgr, ArrayType tmp) {
        OneDnnRuntime.bind(user, a);
        if (reorder == null) {
            return user;
        }
        bindTemporary(mgr, tmp);
        return internal;
    }

    /**
     * A temporary in the primitive's layout, not bound to any array (a primitive output that no caller reads).
     *
     * @return the memory to pass to the primitive
     */
    dnnl_memory scratch(LayerWorkspaceMgr mgr, ArrayType tmp) {
        if (reorder == null) {
            temporary = mgr.createUninitialized(tmp, DataType.FLOAT,
                    new long[] {(dnnl_memory_desc_get_size(chosen) + Float.BYTES - 1) / Float.BYTES}, 'c');
            OneDnnRuntime.bind(user, temporary);
            return user;
        }
        bindTemporary(mgr, tmp);
        return internal;
    }

    private void bindTemporary(LayerWorkspaceMgr mgr, ArrayType tmp) {
        temporary = mgr.createUninitialized(tmp, DataType.FLOAT, new long[] {floats}, 'c');
        OneDnnRuntime.bind(internal, temporary);
    }

    /** Reorders the primitive's output into the bound array (no-op when the layouts are the same). */
    void finish() {
        if (reorder != null) {
            OneDnnRuntime.execute(reorder, DNNL_ARG_FROM, internal, DNNL_ARG_TO, user);
        }
    }

    /** Drops the reference to the temporary. */
    void release() {
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
