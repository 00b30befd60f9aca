package io.consentry.policy;

import io.consentry.core.engine.MatchCalibration;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Validates a policy before it is saved. The rule that matters most: there is always a non-biometric way in,
 * because nobody may be forced to use their face (SPC 2021 interpretation; CAC 2025 measures). And each face method
 * names the one purpose it runs under, of the method's kind: consent is specific to a processing activity, so a gate
 * must know which activity it performs.
 */
@ApplicationScoped
public class PolicyRules {

    static final double DEFAULT_LIVENESS_THRESHOLD = 0.5;
    static final int DEFAULT_FACE_ATTEMPTS = 3;
    static final int MAX_FACE_ATTEMPTS = 10;
    static final int MAX_OPENING_WINDOWS = 28;

    private final MatchCalibration calibration;
    private final Function<String, Optional<PurposeRef>> livePurposes;
    private final Predicate<UUID> inForce;

    @Inject
    PolicyRules(MatchCalibration calibration, PurposeCatalog catalog) {
        this(calibration, catalog::findRef, catalog::inForce);
    }

    /** Over a fixed purpose look-up, every purpose in force (unit tests). */
    PolicyRules(MatchCalibration calibration, Function<String, Optional<PurposeRef>> livePurposes) {
        this(calibration, livePurposes, id -> true);
    }

    PolicyRules(MatchCalibration calibration, Function<String, Optional<PurposeRef>> livePurposes, Predicate<UUID> inForce) {
        this.calibration = calibration;
        this.livePurposes = livePurposes;
        this.inForce = inForce;
    }

    /** A complete, valid policy; the purpose ids are set exactly when their face method is allowed. */
    public record Checked(Set<AccessMethod> methods, Set<ClaimType> claimTypes, UUID verificationPurposeId,
                          UUID identificationPurposeId, boolean livenessRequired, double livenessThreshold, double targetFar,
                          Double targetFpir, Double maxFnir, int faceAttempts, List<OpeningWindow> openingHours) {
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
        UUID verification = purposeFor(methods, AccessMethod.FACE_1_1, request.verificationPurpose(), "verificationPurpose",
                PurposeKind.FACE_VERIFICATION);
        UUID identification = purposeFor(methods, AccessMethod.FACE_1_N, request.identificationPurpose(), "identificationPurpose",
                PurposeKind.FACE_IDENTIFICATION);
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
            var identificationCalibration = calibration.identification();
            if (!identificationCalibration.calibrated()) {
                throw invalid("FACE_1_N needs a model pack calibrated for identification; " + calibration.packId() + " is not.");
            }
            fpir = request.targetFpir() == null ? defaultFpir(identificationCalibration.targetFpirs()) : request.targetFpir();
            if (!identificationCalibration.targetFpirs().contains(fpir)) {
                throw invalid("targetFpir " + fpir + " is not one the model pack " + calibration.packId()
                        + " was calibrated for; calibrated rates: " + identificationCalibration.targetFpirs() + ".");
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
        return new Checked(methods, claims, verification, identification, liveness, livenessThreshold, far, fpir, maxFnir,
                attempts, hours);
    }

    /** The purpose a face method runs under: named exactly when the method is allowed, live, and of the method's kind. */
    private UUID purposeFor(Set<AccessMethod> methods, AccessMethod method, String code, String field, PurposeKind kind) {
        boolean blank = code == null || code.isBlank();
        if (!methods.contains(method)) {
            if (!blank) {
                throw invalid(field + " only applies to " + method + ", which this policy does not allow.");
            }
            return null;
        }
        if (blank) {
            throw invalid(method + " runs under one purpose the subject consents to separately, so " + field
                    + " must name a live purpose of kind " + kind + ".");
        }
        PurposeRef purpose = livePurposes.apply(code.strip()).orElseThrow(() ->
                invalid(field + " '" + code.strip() + "' is not a live purpose of this tenant."));
        if (purpose.kind() != kind) {
            throw invalid(field + " '" + purpose.code() + "' is of kind " + purpose.kind() + "; " + method
                    + " needs a purpose of kind " + kind + ".");
        }
        if (!inForce.test(purpose.id())) {
            throw new ApiException(ProblemCode.IMPACT_ASSESSMENT_REQUIRED, method + " cannot be switched on under '"
                    + purpose.code() + "': no approved impact assessment is recorded for that purpose. Record one "
                    + "(Assessments in the console) and save the policy again.");
        }
        return purpose.id();
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
