package org.t3d.data.iterator;

import java.nio.FloatBuffer;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies per-example float arrays into batched float32 INDArrays (outside any workspace). */
final class BatchAssembler {
    private BatchAssembler() {
    }

    /**
     * @param examples per-example arrays, each of {@code prod(exampleShape)} floats
     * @param exampleShape shape of one example (e.g. {@code [3, T, H, W]})
     * @return float32 array {@code [N, exampleShape...]}
     */
    @SuppressWarnings("try")
    static INDArray stack(List<float[]> examples, long[] exampleShape) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = examples.size();
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        long per = 1;
        for (long s : exampleShape) {
            per *= s;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray out = Nd4j.createUninitializedDetached(DataType.FLOAT, shape);
            FloatBuffer buf = out.data().asNioFloat();
            for (int i = 0; i < examples.size(); i++) {
                float[] e = examples.get(i);
                if (e.length != per) {
                    throw new IllegalArgumentException("example " + i + " has " + e.length + " values, expected " + per);
                }
                buf.position((int) (i * per));
                buf.put(e);
            }
            return out;
        }
    }

    /**
     * @param labels     0-based class of each example
     * @param numClasses number of classes
     * @return one-hot float32 {@code [N, numClasses]}
     */
    @SuppressWarnings("try")
    static INDArray oneHot(int[] labels, int numClasses) {
        float[] data = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            data[i * numClasses + labels[i]] = 1f;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(data, new long[] {labels.length, numClasses}, 'c');
        }
    }
}
