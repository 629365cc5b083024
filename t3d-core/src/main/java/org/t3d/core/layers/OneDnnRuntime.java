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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * The process-wide oneDNN CPU engine and stream, the one thread that makes every oneDNN call, the lock callers hold,
 * and the binding of ND4J arrays to oneDNN memory objects.
 *
 * <p>Every native oneDNN call (primitive creation, binding, execution) runs on one daemon thread, {@code t3d-onednn}
 * ({@link #run}, {@link #call}). JavaCPP's oneDNN uses the TBB runtime, and calling it from a succession of Java threads
 * crashed the JVM (null pointers inside a backward-weights convolution after three or four threads had come and gone,
 * even with primitives, streams and caches kept per thread; reproduced by {@code ActivationWorkspaceTest} and
 * {@code OneDnnConv3dTest}). The calling layer allocates its temporaries in its own DL4J workspaces first, then hands
 * the native work over and waits. Callers also hold {@link #LOCK}: oneDNN already uses every core for one primitive,
 * and the cached primitives' operands are staged per call.
 */
final class OneDnnRuntime {

    /** Held by callers from staging their operands to the end of the hand-over (operands are per cached primitive). */
    static final Object LOCK = new Object();

    private static final String THREAD_NAME = "t3d-onednn";
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private static volatile Thread executorThread;

    private static dnnl_engine engine;
    private static dnnl_stream stream;
    private static long executions;

    private OneDnnRuntime() {
    }

    /**
     * Runs {@code work} on the oneDNN thread and waits for it (directly when already on it).
     *
     * @param <T>  result type
     * @param work native oneDNN work
     * @return its result
     */
    static <T> T call(Callable<T> work) {
        if (Thread.currentThread() == executorThread) {
            try {
                return work.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = EXECUTOR.submit(() -> {
            executorThread = Thread.currentThread();
            return work.call();
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the native call cannot be abandoned half-way: wait for it
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @param work native oneDNN work, run on the oneDNN thread (see {@link #call}) */
    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** @return the CPU engine (created on first use, on the oneDNN thread, which also loads the natives) */
    static dnnl_engine engine() {
        return call(() -> {
            if (engine == null) {
                dnnl_engine e = new dnnl_engine();
                check(dnnl_engine_create(e, dnnl_cpu, 0), "engine");
                dnnl_stream s = new dnnl_stream();
                check(dnnl_stream_create(s, e, dnnl_stream_default_flags), "stream");
                engine = e;
                stream = s;
            }
            return engine;
        });
    }

    private static void requireOneDnnThread() {
        if (Thread.currentThread() != executorThread) {
            throw new IllegalStateException("oneDNN call outside the " + THREAD_NAME + " thread");
        }
    }

    /** @return the number of primitive executions so far (including reorders), for tests */
    static long executions() {
        return call(() -> executions);
    }

    /**
     * Executes a primitive and waits for it. Call on the oneDNN thread.
     *
     * @param p               the primitive
     * @param argsAndMemories pairs of {@code DNNL_ARG_*} (Integer) and {@link dnnl_memory}
     */
    static void execute(dnnl_primitive p, Object... argsAndMemories) {
        requireOneDnnThread();
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
     * Points a memory object at an array's data. Call on the oneDNN thread.
     *
     * @param m the memory object (its descriptor must describe {@code a}'s shape in plain c order)
     * @param a a float32 array whose elements lie contiguously in c order ({@link Shapes#denseC})
     */
    static void bind(dnnl_memory m, INDArray a) {
        requireOneDnnThread();
        if (a.dataType() != DataType.FLOAT || !Shapes.denseC(a)) {
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
     * @param x    an array
     * @param mgr  workspace manager
     * @param type array type of the copy
     * @return {@code x} itself when its elements lie contiguously in c order ({@link Shapes#denseC}), else a c-ordered copy
     */
    static INDArray contiguous(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        return Shapes.denseC(x) ? x : mgr.dup(type, x, 'c');
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
