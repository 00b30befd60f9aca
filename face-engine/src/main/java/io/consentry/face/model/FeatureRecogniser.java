package io.consentry.face.model;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import io.consentry.face.internal.Align;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

import java.util.List;

/**
 * The pack's primary recogniser ({@code fr_feature}, role {@code embed}): the face warped onto the 112×112 ArcFace
 * reference points by a least-squares similarity over all five points (the package's 3-point affine shears faces and
 * costs ~8 points of LFW accuracy; kept as {@code affine3} for comparison), BGR (measured slightly better than the
 * package's RGB), (x−127)/128; 512 raw values (norm 2.6–4.3).
 */
public final class FeatureRecogniser implements Recogniser {
    public static final String ROLE = "embed";
    public static final ModelInput INPUT = new ModelInput(3, 112, 112, "BGR", "(x-127)/128");
    public static final int DIMENSION = 512;
    static final List<String> OUTPUTS = List.of("output");

    private final ModelRunner runner;
    private final Align.Mode alignment;

    public FeatureRecogniser(ModelRunner runner, Align.Mode alignment) {
        this.runner = runner;
        this.alignment = alignment;
    }

    /**
     * @param alignment {@code similarity5} or {@code affine3}; null = the manifest's {@code model.embed.alignment}
     */
    public static FeatureRecogniser open(ModelPack pack, InferenceRuntime runtime, int poolSize, String alignment) {
        String a = alignment != null ? alignment : pack.property("model.embed.alignment", "similarity5");
        Align.Mode mode = switch (a.toLowerCase()) {
            case "similarity5" -> Align.Mode.SIMILARITY5;
            case "affine3" -> Align.Mode.AFFINE3;
            default -> throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "unknown alignment " + a);
        };
        // batch of two: flip TTA runs the face and its mirror in one call
        return new FeatureRecogniser(runtime.open(pack.model(ROLE).file(), OUTPUTS, 2, poolSize), mode);
    }

    public Align.Mode alignment() {
        return alignment;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public Mat align(Mat bgr, double[][] fivePoints) {
        return Align.warp(bgr, fivePoints, alignment, INPUT.width());
    }

    @Override
    public float[] embed(Mat aligned, boolean flipTta) {
        return FlipTta.embed(runner, aligned, flipTta, faces -> Dnn.blobFromImages(faces, 1 / 128.0,
                new Size(INPUT.width(), INPUT.height()), new Scalar(127, 127, 127), false, false));
    }

    @Override
    public void close() {
        runner.close();
    }
}
