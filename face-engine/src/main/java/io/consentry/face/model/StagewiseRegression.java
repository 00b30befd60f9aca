package io.consentry.face.model;

import io.consentry.face.internal.Mats;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

import java.util.List;

/**
 * Pre- and post-processing shared by the pack's age and gender models, both SSR-Net ("soft stagewise regression",
 * Yang et al. 2018): the face box enlarged 1.4×, 64×64, RGB, ImageNet mean/std; three stages of 3 bin probabilities,
 * each with a bin-width adjustment (delta_k) and per-bin index offsets, merged into one value in [0, range].
 */
final class StagewiseRegression {
    static final ModelInput INPUT = new ModelInput(3, 64, 64, "RGB", "ImageNet mean/std");
    static final float CROP_SCALE = 1.4f;
    static final List<String> OUTPUTS = List.of("prob_stage_1", "prob_stage_2", "prob_stage_3",
            "stage1_delta_k", "stage2_delta_k", "stage3_delta_k", "index_offset_stage1", "index_offset_stage2",
            "index_offset_stage3");
    private static final Scalar IMAGENET_MEAN = new Scalar(0.485, 0.456, 0.406);
    private static final Scalar IMAGENET_STD = new Scalar(0.229, 0.224, 0.225);

    private StagewiseRegression() {
    }

    static float estimate(ModelRunner runner, Mat bgr, Detection d, float range) {
        float[][] o;
        try (Mats m = new Mats()) {
            Mat roi = m.add(bgr.submat(FaceCrops.enlargedInside(bgr, d, CROP_SCALE)));
            Mat rgb = m.mat();
            Imgproc.resize(roi, rgb, new Size(INPUT.width(), INPUT.height()));
            Imgproc.cvtColor(rgb, rgb, Imgproc.COLOR_BGR2RGB);
            Mat f = m.mat();
            rgb.convertTo(f, CvType.CV_32FC3, 1 / 255.0);
            Core.subtract(f, IMAGENET_MEAN, f);
            Core.divide(f, IMAGENET_STD, f);
            Mat blob = m.add(Dnn.blobFromImage(f, 1.0, new Size(INPUT.width(), INPUT.height()), new Scalar(0, 0, 0), false, false));
            o = runner.run(blob);
        }
        return merge(o, range);
    }

    /** SSR-Net's merge: sum over stages k of sum_i (i + offset_k,i) * p_k,i / prod_{j<=k} (3 (1 + delta_j)). */
    static float merge(float[][] o, float range) {
        float[][] p = {o[0], o[1], o[2]};
        float[] delta = {o[3][0], o[4][0], o[5][0]};
        float[][] offset = {o[6], o[7], o[8]};
        double value = 0;
        double width = 1;
        for (int k = 0; k < 3; k++) {
            width *= 3 * (1 + delta[k]);
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += (i + offset[k][i]) * p[k][i];
            }
            value += s / width;
        }
        return (float) (value * range);
    }
}
