package org.t3d.core.layers;

import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switch and availability check for T3D-J's direct oneDNN paths (JavaCPP's {@code org.bytedeco:dnnl} 2.5.2 presets),
 * used for float32 on the CPU backend: {@link Conv3DLayer} (3D convolutions forward and backward; 1×1×1 ones as batched
 * matmuls),
 * {@link Pool3DLayer} (3D max and average pooling) and the batch-norm backward pass of {@link BatchNorm3DLayer} and
 * {@link BnReluConv1x1Layer}. Primitives are cached per shape and run on one thread; libnd4j's own oneDNN calls
 * rebuild their primitives on every call and leave pooling on oneDNN's reference kernel (docs/performance.md,
 * sections 4–9).
 *
 * <p>On by default. Off with the system property {@code -Dt3d.onednn=false} or {@link #setEnabled(boolean)}. The
 * paths are also skipped, silently, for double precision (oneDNN has no f64 kernels; the gradient checks therefore run
 * DL4J's and {@link BatchNormKernels}' code), on the CUDA backend, and when the oneDNN natives cannot be loaded on
 * this platform (logged once); DL4J's implementation then runs unchanged.
 */
public final class OneDnn {

    /** System property that switches the oneDNN convolution path off when set to {@code false}. */
    public static final String PROPERTY = "t3d.onednn";

    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    private static volatile Boolean loaded;

    private OneDnn() {
    }

    /**
     * Runs a whole job (a training loop, an evaluation, a benchmark) on the one thread that makes T3D-J's oneDNN
     * calls, and waits for it. The job's layers then call oneDNN directly instead of handing every call over to that
     * thread and waiting (DenseNet3D-121, batch 4, 16×112×112: forward pass about 10 % faster; docs/performance.md,
     * section 20). Results are identical either way. The {@code t3d} command line runs every command this way.
     *
     * <p>Other threads may still use T3D-J layers meanwhile: their oneDNN work is run by the job's thread whenever the
     * job itself calls oneDNN. So a job must not block waiting for another thread's forward or backward pass (it would
     * wait for ever); data-loading threads are fine. A job started while another runs waits for it to end; a job
     * started from inside a job runs directly.
     *
     * @param <T> result type
     * @param job the job
     * @return its result
     * @throws Exception what the job throws
     */
    public static <T> T callOnOneDnnThread(Callable<T> job) throws Exception {
        return OneDnnRuntime.job(job);
    }

    /** @return true when the switch is on (the default), regardless of whether the natives load */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches the oneDNN convolution path on or off for the whole JVM (layers check it on every call).
     *
     * @param on true to use oneDNN where it applies
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * @return true when the oneDNN natives load and ND4J runs on the CPU backend (loads them on the first call)
     */
    public static boolean isAvailable() {
        Boolean l = loaded;
        if (l == null) {
            synchronized (OneDnn.class) {
                if (loaded == null) {
                    loaded = load();
                }
                l = loaded;
            }
        }
        return l;
    }

    private static boolean load() {
        try {
            if (!Nd4j.getEnvironment().isCPU()) {
                LOG.info("oneDNN convolution path not used: ND4J backend is not the CPU backend");
                return false;
            }
            OneDnnRuntime.engine();
            return true;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
            LOG.warn("oneDNN convolution path not available ({}); using libnd4j's conv3dnew", t.toString());
            return false;
        }
    }

    /**
     * @param dataType the layer's data type
     * @return true when a convolution of this data type takes the oneDNN path
     */
    static boolean applies(DataType dataType) {
        return enabled && dataType == DataType.FLOAT && isAvailable();
    }
}
