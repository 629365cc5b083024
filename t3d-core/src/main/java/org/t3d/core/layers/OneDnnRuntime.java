package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The process-wide oneDNN CPU engine and stream, the lock every execution holds, and the binding of ND4J arrays to
 * oneDNN memory objects. All executions hold {@link #LOCK}: oneDNN already uses every core for one primitive, and the
 * cached primitives' memory objects are rebound to new data on every call.
 */
final class OneDnnRuntime {

    /** Held while binding memories and executing primitives, and while creating or evicting cached primitives. */
    static final Object LOCK = new Object();

    private static dnnl_engine engine;
    private static dnnl_stream stream;
    private static long executions;

    private OneDnnRuntime() {
    }

    /** @return the CPU engine (created on first use, which also loads the natives) */
    static dnnl_engine engine() {
        synchronized (LOCK) {
            if (engine == null) {
                dnnl_engine e = new dnnl_engine();
                check(dnnl_engine_create(e, dnnl_cpu, 0), "engine");
                dnnl_stream s = new dnnl_stream();
                check(dnnl_stream_create(s, e, dnnl_stream_default_flags), "stream");
                engine = e;
                stream = s;
            }
            return engine;
        }
    }

    /** @return the number of primitive executions so far (including reorders), for tests */
    static long executions() {
        synchronized (LOCK) {
            return executions;
        }
    }

    /**
     * Executes a primitive and waits for it. Call with {@link #LOCK} held.
     *
     * @param p               the primitive
     * @param argsAndMemories pairs of {@code DNNL_ARG_*} (Integer) and {@link dnnl_memory}
     */
    static void execute(dnnl_primitive p, Object... argsAndMemories) {
        int n = argsAndMemories.length / 2;
        try (dnnl_exec_arg_t args = new dnnl_exec_arg_t(n)) {
            for (int i = 0; i < n; i++) {
                args.position(i).arg((Integer) argsAndMemories[2 * i]).memory((dnnl_memory) argsAndMemories[2 * i + 1]);
            }
            args.position(0);
            check(dnnl_primitive_execute(p, stream, n, args), "execute");
            check(dnnl_stream_wait(stream), "stream wait");
            executions++;
        }
    }

    /**
     * Points a memory object at an array's data.
     *
     * @param m the memory object (its descriptor must describe {@code a}'s shape in plain c order)
     * @param a a float32 array whose elements lie contiguously in c order ({@link #denseC})
     */
    static void bind(dnnl_memory m, INDArray a) {
        if (a.dataType() != DataType.FLOAT || !denseC(a)) {
            throw new IllegalArgumentException("oneDNN needs c-contiguous float32 arrays, got " + a.dataType() + " "
                    + Arrays.toString(a.shape()) + " order " + a.ordering() + " strides "
                    + Arrays.toString(a.stride()));
        }
        // the address of a view's buffer already includes its offset (measured: a view at element 10 starts 40 bytes in)
        final long start = a.data().addressPointer().address();
        if (start == 0) {
            throw new IllegalStateException("oneDNN: array " + Arrays.toString(a.shape()) + " has no native buffer");
        }
        check(dnnl_memory_set_data_handle(m, new Pointer() {
            {
                address = start;
            }
        }), "set data handle");
    }

    /**
     * @param a an array
     * @return true when {@code a}'s elements lie contiguously in c order from its offset (strides of size-1 axes,
     *         which DL4J's parameter views set freely, do not matter)
     */
    static boolean denseC(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) > 1) {
                if (a.stride(i) != expected) {
                    return false;
                }
                expected *= a.size(i);
            }
        }
        return true;
    }

    /**
     * @param x    an array
     * @param mgr  workspace manager
     * @param type array type of the copy
     * @return {@code x} itself when its elements lie contiguously in c order ({@link #denseC}), else a c-ordered copy
     */
    static INDArray contiguous(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        return denseC(x) ? x : mgr.dup(type, x, 'c');
    }

    /**
     * @param status a oneDNN status
     * @param what   what was attempted, for the message
     * @throws IllegalStateException unless {@code status} is success
     */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }
}
