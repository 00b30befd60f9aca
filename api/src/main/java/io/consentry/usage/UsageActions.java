package io.consentry.usage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit actions that usage counts, and how: the same entries the dashboard counts (a decision is an
 * {@code access.<method>} entry whose outcome is the decision; an enrolment is an {@code enrolment} or
 * {@code enrolment.replaced} entry with outcome {@code ok}). Refusals (a frame without a face, a refused enrolment)
 * are audited under the same actions with another outcome and are not usage.
 */
final class UsageActions {

    static final String VERIFICATION = "access.face_1_1";
    static final String IDENTIFICATION = "access.face_1_n";
    /** The alternatives by their audit action, with the method label of the metrics; a guard's decision counts too. */
    static final Map<String, String> ALTERNATIVES = Map.of("access.pin", "PIN", "access.qr", "QR", "access.card", "CARD",
            "access.guard-override", "GUARD");
    static final List<String> ENROLMENTS = List.of("enrolment", "enrolment.replaced");
    static final Set<String> DECISION_OUTCOMES = Set.of("GRANTED", "DENIED", "FALLBACK_REQUIRED");
    static final String ENROLMENT_OK = io.consentry.core.audit.AuditOutcome.OK;

    private UsageActions() {
    }

    /** The metrics' method label of a decision action, or null when the action is not a decision. */
    static String method(String action) {
        if (VERIFICATION.equals(action)) {
            return "FACE_1_1";
        }
        if (IDENTIFICATION.equals(action)) {
            return "FACE_1_N";
        }
        return ALTERNATIVES.get(action);
    }

    static List<String> decisionActions() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(VERIFICATION, IDENTIFICATION),
                ALTERNATIVES.keySet().stream()).toList();
    }
}
