package org.t3d.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.t3d.data.video.OutputSize;

/** Draws the {@link SpatialPlan} of one clip from a {@link TransformConfig}. */
final class SpatialPlanner {
    private SpatialPlanner() {
    }

    static SpatialPlan plan(TransformConfig cfg, int srcWidth, int srcHeight, SplittableRandom rnd) {
        int w = srcWidth;
        int h = srcHeight;
        if (cfg.shortSideMin() > 0) {
            int side = cfg.shortSideMax() > cfg.shortSideMin()
                    ? cfg.shortSideMin() + rnd.nextInt(cfg.shortSideMax() - cfg.shortSideMin() + 1)
                    : cfg.shortSideMin();
            int[] s = OutputSize.shortSideSize(srcWidth, srcHeight, side);
            w = s[0];
            h = s[1];
        }
        CropMode mode = cfg.cropMode();
        if (mode == CropMode.NONE) {
            boolean flip = cfg.flipProbability() > 0 && rnd.nextDouble() < cfg.flipProbability();
            return new SpatialPlan(w, h, List.of(new ClipView(new CropBox(0, 0, w, h), flip)));
        }
        int c = cfg.cropSize();
        if (c > w || c > h) {
            throw new IllegalArgumentException("crop " + c + "x" + c + " does not fit the " + w + "x" + h
                    + " frame (source " + srcWidth + "x" + srcHeight + ")");
        }
        List<ClipView> views = new ArrayList<>(mode.viewCount());
        switch (mode) {
            case CENTER -> views.add(new ClipView(new CropBox((w - c) / 2, (h - c) / 2, c, c), false));
            case RANDOM -> {
                int x = rnd.nextInt(w - c + 1);
                int y = rnd.nextInt(h - c + 1);
                views.add(new ClipView(new CropBox(x, y, c, c), flip(cfg, rnd)));
            }
            case RANDOM_FIVE_POSITION -> {
                CropBox box = fiveCrops(w, h, c).get(rnd.nextInt(5));
                views.add(new ClipView(box, flip(cfg, rnd)));
            }
            case THREE_CROP -> {
                for (CropBox b : threeCrops(w, h, c)) {
                    views.add(new ClipView(b, false));
                }
            }
            case FIVE_CROP -> {
                for (CropBox b : fiveCrops(w, h, c)) {
                    views.add(new ClipView(b, false));
                }
            }
            case TEN_CROP -> {
                for (CropBox b : fiveCrops(w, h, c)) {
                    views.add(new ClipView(b, false));
                }
                for (CropBox b : fiveCrops(w, h, c)) {
                    views.add(new ClipView(b, true));
                }
            }
            default -> throw new IllegalStateException("unhandled crop mode " + mode);
        }
        return new SpatialPlan(w, h, views);
    }

    private static boolean flip(TransformConfig cfg, SplittableRandom rnd) {
        return rnd.nextDouble() < cfg.flipProbability();
    }

    /** Top-left, top-right, bottom-left, bottom-right, centre. */
    static List<CropBox> fiveCrops(int w, int h, int c) {
        return List.of(new CropBox(0, 0, c, c), new CropBox(w - c, 0, c, c), new CropBox(0, h - c, c, c),
                new CropBox(w - c, h - c, c, c), new CropBox((w - c) / 2, (h - c) / 2, c, c));
    }

    /** Start, centre and end of the long side, centred on the short side. */
    static List<CropBox> threeCrops(int w, int h, int c) {
        if (w >= h) {
            int y = (h - c) / 2;
            return List.of(new CropBox(0, y, c, c), new CropBox((w - c) / 2, y, c, c), new CropBox(w - c, y, c, c));
        }
        int x = (w - c) / 2;
        return List.of(new CropBox(x, 0, c, c), new CropBox(x, (h - c) / 2, c, c), new CropBox(x, h - c, c, c));
    }
}
