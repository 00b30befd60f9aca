package io.consentry.face.eval;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Development presentation attacks synthesised from a live capture: what a gate camera sees when someone holds up a
 * print or a screen showing that capture, and bona fide re-captures of the same scene for comparison. Live and attack
 * images of the same capture differ only by the presentation, which is the comparison a liveness model must win
 * (a set of press photos against unrelated attack photos would mostly measure the difference of the sources).
 *
 * <p>Species (ISO/IEC 30107 "presentation attack instrument species"):
 * <ul>
 *   <li>{@code print}: a photo print with a paper border held in front of the camera — paper texture, ink colour shift
 *   and compressed dynamic range, a slight rotation, the scene around it, recapture blur;</li>
 *   <li>{@code print-fullframe}: the same print filling the frame (no border visible) — texture and colour only;</li>
 *   <li>{@code screen}: a phone or monitor showing the capture — display gamma, pixel grid and moiré, glare, a dark
 *   bezel, blue-ish white point, recapture blur;</li>
 *   <li>{@code screen-fullframe}: the screen filling the frame (no bezel) — moiré, gamma and glare only.</li>
 * </ul>
 * Bona fide variants ({@link #live}) change exposure, framing, sensor noise and JPEG quality the way another live
 * frame of the same person would. Parameters are drawn from a seeded generator, so a set is reproducible.
 */
public final class SpoofSynthesis {
    public static final List<String> SPECIES = List.of("print", "print-fullframe", "screen", "screen-fullframe");

    private final Random rnd;

    public SpoofSynthesis(long seed) {
        this.rnd = new Random(seed);
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** Another live frame of the same scene: exposure ±, a small reframing, sensor noise, JPEG quality. */
    public byte[] live(Mat bgr) {
        List<Mat> tmp = new ArrayList<>();
        try {
            int w = bgr.cols(), h = bgr.rows();
            double s = uniform(0.9, 1.0);
            int cw = (int) (w * s), ch = (int) (h * s);
            int x = rnd.nextInt(w - cw + 1), y = rnd.nextInt(h - ch + 1);
            Mat crop = keep(tmp, bgr.submat(new Rect(x, y, cw, ch)).clone());
            Mat exposed = keep(tmp, new Mat());
            crop.convertTo(exposed, -1, uniform(0.85, 1.15), uniform(-15, 15));
            Mat noisy = addNoise(tmp, exposed, uniform(1, 4));
            return jpeg(noisy, 75 + rnd.nextInt(21));
        } finally {
            release(tmp);
        }
    }

    /** An attack of the given species made from the capture. */
    public byte[] attack(Mat bgr, String species) {
        return switch (species) {
            case "print" -> print(bgr, true);
            case "print-fullframe" -> print(bgr, false);
            case "screen" -> screen(bgr, true);
            case "screen-fullframe" -> screen(bgr, false);
            default -> throw new IllegalArgumentException("unknown species " + species + "; known: " + SPECIES);
        };
    }

    private byte[] print(Mat bgr, boolean border) {
        List<Mat> tmp = new ArrayList<>();
        try {
            int w = bgr.cols(), h = bgr.rows();
            // ink on paper: less saturation, compressed range (no deep blacks, no pure whites), warm paper tint
            Mat ink = keep(tmp, desaturate(tmp, bgr, uniform(0.55, 0.8)));
            Mat inked = keep(tmp, new Mat());
            ink.convertTo(inked, -1, uniform(0.65, 0.8), uniform(30, 50));
            Mat tinted = keep(tmp, new Mat());
            Core.multiply(inked, new Scalar(uniform(0.86, 0.95), uniform(0.95, 1.0), uniform(1.0, 1.05)), tinted);
            Mat textured = paperTexture(tmp, tinted);
            Mat out;
            if (border) {
                double scale = uniform(0.6, 0.8);
                Mat sheet = keep(tmp, new Mat());
                int b = Math.max(4, (int) (Math.min(w, h) * 0.04));
                Core.copyMakeBorder(textured, sheet, b, b, b, b, Core.BORDER_CONSTANT, new Scalar(225, 232, 235));
                out = place(tmp, bgr, sheet, scale, uniform(-8, 8), 0.45);
            } else {
                out = textured;
            }
            Mat blurred = recapture(tmp, out, uniform(0.8, 1.8));
            return jpeg(addNoise(tmp, blurred, uniform(2, 5)), 80 + rnd.nextInt(16));
        } finally {
            release(tmp);
        }
    }

    private byte[] screen(Mat bgr, boolean bezel) {
        List<Mat> tmp = new ArrayList<>();
        try {
            int w = bgr.cols(), h = bgr.rows();
            // display gamma and a cool white point
            Mat f = keep(tmp, new Mat());
            bgr.convertTo(f, CvType.CV_32FC3, 1 / 255.0);
            Mat g = keep(tmp, new Mat());
            Core.pow(f, uniform(0.75, 0.9), g);
            Core.multiply(g, new Scalar(uniform(1.02, 1.1), uniform(0.98, 1.03), uniform(0.88, 0.97)), g);
            // pixel grid: the sub-pixel stripes and the camera's sampling of them beat into a moire
            double period = uniform(2.6, 4.2), angle = uniform(-0.35, 0.35), depth = uniform(0.06, 0.14);
            Mat pattern = keep(tmp, new Mat(h, w, CvType.CV_32FC3));
            float[] row = new float[w * 3];
            double ca = Math.cos(angle), sa = Math.sin(angle);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double u = (x * ca + y * sa) / period, v = (-x * sa + y * ca) / (period * 1.07);
                    double m = 1 - depth * (0.5 + 0.25 * Math.cos(2 * Math.PI * u) + 0.25 * Math.cos(2 * Math.PI * v));
                    for (int c = 0; c < 3; c++) {
                        // R, G, B stripes side by side
                        double stripe = 1 - depth * 0.5 * (0.5 + 0.5 * Math.cos(2 * Math.PI * (u + c / 3.0)));
                        row[3 * x + c] = (float) (m * stripe);
                    }
                }
                pattern.put(y, 0, row);
            }
            Core.multiply(g, pattern, g);
            // glare: a soft bright ellipse where a light reflects in the glass
            Mat glare = keep(tmp, Mat.zeros(h, w, CvType.CV_32FC3));
            Point c = new Point(uniform(0.1, 0.9) * w, uniform(0.1, 0.9) * h);
            Imgproc.ellipse(glare, c, new Size(uniform(0.15, 0.4) * w, uniform(0.08, 0.25) * h), uniform(0, 180), 0, 360,
                    new Scalar(1, 1, 1), -1);
            Imgproc.GaussianBlur(glare, glare, new Size(0, 0), Math.max(3, 0.08 * Math.min(w, h)));
            Core.scaleAdd(glare, uniform(0.15, 0.4), g, g);
            Mat shown = keep(tmp, new Mat());
            g.convertTo(shown, CvType.CV_8UC3, 255.0);
            Mat out = shown;
            if (bezel) {
                Mat framed = keep(tmp, new Mat());
                int b = Math.max(6, (int) (Math.min(w, h) * 0.06));
                Core.copyMakeBorder(shown, framed, b, b, b, b, Core.BORDER_CONSTANT, new Scalar(18, 18, 20));
                out = place(tmp, bgr, framed, uniform(0.65, 0.85), uniform(-6, 6), 0.5);
            }
            Mat blurred = recapture(tmp, out, uniform(0.7, 1.6));
            return jpeg(addNoise(tmp, blurred, uniform(2, 5)), 80 + rnd.nextInt(16));
        } finally {
            release(tmp);
        }
    }

    /** The presented object scaled and rotated in front of a darkened, defocused copy of the scene. */
    private Mat place(List<Mat> tmp, Mat scene, Mat object, double scale, double degrees, double sceneGain) {
        int w = scene.cols(), h = scene.rows();
        Mat back = keep(tmp, new Mat());
        Imgproc.GaussianBlur(scene, back, new Size(0, 0), Math.max(2, 0.02 * w));
        back.convertTo(back, -1, sceneGain, 10);
        double s = scale * Math.min(w / (double) object.cols(), h / (double) object.rows());
        Mat rot = keep(tmp, Imgproc.getRotationMatrix2D(new Point(object.cols() / 2.0, object.rows() / 2.0), degrees, s));
        double[] tx = rot.get(0, 2), ty = rot.get(1, 2);
        rot.put(0, 2, tx[0] + w / 2.0 - object.cols() / 2.0 + uniform(-0.05, 0.05) * w);
        rot.put(1, 2, ty[0] + h / 2.0 - object.rows() / 2.0 + uniform(-0.05, 0.05) * h);
        Mat warped = keep(tmp, new Mat());
        Imgproc.warpAffine(object, warped, rot, new Size(w, h), Imgproc.INTER_AREA, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
        Mat mask = keep(tmp, new Mat(object.rows(), object.cols(), CvType.CV_8UC1, new Scalar(255)));
        Mat maskW = keep(tmp, new Mat());
        Imgproc.warpAffine(mask, maskW, rot, new Size(w, h), Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT, new Scalar(0));
        warped.copyTo(back, maskW);
        return back;
    }

    private Mat paperTexture(List<Mat> tmp, Mat img) {
        int w = img.cols(), h = img.rows();
        Mat grain = keep(tmp, gaussianNoise(h, w, 1, 1));
        Mat fibres = keep(tmp, new Mat());
        // paper fibre: noise stretched along one direction
        Imgproc.GaussianBlur(grain, fibres, new Size(0, 0), uniform(2, 4), uniform(0.5, 1));
        Mat tex = keep(tmp, new Mat());
        Core.addWeighted(grain, 0.5, fibres, 2.0, 0, tex);
        Mat tex3 = keep(tmp, new Mat());
        Core.merge(List.of(tex, tex, tex), tex3);
        Mat f = keep(tmp, new Mat());
        img.convertTo(f, CvType.CV_32FC3);
        Core.scaleAdd(tex3, uniform(4, 9), f, f);
        Mat out = keep(tmp, new Mat());
        f.convertTo(out, CvType.CV_8UC3);
        return out;
    }

    private Mat desaturate(List<Mat> tmp, Mat bgr, double keepSaturation) {
        Mat grey = keep(tmp, new Mat());
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        Mat grey3 = keep(tmp, new Mat());
        Imgproc.cvtColor(grey, grey3, Imgproc.COLOR_GRAY2BGR);
        Mat out = new Mat();
        Core.addWeighted(bgr, keepSaturation, grey3, 1 - keepSaturation, 0, out);
        return out;
    }

    /** A camera filming a flat object: slight defocus, then the camera's own resampling. */
    private Mat recapture(List<Mat> tmp, Mat img, double sigma) {
        Mat b = keep(tmp, new Mat());
        Imgproc.GaussianBlur(img, b, new Size(0, 0), sigma);
        Mat small = keep(tmp, new Mat());
        double s = uniform(0.6, 0.9);
        Imgproc.resize(b, small, new Size(img.cols() * s, img.rows() * s), 0, 0, Imgproc.INTER_AREA);
        Mat back = keep(tmp, new Mat());
        Imgproc.resize(small, back, img.size(), 0, 0, Imgproc.INTER_LINEAR);
        return back;
    }

    private Mat addNoise(List<Mat> tmp, Mat img, double sd) {
        Mat n = keep(tmp, gaussianNoise(img.rows(), img.cols(), 3, sd));
        Mat s = keep(tmp, new Mat());
        img.convertTo(s, CvType.CV_32FC3);
        Core.add(s, n, s);
        Mat out = keep(tmp, new Mat());
        s.convertTo(out, CvType.CV_8UC3);
        return out;
    }

    /** Gaussian noise from this generator (not OpenCV's process-wide one), so that a seed reproduces a set. */
    private Mat gaussianNoise(int rows, int cols, int channels, double sd) {
        Mat m = new Mat(rows, cols, CvType.CV_32FC(channels));
        float[] row = new float[cols * channels];
        for (int y = 0; y < rows; y++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (rnd.nextGaussian() * sd);
            }
            m.put(y, 0, row);
        }
        return m;
    }

    private static byte[] jpeg(Mat m, int quality) {
        MatOfByte b = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", m, b, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
            return b.toArray();
        } finally {
            b.release();
        }
    }

    private static Mat keep(List<Mat> tmp, Mat m) {
        tmp.add(m);
        return m;
    }

    private static void release(List<Mat> tmp) {
        for (Mat m : tmp) {
            m.release();
        }
    }
}
