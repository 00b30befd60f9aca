package io.consentry.webhook;

import io.consentry.core.audit.AuditAppended;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which audit entries become events, and what their data says. Each type's data is an explicit list of ids and
 * outcomes copied from the entry — never the whole details map — so a score, a quality value, a guard's free text, a
 * contact address or anything a later change adds to an audit entry cannot leak into a webhook by accident. (Audit
 * entries never hold images, templates, PINs or tokens in the first place.)
 */
final class WebhookEvents {

    /** What a decision's audit outcome may be; refusals ({@code refused:…}) are not decisions. */
    private static final Set<String> DECISIONS = Set.of("GRANTED", "DENIED", "FALLBACK_REQUIRED");

    /** An event to send: its type, the CloudEvent {@code subject} (site or subject id, optional) and its data. */
    record Event(EventType type, String subject, Map<String, Object> data) {
    }

    private WebhookEvents() {
    }

    static Optional<Event> of(AuditAppended entry) {
        String action = entry.action();
        Map<String, String> d = entry.details();
        if (action.startsWith("access.") && DECISIONS.contains(entry.outcome())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("decisionId", entry.entryId().toString());
            data.put("siteId", d.get("site"));
            data.put("deviceId", d.get("device"));
            data.put("method", d.get("method"));
            data.put("outcome", entry.outcome());
            data.put("reason", d.get("reason"));
            data.put("subjectId", entry.subjectRef());
            return Optional.of(new Event(EventType.DECISION_MADE, d.get("site"), data));
        }
        switch (action) {
            case "consent.granted", "consent.withdrawn" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("consentEventId", d.get("eventId"));
                data.put("subjectId", entry.subjectRef());
                data.put("purpose", entry.purpose());
                if (d.containsKey("decidedBy")) {
                    data.put("decidedBy", d.get("decidedBy"));
                }
                EventType type = action.equals("consent.granted") ? EventType.CONSENT_GRANTED : EventType.CONSENT_WITHDRAWN;
                return Optional.of(new Event(type, entry.subjectRef(), data));
            }
            case "enrolment", "enrolment.replaced" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("subjectId", entry.subjectRef());
                data.put("templateId", d.get("templateId"));
                data.put("replaced", action.equals("enrolment.replaced"));
                return Optional.of(new Event(EventType.ENROLMENT_COMPLETED, entry.subjectRef(), data));
            }
            case "subject.erased" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("subjectId", entry.subjectRef());
                data.put("erasureId", entry.entryId().toString());
                return Optional.of(new Event(EventType.ERASURE_COMPLETED, entry.subjectRef(), data));
            }
            case "device.health-changed" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("deviceId", d.get("device"));
                data.put("siteId", d.get("site"));
                data.put("health", d.get("health"));
                data.put("previousHealth", d.get("previousHealth"));
                data.put("change", d.get("change"));
                return Optional.of(new Event(EventType.DEVICE_HEALTH, d.get("site"), data));
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
