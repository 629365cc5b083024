package org.t3d.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.data.testutil.Fixtures;

/** The real annotation excerpts in ../shared/fixtures/annotations, plus synthetic HMDB51/Kinetics/CSV layouts. */
class AnnotationParsingTest {

    @TempDir
    Path tmp;

    @Test
    void ucf101ClassIndWithCrlfAndOfficialLists() throws IOException {
        Path ann = Fixtures.dir("annotations").resolve("ucf101");
        List<String> classes = LabelMap.read(ann.resolve("classInd.txt"));
        assertEquals(101, classes.size());
        assertEquals("ApplyEyeMakeup", classes.get(0));
        assertEquals("YoYo", classes.get(100));
        assertTrue(classes.stream().noneMatch(c -> c.endsWith("\r")), "CR stripped");
        assertEquals(LabelMap.read(ann.resolve("mmaction2_label_map.txt")), classes, "same order as mmaction2");

        DatasetIndex train = Ucf101Index.parse(ann.resolve("classInd.txt"), ann.resolve("trainlist01_excerpt.txt"),
                tmp, false, "ucf101 excerpt");
        assertEquals(19, train.size());
        for (VideoSample s : train.samples()) {
            String folder = s.id().substring(0, s.id().indexOf('/'));
            assertEquals(folder, classes.get(s.label()), s.id());
        }
        assertTrue(train.samples().stream().anyMatch(s -> s.label() == 100), "YoYo is label 100 (file says 101)");
        DatasetIndex test = Ucf101Index.parse(ann.resolve("classInd.txt"), ann.resolve("testlist01_excerpt.txt"),
                tmp, false, "ucf101 test excerpt");
        assertEquals(25, test.size());
        assertEquals(0, test.samples().get(0).label());
        DatasetIndex checked = Ucf101Index.parse(ann.resolve("classInd.txt"), ann.resolve("testlist01_excerpt.txt"),
                tmp, true, "checked");
        assertEquals(0, checked.size());
        assertEquals(25, checked.problems().size());
    }

    @Test
    void labelMapsOfHmdbAndKinetics() throws IOException {
        Path ann = Fixtures.dir("annotations");
        List<String> hmdb = LabelMap.read(ann.resolve("hmdb51/mmaction2_label_map.txt"));
        assertEquals(51, hmdb.size());
        assertEquals("brush_hair", hmdb.get(0));
        List<String> k400 = LabelMap.read(ann.resolve("kinetics400/mmaction2_label_map_k400.txt"));
        assertEquals(400, k400.size());
        assertEquals("air drumming", k400.get(1));
        List<String> paddle = LabelMap.read(ann.resolve("kinetics400/paddlevideo_Kinetics-400_label_list.txt"));
        assertEquals(400, paddle.size());
        for (int i = 0; i < 400; i++) {
            assertEquals(k400.get(i).replace(' ', '_'), paddle.get(i).replace(' ', '_'), "class " + i);
        }
        DatasetIndex list = CsvIndex.loadList(ann.resolve("kinetics400/paddlevideo_val_small_videos_excerpt.list"),
                tmp, paddle, false);
        assertEquals(20, list.size());
        assertEquals(0, list.samples().get(0).label());
        assertTrue(list.samples().get(0).id().matches("abseiling/.+_\\d{6}_\\d{6}\\.mp4"));
    }

    @Test
    void hmdb51SplitFilesSelectOnlyTheRequestedSplitAndSubset() throws IOException {
        Path splits = Files.createDirectories(tmp.resolve("splits"));
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        for (String cls : List.of("wave", "brush_hair")) {
            Files.createDirectories(videos.resolve(cls));
            StringBuilder s1 = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                String v = cls + "_v" + i + ".avi";
                Files.writeString(videos.resolve(cls).resolve(v), "x");
                s1.append(v).append(' ').append(i % 3).append(" \r\n");
            }
            Files.writeString(splits.resolve(cls + "_test_split1.txt"), s1);
            Files.writeString(splits.resolve(cls + "_test_split2.txt"), cls + "_v0.avi 2 \n");
        }
        DatasetIndex train = Hmdb51Index.parse(splits, videos, 1, Subset.TRAIN, true);
        assertEquals(List.of("brush_hair", "wave"), train.classes());
        assertEquals(4, train.size()); // ids 1 at i = 1, 4 for each of 2 classes
        assertEquals("brush_hair/brush_hair_v1.avi", train.samples().get(0).id());
        assertEquals(1, train.samples().get(2).label());
        assertEquals(4, Hmdb51Index.parse(splits, videos, 1, Subset.TEST, true).size());
        assertEquals(2, Hmdb51Index.parse(splits, videos, 2, Subset.TEST, true).size());
        Files.writeString(splits.resolve("wave_test_split3.txt"), "bad line here\n");
        assertThrows(IOException.class, () -> Hmdb51Index.parse(splits, videos, 3, Subset.TRAIN, true));
    }

    @Test
    void kineticsCsvReportsAndSkipsMissingClips() throws IOException {
        Path root = tmp.resolve("k400");
        Files.createDirectories(root.resolve("train/air_drumming"));
        Files.createDirectories(root.resolve("train/abseiling"));
        Files.writeString(root.resolve("train/abseiling/abc_000010_000020.mp4"), "x");
        Files.writeString(root.resolve("train/air_drumming/def_000001_000011.mp4"), "x");
        Files.writeString(root.resolve("train.csv"), "label,youtube_id,time_start,time_end,split,is_cc\r\n"
                + "abseiling,abc,10,20,train,0\r\n"
                + "\"air drumming\",def,1,11,train,0\r\n"
                + "abseiling,gone,5,15,train,0\r\n"
                + "abseiling,valclip,5,15,val,0\r\n");
        DatasetIndex idx = DatasetKind.KINETICS.load(root, 1, Subset.TRAIN, null);
        assertEquals(List.of("abseiling", "air drumming"), idx.classes());
        assertEquals(2, idx.size());
        assertEquals(1, idx.samples().get(1).label());
        assertEquals(1, idx.problems().size());
        assertTrue(idx.problems().get(0).contains("gone_000005_000015.mp4"), idx.problems().toString());
    }

    @Test
    void folderAndCsvIndices() throws IOException {
        Path root = tmp.resolve("folder");
        for (String c : List.of("b_class", "a_class")) {
            Files.createDirectories(root.resolve(c));
            Files.writeString(root.resolve(c).resolve("v1.mp4"), "x");
            Files.writeString(root.resolve(c).resolve("notes.txt"), "x");
        }
        DatasetIndex folder = FolderIndex.load(root);
        assertEquals(List.of("a_class", "b_class"), folder.classes());
        assertEquals(2, folder.size());
        assertEquals("b_class/v1.mp4", folder.samples().get(1).id());

        Path csv = root.resolve("train.csv");
        Files.writeString(csv, "path,label,start,end\na_class/v1.mp4,cat,1.5,3\nb_class/v1.mp4,dog,,\n"
                + "missing.mp4,dog,,\n");
        DatasetIndex c = DatasetKind.CSV.load(root, 1, Subset.TRAIN, null);
        assertEquals(List.of("cat", "dog"), c.classes());
        assertEquals(2, c.size());
        assertEquals(1.5, c.samples().get(0).startSeconds());
        assertTrue(Double.isNaN(c.samples().get(1).startSeconds()));
        assertEquals(1, c.problems().size());
        Files.writeString(csv, "a_class/v1.mp4,0\nb_class/v1.mp4,2\n");
        DatasetIndex numeric = CsvIndex.loadCsv(csv, root, null, true);
        assertEquals(3, numeric.numClasses());
        assertEquals(2, numeric.samples().get(1).label());
    }
}
