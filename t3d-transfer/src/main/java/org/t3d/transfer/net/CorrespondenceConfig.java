package org.t3d.transfer.net;

import java.util.List;
import java.util.Objects;

import org.t3d.models.ModelConfig;
import org.t3d.models.T3dConfig;
import org.t3d.transfer.teacher.DenseNet2dConfig;

/**
 * The supervision-transfer (correspondence) network of T3D (paper Sec. 3.2, Fig. 2; spec §4).
 *
 * <pre>
 *   frames [N,3,X,H,W] ─► frozen 2D teacher (BN in inference mode) ─► per-frame pooled features, mean over X ─► [N,F2d]
 *   clip   [N,3,T,H,W] ─► 3D student (DenseNet3D / T3D) ─► global pool ─► student/proj FC ─► [N,projectionDim]
 *   concat [N, F2d + projectionDim] ─► [head/fc0 FC 2048] ─► head/fc1 FC 512 ─► head/fc2 FC 128 ─► head/out softmax 2
 * </pre>
 *
 * <p>Defaults follow the paper's reading; the spec's UNVERIFIED points are options: the extra 2048-wide FC right after
 * the concatenation ({@code extraFc}, off), the activation between the FCs ({@code headActivation}, ReLU assumed),
 * dropout in the head ({@code headDropout}, none), the activation of the student projection
 * ({@code projectionActivation}, identity: "an FC layer at the end"). How the X per-frame teacher features are merged
 * is not stated anywhere; T3D-J averages them (as the spec's reference and the Keras re-implementation do).
 *
 * @param teacher              the 2D teacher (its classifier, if any, is ignored; {@code numClasses} is forced to 0)
 * @param student              the 3D student (its own classifier is not part of the network)
 * @param frames               X, frames per pair fed to the teacher (paper: 32)
 * @param frameSize            teacher frame height = width (paper: 224)
 * @param clipFrames           student clip length T (paper: 32)
 * @param clipSize             student clip height = width (paper: 224)
 * @param projectionDim        width of the student projection (1024 = DenseNet-121 feature width)
 * @param projectionActivation activation of the student projection: {@code identity} (default) or {@code relu}
 * @param extraFc              add a 2048→2048 FC after the concatenation (one reading of the paper; default false)
 * @param headWidths           widths of the hidden FCs (default 512, 128)
 * @param headActivation       activation between the head FCs: {@code relu} (default) or {@code identity}
 * @param headDropout          dropout probability before each hidden FC (default 0 = none)
 */
public record CorrespondenceConfig(DenseNet2dConfig teacher, ModelConfig student, int frames, int frameSize,
        int clipFrames, int clipSize, int projectionDim, String projectionActivation, boolean extraFc,
        List<Integer> headWidths, String headActivation, double headDropout) {

    /** The paper's setting: DenseNet-121 teacher, T3D-121 student, X = 32 frames and 32×224×224 clips. */
    public static final CorrespondenceConfig PAPER = builder().build();

    /** Validates the fields. */
    public CorrespondenceConfig {
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(student, "student");
        teacher = teacher.numClasses() == 0 ? teacher : teacher.withNumClasses(0);
        if (frames < 1 || frameSize < 8 || clipFrames < 1 || clipSize < 8) {
            throw new IllegalArgumentException("frames/clipFrames must be >= 1 and frameSize/clipSize >= 8, got X="
                    + frames + ", frame size " + frameSize + ", T=" + clipFrames + ", clip size " + clipSize);
        }
        if (projectionDim < 1) {
            throw new IllegalArgumentException("projectionDim must be >= 1, got " + projectionDim);
        }
        projectionActivation = activation(projectionActivation, "projectionActivation");
        headActivation = activation(headActivation, "headActivation");
        Objects.requireNonNull(headWidths, "headWidths");
        headWidths = List.copyOf(headWidths);
        if (headWidths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("head widths must be >= 1, got " + headWidths);
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("headDropout must be in [0, 1), got " + headDropout);
        }
    }

    private static String activation(String a, String what) {
        Objects.requireNonNull(a, what);
        String s = a.trim().toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("relu") && !s.equals("identity")) {
            throw new IllegalArgumentException(what + " must be 'relu' or 'identity', got '" + a + "'");
        }
        return s;
    }

    /** @return a builder with the paper's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this config */
    public Builder toBuilder() {
        return new Builder().teacher(teacher).student(student).frames(frames).frameSize(frameSize)
                .clipFrames(clipFrames).clipSize(clipSize).projectionDim(projectionDim)
                .projectionActivation(projectionActivation).extraFc(extraFc).headWidths(headWidths)
                .headActivation(headActivation).headDropout(headDropout);
    }

    /** Builder for {@link CorrespondenceConfig}; defaults are the paper's. */
    public static final class Builder {
        private DenseNet2dConfig teacher = DenseNet2dConfig.DENSENET_121;
        private ModelConfig student = T3dConfig.T3D_121;
        private int frames = 32;
        private int frameSize = 224;
        private int clipFrames = 32;
        private int clipSize = 224;
        private int projectionDim = 1024;
        private String projectionActivation = "identity";
        private boolean extraFc = false;
        private List<Integer> headWidths = List.of(512, 128);
        private String headActivation = "relu";
        private double headDropout = 0;

        private Builder() {
        }

        /** @param t teacher config; default torchvision DenseNet-121 @return this */
        public Builder teacher(DenseNet2dConfig t) {
            this.teacher = t;
            return this;
        }

        /** @param s student config; default T3D-121 (paper profile) @return this */
        public Builder student(ModelConfig s) {
            this.student = s;
            return this;
        }

        /** @param x frames per pair for the teacher; default 32 @return this */
        public Builder frames(int x) {
            this.frames = x;
            return this;
        }

        /** @param s teacher frame size; default 224 @return this */
        public Builder frameSize(int s) {
            this.frameSize = s;
            return this;
        }

        /** @param t student clip length; default 32 @return this */
        public Builder clipFrames(int t) {
            this.clipFrames = t;
            return this;
        }

        /** @param s student clip size; default 224 @return this */
        public Builder clipSize(int s) {
            this.clipSize = s;
            return this;
        }

        /** @param d student projection width; default 1024 @return this */
        public Builder projectionDim(int d) {
            this.projectionDim = d;
            return this;
        }

        /** @param a projection activation, identity (default) or relu @return this */
        public Builder projectionActivation(String a) {
            this.projectionActivation = a;
            return this;
        }

        /** @param on add the 2048→2048 FC after the concat (UNVERIFIED reading); default false @return this */
        public Builder extraFc(boolean on) {
            this.extraFc = on;
            return this;
        }

        /** @param widths hidden FC widths; default (512, 128) @return this */
        public Builder headWidths(List<Integer> widths) {
            this.headWidths = widths;
            return this;
        }

        /** @param a activation between head FCs, relu (default) or identity @return this */
        public Builder headActivation(String a) {
            this.headActivation = a;
            return this;
        }

        /** @param p dropout before each hidden FC; default 0 @return this */
        public Builder headDropout(double p) {
            this.headDropout = p;
            return this;
        }

        /** @return the validated config */
        public CorrespondenceConfig build() {
            return new CorrespondenceConfig(teacher, student, frames, frameSize, clipFrames, clipSize, projectionDim,
                    projectionActivation, extraFc, headWidths, headActivation, headDropout);
        }
    }
}
