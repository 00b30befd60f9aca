package io.consentry.engineview;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The active pack's calibration: the thresholds decisions use (from the manifest) and, when the pack ships them, the
 * score distributions and FAR/FRR curves they were chosen from.
 *
 * @param thresholds    the manifest's calibrated operating points, strictest last
 * @param chart         the pack's {@code calibration.json} (histograms, curves, EER, TAR at FAR), or null
 * @param chartConsistent the chart's thresholds at each target FAR equal the manifest's (within 2e-4: both are rounded to four decimals): the chart shows
 *                      the measurement the thresholds came from, not some other run
 */
public record CalibrationView(String packId, String packVersion, String data, Double defaultFar, Float eerThreshold,
                              float livenessThreshold, List<Threshold> thresholds, JsonNode chart, Boolean chartConsistent) {

    public record Threshold(double far, float threshold) {
    }
}
