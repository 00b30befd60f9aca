package io.consentry.devicekit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The api's decision at the gate. Open the gate on {@link Outcome#GRANTED} only; on FALLBACK_REQUIRED offer one of
 * {@link #allowedMethods()} (PIN, QR, CARD, GUARD); {@link #reason()} is the stable code ({@code face_match},
 * {@code no_face_consent}, {@code wrong_secret}, …, see DEVICES.md). {@link #decisionId()} names the audit entry that
 * records it: log it next to the gate's own event so an auditor can join the two.
 *
 * @param score     face comparisons only
 * @param subjectId null when nobody was recognised (a face decision names nobody it did not grant or deny)
 */
public record Decision(Outcome outcome, String reason, String method, String purpose, Float score, Float threshold,
                       List<String> allowedMethods, UUID subjectId, UUID siteId, UUID deviceId, UUID decisionId,
                       Instant decidedAt) {

    public enum Outcome { GRANTED, DENIED, FALLBACK_REQUIRED }

    public boolean granted() {
        return outcome == Outcome.GRANTED;
    }

    static Decision of(JsonNode json) {
        List<String> allowed = new ArrayList<>();
        json.path("allowedMethods").forEach(m -> allowed.add(m.asText()));
        return new Decision(Outcome.valueOf(json.path("decision").asText()), Json.text(json, "reason"), Json.text(json, "method"),
                Json.text(json, "purpose"), number(json, "score"), number(json, "threshold"), List.copyOf(allowed),
                uuid(json, "subjectId"), uuid(json, "siteId"), uuid(json, "deviceId"), uuid(json, "auditEntryId"),
                json.hasNonNull("decidedAt") ? Instant.parse(json.get("decidedAt").asText()) : null);
    }

    private static Float number(JsonNode json, String field) {
        return json.hasNonNull(field) ? (float) json.get(field).asDouble() : null;
    }

    private static UUID uuid(JsonNode json, String field) {
        String text = Json.text(json, field);
        return text == null ? null : UUID.fromString(text);
    }
}
