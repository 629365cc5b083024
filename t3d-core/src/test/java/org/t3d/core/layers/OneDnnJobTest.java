package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Jobs on the oneDNN thread ({@link OneDnn#callOnOneDnnThread}): the job's layers call oneDNN on that thread and give
 * the same outputs as handed-over calls; other threads' oneDNN work is served while a job runs, even when they hold
 * the oneDNN lock (without that, these tests hang and time out); a second job waits for the first instead of being
 * run inside it; exceptions come back unchanged; a job inside a job runs directly.
 */
@ExtendWith(RequiresOneDnn.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneDnnJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static ComputationGraph net(int width) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(5)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 4, width, 4))
                .addLayer("conv", Conv3D.builder().convolutionMode(ConvolutionMode.Same).kernelSize(3, 3, 3).nIn(4)
                        .nOut(6).hasBias(false).activation(Activation.IDENTITY)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(2)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray input(int width, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, 2, 4, 3, 4, width);
    }

    @Test
    void aJobRunsOnTheOneDnnThreadWithTheSameResults() throws Exception {
        ComputationGraph g = net(5);
        INDArray x = input(5, 1);
        INDArray expected = g.outputSingle(x).dup();
        long before = OneDnnRuntime.executions();
        Thread caller = Thread.currentThread();
        Object[] got = OneDnn.callOnOneDnnThread(() -> new Object[] {Thread.currentThread(), g.outputSingle(x).dup(),
            OneDnnRuntime.call(Thread::currentThread)});
        Thread jobThread = (Thread) got[0];
        assertNotEquals(caller, jobThread);
        assertEquals("t3d-onednn", jobThread.getName());
        assertSame(jobThread, got[2], "native work inside a job runs on the job's own thread");
        assertEquals(expected, got[1]);
        assertTrue(OneDnnRuntime.executions() > before, "the job's convolution did not run on oneDNN");
    }

    @Test
    void anotherThreadsForwardPassIsServedWhileAJobRuns() {
        ComputationGraph other = net(5);
        INDArray x = input(5, 2);
        INDArray expected = other.outputSingle(x).dup();
        ComputationGraph mine = net(6);
        INDArray mx = input(6, 3);
        INDArray got = assertTimeoutPreemptively(TIMEOUT, () -> OneDnn.callOnOneDnnThread(() -> {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    result.set(other.outputSingle(x).dup());
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            t.start();
            // the job keeps calling oneDNN itself; each call serves the other thread's queued work
            while (t.isAlive()) {
                mine.outputSingle(mx);
                t.join(1);
            }
            if (result.get() instanceof Throwable e) {
                throw new AssertionError(e);
            }
            return (INDArray) result.get();
        }));
        assertEquals(expected, got);
    }

    @Test
    void aThreadThatHoldsTheLockAndWaitsForItsNativeWorkDoesNotBlockTheJob() {
        int answer = assertTimeoutPreemptively(TIMEOUT, () -> OneDnn.callOnOneDnnThread(() -> {
            CountDownLatch holding = new CountDownLatch(1);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
                    holding.countDown();
                    result.set(OneDnnRuntime.call(() -> 42));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            t.start();
            assertTrue(holding.await(60, TimeUnit.SECONDS));
            try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
                assertTrue(OneDnnRuntime.isHeldByCurrentThread());
            }
            t.join();
            if (result.get() instanceof Throwable e) {
                throw new AssertionError(e);
            }
            return (Integer) result.get();
        }));
        assertEquals(42, answer);
    }

    @Test
    void aSecondJobWaitsForTheFirstInsteadOfRunningInsideIt() {
        List<String> events = new CopyOnWriteArrayList<>();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            AtomicReference<Thread> second = new AtomicReference<>();
            OneDnn.callOnOneDnnThread(() -> {
                Thread t = new Thread(() -> {
                    try {
                        OneDnn.callOnOneDnnThread(() -> events.add("second job"));
                    } catch (Exception e) {
                        events.add("second failed: " + e);
                    }
                });
                second.set(t);
                t.start();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < end) {
                    try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
                        Thread.sleep(5);
                    }
                }
                events.add("first job ends");
                return null;
            });
            second.get().join();
        });
        assertEquals(List.of("first job ends", "second job"), events);
    }

    @Test
    void exceptionsComeBackUnchangedAndNestedJobsRunDirectly() throws Exception {
        IOException e = assertThrows(IOException.class, () -> OneDnn.callOnOneDnnThread(() -> {
            throw new IOException("no such clip");
        }));
        assertEquals("no such clip", e.getMessage());
        Thread[] threads = OneDnn.callOnOneDnnThread(
                () -> new Thread[] {Thread.currentThread(), OneDnn.callOnOneDnnThread(Thread::currentThread)});
        assertSame(threads[0], threads[1]);
    }
}
