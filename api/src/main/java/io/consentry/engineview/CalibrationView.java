package io.consentry.engineview;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The active pack's calibration: the thresholds decisions use (from the manifest) and, when the pack ships them, the
 * score distributions and FAR/FRR curves they were chosen from.
 *
 * @param thresholds    the manifest's calibrated operating points, strictest last
 * @param chart         the pack's {@code calibration.json} (histograms, curves, EER, TAR at FAR), or null
 * @param identification the 1:N operating points by target FPIR and gallery size, or null when the pack has none
 * @param liveness      the pack's {@code liveness.json}: BPCER and APCER (per attack species) by threshold, and on what data
 * @param chartConsistent the chart's thresholds at each target FAR equal the manifest's (within 2e-4: both are rounded to four decimals): the chart shows
 *                      the measurement the thresholds came from, not some other run
 */
public record CalibrationView(String packId, String packVersion, String data, Double defaultFar, Float eerThreshold,
                              float livenessThreshold, List<Threshold> thresholds, JsonNode chart, Boolean chartConsistent,
                              Identification identification, JsonNode liveness) {

    /** A 1:1 operating point: the per-pair threshold for a target FAR (selectable ones only; evidence from the manifest). */
    public record Threshold(double far, float threshold, String evidence) {
    }

    /**
     * The open-set calibration: per target FPIR, the threshold and expected FNIR by gallery size (provisional cells rest
     * on too few impostor pairs and are never used).
     *
     * @param refusalRate share of the calibration's searches the gate rule refused (quality, several comparable faces)
     */
    public record Identification(String calibrationId, double fnirCeiling, double refusalRate, List<Rate> rates) {
    }

    public record Rate(double fpir, List<io.consentry.face.IdentificationCalibration.Cell> cells, int largestGallerySize) {
    }
}
