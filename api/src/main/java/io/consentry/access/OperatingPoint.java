package io.consentry.access;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The operating point a face decision used, so that an auditor can tell later why a person was (or was not) let in:
 * the rate the site aims for and what it is a rate of, the score threshold that rate meant for this model pack and,
 * for 1:N, the gallery size the threshold was chosen for and the share of members expected to be missed there.
 *
 * @param rate                  {@code FAR} (1:1, per comparison) or {@code FPIR} (1:N, per search of a non-member)
 * @param target                the policy's target for that rate
 * @param threshold             the score a match had to reach (null when no operating point could be given)
 * @param margin                1:N: how far the best candidate had to beat the runner-up
 * @param gallerySize           1:N: templates searched
 * @param calibratedGallerySize 1:N: the calibrated size whose threshold was used (≥ gallerySize)
 * @param expectedFnir          1:N: share of members the calibration expects to miss at that size
 * @param calibrationId         which calibration of which pack the threshold comes from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperatingPoint(String rate, double target, Float threshold, Float margin, Integer gallerySize,
                             Integer calibratedGallerySize, Double expectedFnir, String calibrationId) {

    static OperatingPoint far(double targetFar, float threshold, String calibrationId) {
        return new OperatingPoint("FAR", targetFar, threshold, null, null, null, null, calibrationId);
    }

    /** The audit entry's view: small facts, fixed precision, never a template or an image. */
    Map<String, String> auditDetails() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rate", rate);
        details.put("target", Double.toString(target));
        if (threshold != null) {
            details.put("threshold", String.format(Locale.ROOT, "%.4f", threshold));
        }
        if (margin != null && margin > 0) {
            details.put("margin", String.format(Locale.ROOT, "%.4f", margin));
        }
        if (gallerySize != null) {
            details.put("gallerySize", Integer.toString(gallerySize));
        }
        if (calibratedGallerySize != null) {
            details.put("calibratedGallerySize", Integer.toString(calibratedGallerySize));
        }
        if (expectedFnir != null) {
            details.put("expectedFnir", String.format(Locale.ROOT, "%.4f", expectedFnir));
        }
        details.put("calibrationId", calibrationId);
        return details;
    }
}
