package org.t3d.cli.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.TransformConfig;

/**
 * How a model's clips are made from a video: clip length and frame stride, short-side resize, crop size and the
 * per-channel normalisation. The command line saves it with every model it trains (the model zip's entry
 * {@value #ZIP_ENTRY}, the checkpoints' metadata key {@value #METADATA_KEY}), so that {@code evaluate},
 * {@code classify} and {@code features} feed a model exactly what it was trained on. Models saved without it (older
 * zips, imported weights) get {@link #defaults(int, int)}.
 *
 * @param frames        T, frames per clip
 * @param frameStride   temporal stride between the sampled frames
 * @param shortSide     short side after resizing (the long side keeps the aspect ratio); 0 keeps the video's size
 * @param cropSize      square crop size fed to the network
 * @param normalization per-channel normalisation of the RGB values 0..255
 */
public record Preprocessing(int frames, int frameStride, int shortSide, int cropSize, Normalization normalization) {

    /** Entry of the model zip holding the JSON form. */
    public static final String ZIP_ENTRY = "t3d-preprocessing.json";
    /** Key of the JSON form in a training checkpoint's metadata. */
    public static final String METADATA_KEY = "preprocessing";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    /** Validates. */
    public Preprocessing {
        Objects.requireNonNull(normalization, "normalization");
        if (frames <= 0 || frameStride <= 0 || cropSize <= 0 || shortSide < 0) {
            throw new IllegalArgumentException("clip settings must be positive (short side >= 0): frames " + frames
                    + ", frame stride " + frameStride + ", crop " + cropSize + ", short side " + shortSide);
        }
        if (shortSide > 0 && cropSize > shortSide) {
            throw new IllegalArgumentException("crop size " + cropSize + " is larger than the short side " + shortSide
                    + " (use a short side >= the crop size, or 0 to keep the video's size)");
        }
    }

    /**
     * The settings of a model saved without them: its nominal clip, the short side 8/7 of the crop (256 for 224) and
     * ImageNet mean/std ({@link Normalization#IMAGENET}, t3d-data's default).
     *
     * @param frames   the model's nominal clip length
     * @param cropSize the model's nominal input size
     * @return the defaults
     */
    public static Preprocessing defaults(int frames, int cropSize) {
        return new Preprocessing(frames, 1, defaultShortSide(cropSize), cropSize, Normalization.IMAGENET);
    }

    /**
     * @param cropSize crop size
     * @return the conventional short side for it, {@code round(8 / 7 * cropSize)} (256 for 224, 128 for 112)
     */
    public static int defaultShortSide(int cropSize) {
        return Math.round(cropSize * 8f / 7f);
    }

    /**
     * @param mode            a random crop mode ({@link CropMode#RANDOM} or {@link CropMode#RANDOM_FIVE_POSITION})
     * @param flipProbability probability of a horizontal flip per clip (0 for direction-sensitive classes)
     * @return the training transform: one random crop (and maybe a flip) per clip, this resize and normalisation
     */
    public TransformConfig trainingTransform(CropMode mode, double flipProbability) {
        if (!mode.isRandom()) {
            throw new IllegalArgumentException("a training crop mode must be random, got " + mode);
        }
        return TransformConfig.builder().shortSide(shortSide).cropSize(cropSize).cropMode(mode)
                .flipProbability(flipProbability).normalization(normalization).build();
    }

    /**
     * @param mode a deterministic crop mode ({@link CropMode#CENTER}, {@link CropMode#THREE_CROP}, ...)
     * @return the test transform: this resize, the crop(s), no flip, this normalisation
     */
    public TransformConfig testTransform(CropMode mode) {
        if (mode.isRandom() || mode == CropMode.NONE) {
            throw new IllegalArgumentException("a test crop mode must be deterministic and crop, got " + mode);
        }
        return TransformConfig.builder().shortSide(shortSide).cropSize(cropSize).cropMode(mode)
                .normalization(normalization).build();
    }

    /**
     * @param newFrames    clip length
     * @param newCropSize  crop size
     * @param newShortSide short side (0 = keep the video's size)
     * @return a copy with other clip geometry and the same normalisation
     */
    public Preprocessing withGeometry(int newFrames, int newCropSize, int newShortSide) {
        return new Preprocessing(newFrames, frameStride, newShortSide, newCropSize, normalization);
    }

    /** @return e.g. {@code "16x32x32 clips (frame stride 1), short side 37, ImageNet mean/std"} */
    public String describe() {
        String norm = normalization.equals(Normalization.IMAGENET) ? "ImageNet mean/std"
                : "mean " + Arrays.toString(normalization.mean()) + " std " + Arrays.toString(normalization.std())
                        + " (0..255 units)";
        return String.format(Locale.ROOT, "%dx%dx%d clips (frame stride %d), short side %s, %s", frames, cropSize,
                cropSize, frameStride, shortSide == 0 ? "as decoded" : String.valueOf(shortSide), norm);
    }

    /** @return the JSON form: {@code version, frames, frameStride, shortSide, cropSize, mean, std} (0..255 units) */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", VERSION);
        o.put("frames", frames);
        o.put("frameStride", frameStride);
        o.put("shortSide", shortSide);
        o.put("cropSize", cropSize);
        ArrayNode mean = o.putArray("mean");
        ArrayNode std = o.putArray("std");
        for (int c = 0; c < 3; c++) {
            mean.add(normalization.mean()[c]);
            std.add(normalization.std()[c]);
        }
        o.put("units", "RGB 0..255: x' = (x - mean) / std");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write preprocessing JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param json   text written by {@link #toJson()}
     * @param source where it was read from, for error messages
     * @return the settings
     * @throws IllegalArgumentException naming the source when the JSON is malformed or incomplete
     */
    public static Preprocessing fromJson(String json, String source) {
        try {
            JsonNode o = JSON.readTree(json);
            return new Preprocessing(intField(o, "frames"), intField(o, "frameStride"), intField(o, "shortSide"),
                    intField(o, "cropSize"), new Normalization(floats(o, "mean"), floats(o, "std")));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": invalid preprocessing JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": invalid preprocessing settings: " + e.getMessage(), e);
        }
    }

    private static int intField(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.canConvertToInt()) {
            throw new IllegalArgumentException("missing or non-integer field '" + name + "'");
        }
        return n.asInt();
    }

    private static float[] floats(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isArray() || n.size() != 3) {
            throw new IllegalArgumentException("field '" + name + "' must be an array of 3 numbers (RGB)");
        }
        float[] v = new float[3];
        for (int c = 0; c < 3; c++) {
            v[c] = (float) n.get(c).asDouble();
        }
        return v;
    }
}
