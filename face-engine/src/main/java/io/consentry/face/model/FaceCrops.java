package io.consentry.face.model;

import org.opencv.core.Mat;
import org.opencv.core.Rect;

/** Crop rules the pack's models were trained with (taken from the package's browser code, see MODEL-NOTES). */
final class FaceCrops {
    private FaceCrops() {
    }

    /** The box scaled by {@code scale} around its centre, shifted (not clipped) to stay inside the image. */
    static Rect enlargedInside(Mat img, Detection d, float scale) {
        int srcW = img.cols(), srcH = img.rows();
        float bw = d.width(), bh = d.height();
        float s = Math.min((srcH - 1) / bh, Math.min((srcW - 1) / bw, scale));
        float nw = bw * s, nh = bh * s;
        float cx = d.x1() + bw / 2, cy = d.y1() + bh / 2;
        float l = cx - nw / 2, t = cy - nh / 2, r = cx + nw / 2, b = cy + nh / 2;
        if (l < 0) {
            r -= l;
            l = 0;
        }
        if (t < 0) {
            b -= t;
            t = 0;
        }
        if (r > srcW - 1) {
            l -= r - srcW + 1;
            r = srcW - 1;
        }
        if (b > srcH - 1) {
            t -= b - srcH + 1;
            b = srcH - 1;
        }
        return clamp(l, t, r - l, b - t, srcW, srcH);
    }

    /** The square around the box's centre with the box's longer side, clipped to the image. */
    static Rect square(Mat img, Detection d) {
        float cx = (d.x1() + d.x2()) / 2, cy = (d.y1() + d.y2()) / 2;
        float side = Math.max(d.width(), d.height());
        return clamp(cx - side / 2, cy - side / 2, side, side, img.cols(), img.rows());
    }

    /** The box from its top-left corner, {@code scale} times its size, clipped to the image (expression model). */
    static Rect fromTopLeft(Mat img, Detection d, float scale) {
        int x = (int) Math.max(0, d.x1()), y = (int) Math.max(0, d.y1());
        int w = (int) Math.min(d.width() * scale, img.cols() - x), h = (int) Math.min(d.height() * scale, img.rows() - y);
        return new Rect(x, y, Math.max(1, w), Math.max(1, h));
    }

    /** A rectangle rounded to pixels and clipped to a W×H image, at least 1×1. */
    static Rect clamp(float x, float y, float w, float h, int imageW, int imageH) {
        int x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
        int x1 = Math.min(imageW, Math.round(x + w)), y1 = Math.min(imageH, Math.round(y + h));
        return new Rect(Math.min(x0, imageW - 1), Math.min(y0, imageH - 1), Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }
}
