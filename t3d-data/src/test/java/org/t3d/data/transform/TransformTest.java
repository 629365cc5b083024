package org.t3d.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.t3d.data.video.OutputSize;

class TransformTest {

    @Test
    void shortSideResizeKeepsAspect() {
        assertEquals(List.of(341, 256), List.of(OutputSize.shortSideSize(320, 240, 256)[0],
                OutputSize.shortSideSize(320, 240, 256)[1]));
        int[] portrait = OutputSize.shortSideSize(180, 320, 128);
        assertEquals(128, portrait[0]);
        assertEquals(228, portrait[1]);
    }

    @Test
    void trainingPlanHasOneRandomFivePositionCropAndAFlipDraw() {
        TransformConfig t = TransformConfig.training(224);
        assertEquals(256, t.shortSideMin());
        Set<String> positions = new HashSet<>();
        int flips = 0;
        for (int i = 0; i < 400; i++) {
            SpatialPlan p = t.plan(340, 256, new SplittableRandom(i));
            assertEquals(340, p.width());
            assertEquals(256, p.height());
            assertEquals(1, p.views().size());
            CropBox c = p.views().get(0).crop();
            assertEquals(224, c.width());
            positions.add(c.x() + "," + c.y());
            flips += p.views().get(0).flip() ? 1 : 0;
        }
        assertEquals(Set.of("0,0", "116,0", "0,32", "116,32", "58,16"), positions);
        assertTrue(flips > 150 && flips < 250, "about half flipped: " + flips);
    }

    @Test
    void planIsAFunctionOfTheRandomStream() {
        TransformConfig t = TransformConfig.trainingScaleJitter(128, 160, 112);
        for (int i = 0; i < 50; i++) {
            assertEquals(t.plan(320, 240, new SplittableRandom(i)), t.plan(320, 240, new SplittableRandom(i)));
            SpatialPlan p = t.plan(320, 240, new SplittableRandom(i));
            assertTrue(p.height() >= 128 && p.height() <= 160);
            assertTrue(p.views().get(0).crop().fitsIn(p.width(), p.height()));
        }
    }

    @Test
    void testCropsAreFixed() {
        SpatialPlan centre = TransformConfig.testCenter(112).plan(171, 128, new SplittableRandom(0));
        assertEquals(new CropBox(29, 8, 112, 112), centre.views().get(0).crop());
        assertFalse(centre.views().get(0).flip());
        SpatialPlan three = TransformConfig.testThreeCrop(112).plan(171, 128, new SplittableRandom(0));
        assertEquals(List.of(new CropBox(0, 8, 112, 112), new CropBox(29, 8, 112, 112), new CropBox(59, 8, 112, 112)),
                three.views().stream().map(ClipView::crop).toList());
        SpatialPlan ten = TransformConfig.builder().shortSide(128).cropSize(112).cropMode(CropMode.TEN_CROP).build()
                .plan(171, 128, new SplittableRandom(0));
        assertEquals(10, ten.views().size());
        assertEquals(5, ten.views().stream().filter(ClipView::flip).count());
    }

    @Test
    void invalidConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TransformConfig.builder().shortSide(100).cropSize(112)
                .cropMode(CropMode.CENTER).build());
        assertThrows(IllegalArgumentException.class, () -> TransformConfig.builder().flipProbability(2).build());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {1, 2, 3},
                new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new SpatialPlan(10, 10,
                List.of(new ClipView(new CropBox(5, 5, 6, 6), false))));
        assertThrows(IllegalArgumentException.class, () -> TransformConfig.builder().cropSize(300)
                .cropMode(CropMode.CENTER).build().plan(320, 240, new SplittableRandom(0)));
    }

    @Test
    void imagenetStatisticsInPixelUnits() {
        assertEquals(0.485f * 255, Normalization.IMAGENET.mean()[0], 1e-3);
        assertEquals(0.225f * 255, Normalization.IMAGENET.std()[2], 1e-3);
        assertTrue(Normalization.NONE.isIdentity());
    }
}
