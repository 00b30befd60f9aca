package io.consentry.face.cli;

import io.consentry.face.eval.Metrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Score histograms + FAR/FRR curves as one PNG (XChart). */
final class Charts {
    private Charts() {
    }

    static void write(Path out, float[] g, float[] im, Metrics.Eer eer, List<Metrics.AtFar> fars, String title) throws Exception {
        int bins = 60;
        float lo = -0.3f, hi = 1.0f;
        double[] x = new double[bins];
        double[] hg = new double[bins], hi2 = new double[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = lo + (hi - lo) * (i + 0.5) / bins;
        }
        for (float v : g) {
            hg[bin(v, lo, hi, bins)] += 1.0 / g.length;
        }
        for (float v : im) {
            hi2[bin(v, lo, hi, bins)] += 1.0 / im.length;
        }
        XYChart h = new XYChartBuilder().width(800).height(450).title("Score distributions - " + title)
                .xAxisTitle("cosine similarity").yAxisTitle("fraction of pairs").build();
        h.getStyler().setXAxisDecimalPattern("0.00");
        XYSeries s1 = h.addSeries("genuine (n=" + g.length + ")", x, hg);
        s1.setMarker(SeriesMarkers.NONE);
        XYSeries s2 = h.addSeries("impostor (n=" + im.length + ")", x, hi2);
        s2.setMarker(SeriesMarkers.NONE);
        for (Metrics.AtFar f : fars) {
            if (Float.isFinite(f.threshold())) {
                XYSeries v = h.addSeries("thr @FAR " + f.targetFar(), new double[] {f.threshold(), f.threshold()},
                        new double[] {0, Arrays.stream(hg).max().orElse(0.1)});
                v.setMarker(SeriesMarkers.NONE);
            }
        }
        float[] gs = g.clone(), is = im.clone();
        Arrays.sort(gs);
        Arrays.sort(is);
        int steps = 200;
        double[] t = new double[steps], far = new double[steps], frr = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = lo + (hi - lo) * i / (steps - 1.0);
            far[i] = frac(is, (float) t[i]);
            frr[i] = 1 - frac(gs, (float) t[i]);
        }
        XYChart c = new XYChartBuilder().width(800).height(450)
                .title(String.format(java.util.Locale.ROOT, "FAR / FRR (EER %.2f%% at %.3f)", eer.eer() * 100, eer.threshold()))
                .xAxisTitle("threshold").yAxisTitle("rate").build();
        c.getStyler().setXAxisDecimalPattern("0.00");
        c.addSeries("FAR", t, far).setMarker(SeriesMarkers.NONE);
        c.addSeries("FRR", t, frr).setMarker(SeriesMarkers.NONE);
        BufferedImage a = BitmapEncoder.getBufferedImage(h);
        BufferedImage b = BitmapEncoder.getBufferedImage(c);
        BufferedImage all = new BufferedImage(Math.max(a.getWidth(), b.getWidth()), a.getHeight() + b.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = all.createGraphics();
        gr.drawImage(a, 0, 0, null);
        gr.drawImage(b, 0, a.getHeight(), null);
        gr.dispose();
        ImageIO.write(all, "png", out.toFile());
    }

    private static int bin(float v, float lo, float hi, int bins) {
        return Math.max(0, Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins)));
    }

    private static double frac(float[] sorted, float t) {
        int idx = Arrays.binarySearch(sorted, t);
        int lo = idx >= 0 ? idx : -idx - 1;
        while (idx >= 0 && lo > 0 && sorted[lo - 1] == t) {
            lo--;
        }
        return (sorted.length - lo) / (double) Math.max(1, sorted.length);
    }
}
