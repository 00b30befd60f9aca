package io.consentry.face.internal;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.imgproc.Imgproc;

/** Face alignment transforms onto the standard 112x112 ArcFace reference points. */
public final class Align {
    /** Reference 5 points (left eye, right eye, nose, left mouth, right mouth) for 112x112. */
    public static final double[][] REF = {
            {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {41.5493, 92.3655}, {70.7299, 92.2041}};

    public enum Mode { SIMILARITY5, AFFINE3 }

    private Align() {
    }

    /**
     * Closed-form least-squares similarity (Umeyama, no reflection) mapping {@code src} points
     * onto {@code dst}; returns the 2x3 matrix [a -b tx; b a ty] as double[6].
     */
    public static double[] similarity(double[][] src, double[][] dst) {
        int n = src.length;
        double mx = 0, my = 0, ux = 0, uy = 0;
        for (int i = 0; i < n; i++) {
            mx += src[i][0];
            my += src[i][1];
            ux += dst[i][0];
            uy += dst[i][1];
        }
        mx /= n;
        my /= n;
        ux /= n;
        uy /= n;
        double sxx = 0, num1 = 0, num2 = 0;
        for (int i = 0; i < n; i++) {
            double x = src[i][0] - mx, y = src[i][1] - my;
            double u = dst[i][0] - ux, v = dst[i][1] - uy;
            sxx += x * x + y * y;
            num1 += x * u + y * v;
            num2 += x * v - y * u;
        }
        double a = num1 / sxx, b = num2 / sxx;
        double tx = ux - (a * mx - b * my);
        double ty = uy - (b * mx + a * my);
        return new double[] {a, -b, tx, b, a, ty};
    }

    /**
     * dlib's 150x150 face chip (get_face_chip_details(shape, 150, 0.25)) expressed as 5 reference
     * points for our 5-point layout: the means of dlib's mean-face-shape coordinates of the same
     * landmarks (eye centres from points 37,38,40,41 / 43,44,46,47; nose tip 30; mouth corners
     * from 48,60 / 54,64), mapped with padding 0.25: p = (0.25 + m) / 1.5 * 150.
     */
    public static final double[][] DLIB_CHIP_150 = {
        {47.4152, 46.1947}, {100.6101, 46.1946}, {74.0127, 76.5625}, {52.2264, 103.2512}, {95.7989, 103.2512}};

    /** Least-squares similarity warp of the 5 points onto {@code ref} (in a size x size output); caller releases. */
    public static Mat warpTo(Mat img, double[][] five, double[][] ref, int size) {
        double[] t = similarity(five, ref);
        Mat m = new Mat(2, 3, CvType.CV_64F);
        m.put(0, 0, t);
        Mat out = new Mat();
        Imgproc.warpAffine(img, out, m, new org.opencv.core.Size(size, size), Imgproc.INTER_LINEAR,
                org.opencv.core.Core.BORDER_CONSTANT, new org.opencv.core.Scalar(0, 0, 0));
        m.release();
        return out;
    }

    /** Warps {@code img} to a 112x112 aligned face; caller releases the result. */
    public static Mat warp(Mat img, double[][] five, Mode mode, int size) {
        double s = size / 112.0;
        double[][] ref = new double[5][2];
        for (int i = 0; i < 5; i++) {
            ref[i][0] = REF[i][0] * s;
            ref[i][1] = REF[i][1] * s;
        }
        Mat m;
        if (mode == Mode.AFFINE3) {
            MatOfPoint2f a = new MatOfPoint2f(new org.opencv.core.Point(five[0][0], five[0][1]),
                    new org.opencv.core.Point(five[1][0], five[1][1]), new org.opencv.core.Point(five[2][0], five[2][1]));
            MatOfPoint2f b = new MatOfPoint2f(new org.opencv.core.Point(ref[0][0], ref[0][1]),
                    new org.opencv.core.Point(ref[1][0], ref[1][1]), new org.opencv.core.Point(ref[2][0], ref[2][1]));
            m = Imgproc.getAffineTransform(a, b);
            a.release();
            b.release();
        } else {
            double[] t = similarity(five, ref);
            m = new Mat(2, 3, CvType.CV_64F);
            m.put(0, 0, t);
        }
        Mat out = new Mat();
        Imgproc.warpAffine(img, out, m, new org.opencv.core.Size(size, size), Imgproc.INTER_LINEAR,
                org.opencv.core.Core.BORDER_CONSTANT, new org.opencv.core.Scalar(0, 0, 0));
        m.release();
        return out;
    }
}
