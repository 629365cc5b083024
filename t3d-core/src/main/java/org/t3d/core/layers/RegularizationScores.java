package org.t3d.core.layers;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The regularisation score of a layer (DL4J's {@code BaseLayer.calcRegularizationScore}) with the sum of squares
 * of float32 parameters computed in Java over the parameter buffer instead of one ND4J {@code norm2} op per array.
 * DL4J computes this score in every training step; on DenseNet3D-121's 121 decayed weight arrays the ops took
 * 15–38 ms per step, the loop 5–10 ms ({@code docs/performance.md} section 18). Other regularisations, data types
 * and non-contiguous views use DL4J's own {@link Regularization#score}.
 */
final class RegularizationScores {

    private RegularizationScores() {
    }

    /**
     * @param conf      the layer's training configuration
     * @param params    the layer's parameters by name
     * @param iteration current iteration
     * @param epoch     current epoch
     * @return the sum of the regularisation scores of all parameters
     */
    static double score(TrainingConfig conf, Map<String, INDArray> params, int iteration, int epoch) {
        double sum = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            List<Regularization> regs = conf.getRegularizationByParam(e.getKey());
            if (regs == null || regs.isEmpty()) {
                continue;
            }
            INDArray p = e.getValue();
            double sumSq = Double.NaN;
            for (Regularization r : regs) {
                double coeff;
                if (r instanceof WeightDecay w) {
                    coeff = w.getCoeff().valueAt(iteration, epoch);
                } else if (r instanceof L2Regularization l) {
                    coeff = l.getL2().valueAt(iteration, epoch);
                } else {
                    sum += r.score(p, iteration, epoch);
                    continue;
                }
                if (Double.isNaN(sumSq)) {
                    sumSq = sumOfSquares(p);
                }
                sum += coeff * 0.5 * sumSq;
            }
        }
        return sum;
    }

    /** @return the sum of the squared elements of {@code a} */
    static double sumOfSquares(INDArray a) {
        long n = a.length();
        if (a.dataType() != DataType.FLOAT || a.elementWiseStride() != 1 || a.data().length() > Integer.MAX_VALUE / 4
                || a.isEmpty()) {
            double norm = a.norm2Number().doubleValue();
            return norm * norm;
        }
        FloatBuffer fb = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int i = (int) a.offset();
        int end = i + (int) n;
        // eight independent accumulators: the loop is bound by the adds' latency, not by memory, with one
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        double total = 0;
        int blockEnd = i;
        while (i + 8 <= end) {
            // flush to double every 4096 elements so float accumulation error stays small on big arrays
            blockEnd = Math.min(end - 7, i + 4096);
            for (; i < blockEnd; i += 8) {
                float v0 = fb.get(i);
                float v1 = fb.get(i + 1);
                float v2 = fb.get(i + 2);
                float v3 = fb.get(i + 3);
                float v4 = fb.get(i + 4);
                float v5 = fb.get(i + 5);
                float v6 = fb.get(i + 6);
                float v7 = fb.get(i + 7);
                s0 += v0 * v0;
                s1 += v1 * v1;
                s2 += v2 * v2;
                s3 += v3 * v3;
                s4 += v4 * v4;
                s5 += v5 * v5;
                s6 += v6 * v6;
                s7 += v7 * v7;
            }
            total += (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
            s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0;
        }
        for (; i < end; i++) {
            double v = fb.get(i);
            total += v * v;
        }
        return total;
    }
}
