package org.t3d.models.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.models.T3dModel;

/**
 * Exports a T3D-J model's parameters in the interchange naming v1 (the inverse of {@link WeightImporter}), e.g. to
 * load them into the PyTorch reference model with {@code model.load_state_dict({k: torch.from_numpy(v) ...})}.
 */
public final class WeightExporter {

    private WeightExporter() {
    }

    /**
     * @param graph a graph built by T3D-J
     * @param type  data type of the exported tensors (e.g. FLOAT as PyTorch checkpoints)
     * @return interchange name → tensor in PyTorch layout, in network order
     */
    public static Map<String, INDArray> toInterchange(ComputationGraph graph, DataType type) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Layer layer : graph.getLayers()) {
            String vertex = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                INDArray v = p.getValue();
                INDArray t = InterchangeNames.transposed(vertex, p.getKey()) ? v.transpose() : v;
                long[] shape = WeightImporter.interchangeShape(vertex, p.getKey(), v);
                out.put(InterchangeNames.of(vertex, p.getKey()), t.reshape(shape).castTo(type).dup('c'));
            }
        }
        return out;
    }

    /**
     * Writes the model's parameters as a {@code .npz} state dict (float32).
     *
     * @param model the model
     * @param npz   target file
     * @throws IOException when writing fails
     */
    public static void write(T3dModel model, Path npz) throws IOException {
        Npz.write(npz, toInterchange(model.graph(), DataType.FLOAT));
    }
}
