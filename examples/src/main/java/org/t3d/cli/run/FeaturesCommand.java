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
import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestClips;
import org.t3d.cli.data.TestCrops;
import org.t3d.cli.data.VideoLists;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.iterator.ClipInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code t3d features}: pooled feature vectors per clip or per video. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Extract pooled features (head/pool) of dense clips (centre crop, or the mean of --crops 3),",
                "per clip or averaged per video, to .npy (float32 [N, D], ids in <file>.ids.txt) or",
                ".csv (id,label,f0,f1,...)."})
public final class FeaturesCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "Model zip or training checkpoint.")
    Path model;

    @Option(names = {"-d", "--data"}, required = true,
            description = "A video file, a class-folder directory, a CSV of path,label lines or a list file.")
    Path data;

    @Option(names = {"-o", "--output"}, required = true, description = "Output file, .npy or .csv.")
    Path output;

    @Option(names = "--per", defaultValue = "video", description = "clip or video (default: ${DEFAULT-VALUE}).")
    String per;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!per.equals("clip") && !per.equals("video")) {
            throw new IllegalArgumentException("--per must be 'clip' or 'video', got '" + per + "'");
        }
        String out = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!out.endsWith(".npy") && !out.endsWith(".csv")) {
            throw new IllegalArgumentException("output must end in .npy or .csv, got '" + output + "'");
        }
        TestCrops crops = clip.crops();
        LoadedModel m = LoadedModel.load(model, null);
        Preprocessing p = clip.resolve(m.preprocessing());
        DatasetIndex index = VideoLists.isVideoFile(data) ? VideoLists.single(data, m.labels())
                : VideoLists.read(data, m.labels());
        FeatureTable table = new FeatureTable(per.equals("clip"));
        ProgressBar bar = ProgressBar.stderr();
        bar.start("features", -1, "clips");
        try (TestClips clips = new TestClips(index, p, crops, 8, clip.workers())) {
            MultiDataSetIterator it = clips.iterator();
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                float[][] f = m.model().features(b.getFeatures(0)).castTo(DataType.FLOAT).toFloatMatrix();
                for (int i = 0; i < f.length; i++) {
                    table.add((ClipInfo) b.getExampleMetaData().get(i), f[i]);
                }
                bar.step(f.length, Double.NaN);
            }
        }
        bar.finish();
        write(table);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "features: %d x %d (%s level, %d crop(s) averaged) written to %s%n", table.rows().size(),
                table.dimension(), per, crops.count(), output);
        w.flush();
        return 0;
    }

    private void write(FeatureTable table) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        List<String> ids = new ArrayList<>(table.rows().keySet());
        if (output.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            float[][] rows = new float[ids.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = table.rows().get(ids.get(i)).mean();
            }
            INDArray a = Nd4j.create(rows);
            Nd4j.writeAsNumpy(a, output.toFile());
            Files.write(parent.resolve(output.getFileName() + ".ids.txt"), ids);
            return;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(output))) {
            StringBuilder h = new StringBuilder("id,label");
            for (int j = 0; j < table.dimension(); j++) {
                h.append(",f").append(j);
            }
            w.println(h);
            for (String id : ids) {
                FeatureTable.Row r = table.rows().get(id);
                StringBuilder sb = new StringBuilder(id).append(',').append(r.label);
                for (float v : r.mean()) {
                    sb.append(',').append(v);
                }
                w.println(sb);
            }
        }
    }

    /** Feature rows keyed by video id (or {@code videoId#clip}), each the mean over its examples (clips × crops). */
    private static final class FeatureTable {
        private final boolean perClip;
        private final Map<String, Row> rows = new LinkedHashMap<>();
        private int dimension;

        FeatureTable(boolean perClip) {
            this.perClip = perClip;
        }

        void add(ClipInfo info, float[] f) {
            String id = perClip ? info.videoId() + "#" + info.clipIndex() : info.videoId();
            rows.computeIfAbsent(id, k -> new Row(info.label(), f.length)).add(f);
            dimension = f.length;
        }

        Map<String, Row> rows() {
            return rows;
        }

        int dimension() {
            return dimension;
        }

        /** Running sum of one row's feature vectors. */
        private static final class Row {
            private final int label;
            private final double[] sum;
            private int count;

            Row(int label, int dimension) {
                this.label = label;
                this.sum = new double[dimension];
            }

            void add(float[] f) {
                for (int j = 0; j < f.length; j++) {
                    sum[j] += f[j];
                }
                count++;
            }

            float[] mean() {
                float[] m = new float[sum.length];
                for (int j = 0; j < m.length; j++) {
                    m[j] = (float) (sum[j] / count);
                }
                return m;
            }
        }
    }
}
