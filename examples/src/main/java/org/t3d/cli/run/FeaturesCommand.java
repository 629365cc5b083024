package org.t3d.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.cli.data.DenseClipData;
import org.t3d.cli.data.LabelledVideo;
import org.t3d.cli.data.VideoIndex;
import org.t3d.cli.progress.ProgressBar;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code t3d features}: pooled feature vectors per clip or per video. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Extract pooled features (head/pool) of dense centre-crop clips, per clip or averaged per video,",
                "to .npy (float32 [N, D], ids in <file>.ids.txt) or .csv (id,label,f0,f1,...)."})
public final class FeaturesCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "Model zip or training checkpoint.")
    Path model;

    @Option(names = {"-d", "--data"}, required = true,
            description = "A video file, a class-folder directory or a CSV of path,label lines.")
    Path data;

    @Option(names = {"-o", "--output"}, required = true, description = "Output file, .npy or .csv.")
    Path output;

    @Option(names = "--per", defaultValue = "video", description = "clip or video (default: ${DEFAULT-VALUE}).")
    String per;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Override
    public Integer call() throws Exception {
        if (!per.equals("clip") && !per.equals("video")) {
            throw new IllegalArgumentException("--per must be 'clip' or 'video', got '" + per + "'");
        }
        String out = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!out.endsWith(".npy") && !out.endsWith(".csv")) {
            throw new IllegalArgumentException("output must end in .npy or .csv, got '" + output + "'");
        }
        LoadedModel m = LoadedModel.load(model, null);
        List<LabelledVideo> videos = Files.isRegularFile(data) && !data.toString().endsWith(".csv")
                ? List.of(new LabelledVideo(data, 0)) : VideoIndex.read(data, m.labels()).videos();
        int frames = clip.frames(m.model().config().inputFrames());
        int size = clip.size(m.model().config().inputSize());
        DenseClipData clips = new DenseClipData(videos, m.labels().size(), 1, frames, size, clip.shortSide(size));
        Map<String, List<float[]>> byVideo = new LinkedHashMap<>();
        Map<String, Integer> labelOf = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        ProgressBar bar = ProgressBar.stderr();
        bar.start("features", videos.size(), "videos");
        MultiDataSetIterator it = clips.iterator(false);
        while (it.hasNext()) {
            MultiDataSet b = it.next();
            float[][] f = m.model().features(b.getFeatures(0)).castTo(DataType.FLOAT).toFloatMatrix();
            long[] y = b.getLabels(0).argMax(1).toLongVector();
            for (int i = 0; i < f.length; i++) {
                String id = String.valueOf(b.getExampleMetaData().get(i));
                byVideo.computeIfAbsent(id, k -> new ArrayList<>()).add(f[i]);
                labelOf.put(id, (int) y[i]);
                if (per.equals("clip")) {
                    ids.add(id + "#" + (byVideo.get(id).size() - 1));
                    rows.add(f[i]);
                }
            }
            bar.step(1, Double.NaN);
        }
        bar.finish();
        if (per.equals("video")) {
            for (Map.Entry<String, List<float[]>> e : byVideo.entrySet()) {
                float[] mean = new float[e.getValue().get(0).length];
                for (float[] r : e.getValue()) {
                    for (int j = 0; j < mean.length; j++) {
                        mean[j] += r[j] / e.getValue().size();
                    }
                }
                ids.add(e.getKey());
                rows.add(mean);
            }
        }
        write(ids, rows, labelOf);
        System.out.printf(Locale.ROOT, "features: %d x %d (%s level) written to %s%n", rows.size(), rows.get(0).length,
                per, output);
        return 0;
    }

    private void write(List<String> ids, List<float[]> rows, Map<String, Integer> labelOf) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (output.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            INDArray a = Nd4j.create(rows.toArray(new float[0][]));
            Nd4j.writeAsNumpy(a, output.toFile());
            Files.write(parent.resolve(output.getFileName() + ".ids.txt"), ids);
            return;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(output))) {
            StringBuilder h = new StringBuilder("id,label");
            for (int j = 0; j < rows.get(0).length; j++) {
                h.append(",f").append(j);
            }
            w.println(h);
            for (int i = 0; i < rows.size(); i++) {
                String video = ids.get(i).contains("#") ? ids.get(i).substring(0, ids.get(i).lastIndexOf('#')) : ids.get(i);
                StringBuilder sb = new StringBuilder(ids.get(i)).append(',').append(labelOf.get(video));
                for (float v : rows.get(i)) {
                    sb.append(',').append(v);
                }
                w.println(sb);
            }
        }
    }
}
