package io.consentry.face;

import io.consentry.face.internal.Mats;
import io.consentry.face.model.Detection;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-face quality checks (see {@link Quality} for the reasons): inter-ocular distance, sharpness (variance of
 * the Laplacian) and brightness of the aligned 112×112 face, a yaw proxy (the nose's offset along the eye line) and
 * roll from the five points, and the share of the 1.2× face box outside the frame.
 */
final class QualityGate {
    /** The aligned face's centre, inside the black border a warp leaves at the edges. */
    private static final int TOP = 16;
    private static final int BOTTOM = 104;
    private static final int LEFT = 20;
    private static final int RIGHT = 92;
    private static final float CONTEXT = 1.2f;

    private QualityGate() {
    }

    /**
     * @param d         the raw detection (its extent past the frame is what cut-by-frame measures)
     * @param five      the five alignment points in image pixels
     * @param aligned   the face aligned to the 112×112 reference (BGR)
     * @param imageW    frame width
     * @param imageH    frame height
     */
    static Quality assess(Detection d, double[][] five, Mat aligned, int imageW, int imageH, QualityLimits lim) {
        double ex = five[1][0] - five[0][0], ey = five[1][1] - five[0][1];
        float eyeDist = (float) Math.hypot(ex, ey);
        float roll = (float) Math.toDegrees(Math.atan2(ey, ex));
        double mx = (five[0][0] + five[1][0]) / 2, my = (five[0][1] + five[1][1]) / 2;
        float yaw = eyeDist < 1e-3 ? 1f
                : (float) (((five[2][0] - mx) * ex + (five[2][1] - my) * ey) / eyeDist / (eyeDist / 2));
        float sharp;
        float bright;
        try (Mats m = new Mats()) {
            Mat grey = m.mat();
            Imgproc.cvtColor(aligned, grey, Imgproc.COLOR_BGR2GRAY);
            Mat centre = m.add(grey.submat(TOP, BOTTOM, LEFT, RIGHT));
            Mat lap = m.mat();
            Imgproc.Laplacian(centre, lap, CvType.CV_64F);
            MatOfDouble mean = m.add(new MatOfDouble());
            MatOfDouble std = m.add(new MatOfDouble());
            Core.meanStdDev(lap, mean, std);
            double s = std.get(0, 0)[0];
            sharp = (float) (s * s);
            bright = (float) Core.mean(centre).val[0];
        }
        float outside = outsideFrame(d, imageW, imageH);
        List<String> reasons = new ArrayList<>();
        if (eyeDist < lim.minEyeDistance()) {
            reasons.add("too_small");
        }
        if (sharp < lim.minSharpness()) {
            reasons.add("blurred");
        }
        if (bright < lim.minBrightness()) {
            reasons.add("underexposed");
        }
        if (bright > lim.maxBrightness()) {
            reasons.add("overexposed");
        }
        if (Math.abs(yaw) > lim.maxYaw() || Math.abs(roll) > lim.maxRollDegrees()) {
            reasons.add("pose");
        }
        if (outside > lim.maxOutsideFrame()) {
            reasons.add("cut_by_frame");
        }
        float score = (float) (Math.min(1, eyeDist / 60.0) * Math.min(1, sharp / 100.0)
                * Math.max(0, 1 - Math.abs(yaw)) * Math.max(0, 1 - outside));
        return new Quality(reasons.isEmpty(), reasons, eyeDist, sharp, bright, yaw, roll, Math.max(0, Math.min(1, score)));
    }

    /** Share of the box enlarged 1.2× around its centre that lies outside the frame. */
    static float outsideFrame(Detection d, int imageW, int imageH) {
        float cx = (d.x1() + d.x2()) / 2, cy = (d.y1() + d.y2()) / 2;
        float w = d.width() * CONTEXT, h = d.height() * CONTEXT;
        float ix = Math.max(0, Math.min(imageW, cx + w / 2) - Math.max(0, cx - w / 2));
        float iy = Math.max(0, Math.min(imageH, cy + h / 2) - Math.max(0, cy - h / 2));
        return 1f - (ix * iy) / (w * h);
    }
}
