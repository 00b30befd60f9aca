package io.consentry.policy;

import io.consentry.core.engine.MatchCalibration;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates a policy before it is saved. The rule that matters most: there is always a non-biometric way in,
 * because nobody may be forced to use their face (SPC 2021 interpretation; CAC 2025 measures).
 */
@ApplicationScoped
public class PolicyRules {

    static final double DEFAULT_LIVENESS_THRESHOLD = 0.5;
    static final int DEFAULT_FACE_ATTEMPTS = 3;
    static final int MAX_FACE_ATTEMPTS = 10;
    static final int MAX_OPENING_WINDOWS = 28;

    private final MatchCalibration calibration;

    PolicyRules(MatchCalibration calibration) {
        this.calibration = calibration;
    }

    /** A complete, valid policy. */
    public record Checked(Set<AccessMethod> methods, Set<ClaimType> claimTypes, boolean livenessRequired,
                          double livenessThreshold, double targetFar, Double targetFpir, Double maxFnir, int faceAttempts,
                          List<OpeningWindow> openingHours) {
    }

    /** The FPIR a FACE_1_N policy gets when it names none: one non-member in a hundred. */
    static final double DEFAULT_FPIR = 0.01;

    public Checked check(PolicyRequest request) {
        Set<AccessMethod> methods = EnumSet.copyOf(request.methods());
        if (methods.stream().allMatch(AccessMethod::biometric)) {
            throw invalid("Face is the only way in under this policy; add at least one of PIN, QR, CARD or GUARD so that "
                    + "people who refuse face processing, or whose face cannot be verified, can still enter.");
        }
        Set<ClaimType> claims = request.faceClaimTypes() == null || request.faceClaimTypes().isEmpty()
                ? EnumSet.noneOf(ClaimType.class) : EnumSet.copyOf(request.faceClaimTypes());
        if (methods.contains(AccessMethod.FACE_1_1) && claims.isEmpty()) {
            throw invalid("FACE_1_1 compares a face with one claimed person, so faceClaimTypes must name how the claim is made (CARD, QR or SUBJECT_REF).");
        }
        if (!methods.contains(AccessMethod.FACE_1_1) && !claims.isEmpty()) {
            throw invalid("faceClaimTypes only apply to FACE_1_1, which this policy does not allow.");
        }
        boolean face = methods.stream().anyMatch(AccessMethod::biometric);
        boolean liveness = request.livenessRequired() == null ? face : request.livenessRequired();
        double livenessThreshold = request.livenessThreshold() == null ? DEFAULT_LIVENESS_THRESHOLD : request.livenessThreshold();
        if (!(livenessThreshold >= 0 && livenessThreshold <= 1)) {
            throw invalid("livenessThreshold is a live-probability and must lie between 0 and 1.");
        }
        double far = request.targetFar() == null ? defaultFar() : request.targetFar();
        if (!(far > 0 && far < 1)) {
            throw invalid("targetFar is a false-accept rate and must lie strictly between 0 and 1 (e.g. 0.001).");
        }
        if (calibration.threshold(far).isEmpty()) {
            throw invalid("targetFar " + far + " is stricter than the model pack " + calibration.packId()
                    + " was calibrated for; calibrated rates: " + calibration.calibratedFars() + ".");
        }
        Double fpir = null;
        Double maxFnir = null;
        if (methods.contains(AccessMethod.FACE_1_N)) {
            var identification = calibration.identification();
            if (!identification.calibrated()) {
                throw invalid("FACE_1_N needs a model pack calibrated for identification; " + calibration.packId() + " is not.");
            }
            fpir = request.targetFpir() == null ? defaultFpir(identification.targetFpirs()) : request.targetFpir();
            if (!identification.targetFpirs().contains(fpir)) {
                throw invalid("targetFpir " + fpir + " is not one the model pack " + calibration.packId()
                        + " was calibrated for; calibrated rates: " + identification.targetFpirs() + ".");
            }
            maxFnir = request.maxFnir();
            if (maxFnir != null && !(maxFnir > 0 && maxFnir <= 1)) {
                throw invalid("maxFnir is a share of members and must lie in (0, 1] (e.g. 0.05).");
            }
        } else if (request.targetFpir() != null || request.maxFnir() != null) {
            throw invalid("targetFpir and maxFnir only apply to FACE_1_N, which this policy does not allow.");
        }
        int attempts = request.faceAttemptsBeforeFallback() == null ? DEFAULT_FACE_ATTEMPTS : request.faceAttemptsBeforeFallback();
        if (attempts < 1 || attempts > MAX_FACE_ATTEMPTS) {
            throw invalid("faceAttemptsBeforeFallback must be between 1 and " + MAX_FACE_ATTEMPTS + ".");
        }
        List<OpeningWindow> hours = request.openingHours() == null ? List.of() : List.copyOf(request.openingHours());
        if (hours.size() > MAX_OPENING_WINDOWS) {
            throw invalid("At most " + MAX_OPENING_WINDOWS + " opening windows are allowed.");
        }
        for (OpeningWindow window : hours) {
            if (window == null || window.days() == null || window.days().isEmpty() || window.from() == null || window.to() == null) {
                throw invalid("Every opening window needs days, from and to.");
            }
            if (!window.from().isBefore(window.to())) {
                throw invalid("An opening window must end after it starts (" + window.from() + " to " + window.to()
                        + "); split windows that cross midnight in two.");
            }
        }
        return new Checked(methods, claims, liveness, livenessThreshold, far, fpir, maxFnir, attempts, hours);
    }

    /** The pack's operating point, else the strictest calibrated rate. */
    double defaultFar() {
        Set<Double> fars = calibration.calibratedFars();
        return fars.contains(0.001) ? 0.001 : calibration.calibratedFars().first();
    }

    private static double defaultFpir(java.util.NavigableSet<Double> calibrated) {
        return calibrated.contains(DEFAULT_FPIR) ? DEFAULT_FPIR : calibrated.last();
    }

    static String join(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private static ApiException invalid(String why) {
        return new ApiException(ProblemCode.POLICY_INVALID, why);
    }
}
