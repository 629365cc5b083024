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
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * the native work over and waits. Callers also hold the lock ({@link #hold}): oneDNN already uses every core for one
 * primitive, and the cached primitives' operands are staged per call.
 *
 * <p>A whole job can run on that thread ({@link #job}, public as {@link OneDnn#callOnOneDnnThread}); its layers then
 * call oneDNN directly, without a hand-over per call. Native work that other threads hand over meanwhile is run by
 * the job's thread whenever it takes the lock (and while it waits for it), so a thread that holds the lock and waits
 * for its native work cannot block the job.
 */
final class OneDnnRuntime {

    /** The lock, held by callers from staging their operands to the end of the hand-over (see {@link #hold}). */
    private static final ReentrantLock LOCK = new ReentrantLock();

    /** How long the oneDNN thread waits for the lock before it runs handed-over work again, in microseconds. */
    private static final long LOCK_POLL_MICROS = 50;

    private static final String THREAD_NAME = "t3d-onednn";
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();
    private static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, QUEUE,
            r -> {
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

    /** Native work handed over by a thread other than the oneDNN thread. */
    private static final class NativeWork<T> extends FutureTask<T> {
        NativeWork(Callable<T> work) {
            super(onExecutor(work));
        }
    }

    /** @return {@code work}, first recording the thread it runs on as the oneDNN thread */
    private static <T> Callable<T> onExecutor(Callable<T> work) {
        return () -> {
            executorThread = Thread.currentThread();
            return work.call();
        };
    }

    /** The lock held (see {@link #hold}); closing it releases the lock. */
    static final class Held implements AutoCloseable {
        private static final Held INSTANCE = new Held();

        private Held() {
        }

        @Override
        public void close() {
            LOCK.unlock();
        }
    }

    /**
     * Takes the lock; use as {@code try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { ... }}. Hold it from looking
     * up a cached primitive set and staging its operands to the end of the native work. On the oneDNN thread (a
     * {@link #job}) its outermost hold first runs the native work other threads have handed over, and again while it
     * waits for the lock; nested holds (the lock already held) take it directly.
     *
     * @return the hold, to be closed
     */
    static Held hold() {
        if (Thread.currentThread() == executorThread && !LOCK.isHeldByCurrentThread()) {
            runHandedOver();
            boolean interrupted = false;
            while (true) {
                try {
                    if (LOCK.tryLock(LOCK_POLL_MICROS, TimeUnit.MICROSECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                runHandedOver();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } else {
            LOCK.lock();
        }
        return Held.INSTANCE;
    }

    /** @return true when the calling thread holds the lock (for tests) */
    static boolean isHeldByCurrentThread() {
        return LOCK.isHeldByCurrentThread();
    }

    /** On the oneDNN thread during a job: runs the native work other threads have queued (never a queued job). */
    private static void runHandedOver() {
        if (QUEUE.isEmpty()) {
            return;
        }
        for (Runnable r : QUEUE) {
            if (r instanceof NativeWork<?> && QUEUE.remove(r)) {
                r.run();
            }
        }
    }

    /**
     * Runs {@code work} on the oneDNN thread and waits for it (directly when already on it).
     *
     * @param <T>  result type
     * @param work native oneDNN work
     * @return its result
     */
    static <T> T call(Callable<T> work) {
        try {
            if (Thread.currentThread() == executorThread) {
                return work.call();
            }
            NativeWork<T> task = new NativeWork<>(work);
            EXECUTOR.execute(task);
            return await(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a whole job on the oneDNN thread and waits for it (directly when already on it), so that the oneDNN calls
     * of the job's layers run without a hand-over. A job queued while another runs waits for it to end.
     *
     * @param <T> result type
     * @param job the job
     * @return its result
     * @throws Exception what the job throws
     */
    static <T> T job(Callable<T> job) throws Exception {
        if (Thread.currentThread() == executorThread) {
            return job.call();
        }
        if (LOCK.isHeldByCurrentThread()) {
            throw new IllegalStateException("a oneDNN job cannot start while its caller holds the oneDNN lock");
        }
        FutureTask<T> task = new FutureTask<>(onExecutor(job));
        EXECUTOR.execute(task);
        return await(task);
    }

    /** Waits for a task (uninterruptibly: native work cannot be abandoned half-way) and rethrows what it threw. */
    private static <T> T await(FutureTask<T> task) throws Exception {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
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
