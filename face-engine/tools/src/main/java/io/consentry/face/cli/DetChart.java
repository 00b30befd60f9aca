package io.consentry.face.cli;

import io.consentry.face.eval.OpenSetSimulation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** DET charts (both axes logarithmic) as PNG: FNIR against FPIR per gallery size, APCER against BPCER for liveness. */
final class DetChart {
    private DetChart() {
    }

    /**
     * One curve per simulated gallery: FNIR against FPIR as the threshold sweeps over the non-mated best scores; plus
     * predicted curves ({fpir[], fnir[]}) for sizes beyond the data, drawn dashed.
     */
    static void identification(Path out, Map<String, OpenSetSimulation.Result> curves, Map<String, double[][]> predicted,
                               String title) throws Exception {
        XYChart c = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("FPIR (non-mated searches returning a candidate)").yAxisTitle("FNIR (mated searches missed)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisMin(1e-4);
        c.getStyler().setXAxisMax(1.0);
        c.getStyler().setYAxisMin(1e-3);
        c.getStyler().setYAxisMax(1.0);
        for (Map.Entry<String, OpenSetSimulation.Result> e : curves.entrySet()) {
            OpenSetSimulation.Result r = e.getValue();
            float[] s = r.nonMatedTop1().clone();
            Arrays.sort(s);
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            int steps = 120;
            for (int i = 0; i <= steps; i++) {
                // thresholds at log-spaced FPIR from 1 down to 1/N
                double fpir = Math.pow(10, -4.0 * i / steps);
                float t = r.thresholdAt(fpir, 0f);
                double a = r.fpir(t, 0f), b = r.fnir(t, 0f);
                if (a > 0 && b > 0) {
                    x.add(a);
                    y.add(b);
                }
            }
            if (!x.isEmpty()) {
                c.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        for (Map.Entry<String, double[][]> e : predicted.entrySet()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (int i = 0; i < e.getValue()[0].length; i++) {
                if (e.getValue()[0][i] > 0 && e.getValue()[1][i] > 0) {
                    x.add(e.getValue()[0][i]);
                    y.add(e.getValue()[1][i]);
                }
            }
            if (!x.isEmpty()) {
                var series = c.addSeries(e.getKey(), x, y);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {6f, 4f}, 0f));
            }
        }
        BitmapEncoder.saveBitmap(c, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** APCER against BPCER as the liveness threshold sweeps. */
    static void liveness(Path out, double[] bpcer, double[] apcer, String title) throws Exception {
        XYChart c = new XYChartBuilder().width(800).height(600).title(title)
                .xAxisTitle("BPCER (bona fide presentations refused)").yAxisTitle("APCER (attacks accepted)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisMin(1e-3);
        c.getStyler().setXAxisMax(1.0);
        c.getStyler().setYAxisMin(1e-3);
        c.getStyler().setYAxisMax(1.0);
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (int i = 0; i < bpcer.length; i++) {
            // log axes: a zero rate is drawn at the axis floor
            x.add(Math.max(1e-3, bpcer[i]));
            y.add(Math.max(1e-3, apcer[i]));
        }
        c.addSeries("DET", x, y).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(c, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
