package io.consentry.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for the dashboard, read with a few aggregate queries over the tenant schema (the tenant comes from the
 * caller's token through the schema resolver). A read model: it reads the tables other features own but never writes
 * them, and it counts decisions from the audit log, which is where every device decision is recorded
 * ({@code access.<method>} entries with outcome GRANTED / DENIED / FALLBACK_REQUIRED).
 */
@ApplicationScoped
public class DashboardQueries {

    static final List<String> FACE_ACTIONS = List.of("access.face_1_1", "access.face_1_n");
    /** Alternative methods by their audit action; the guard's manual decision counts as an alternative too. */
    static final Map<String, String> ALTERNATIVE_ACTIONS = Map.of(
            "access.pin", "PIN", "access.qr", "QR", "access.card", "CARD", "access.guard-override", "GUARD");

    @Inject
    EntityManager em;

    @ConfigProperty(name = "consentry.dashboard.device-online-window", defaultValue = "PT5M")
    Duration onlineWindow;

    @Transactional
    public DashboardView counts(ZoneId zone) {
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        OffsetDateTime from = today.atOffset(ZoneOffset.UTC);

        long subjects = count("SELECT count(*) FROM subject WHERE erased_at IS NULL");
        List<DashboardView.PurposeConsents> consents = activeConsents();
        Object[] templates = (Object[]) em.createNativeQuery(
                "SELECT count(*), count(DISTINCT t.subject_id) FROM biometric_template t JOIN subject s ON s.id = t.subject_id "
                        + "WHERE s.erased_at IS NULL").getSingleResult();
        long enrolledToday = ((Number) em.createNativeQuery(
                "SELECT count(*) FROM audit_entry WHERE action = 'enrolment' AND outcome = 'ok' AND occurred_at >= ?1")
                .setParameter(1, from).getSingleResult()).longValue();

        long granted = 0, fallback = 0, denied = 0;
        @SuppressWarnings("unchecked")
        List<Object[]> face = em.createNativeQuery("SELECT outcome, count(*) FROM audit_entry WHERE action IN (?1, ?2) "
                        + "AND occurred_at >= ?3 GROUP BY outcome")
                .setParameter(1, FACE_ACTIONS.get(0)).setParameter(2, FACE_ACTIONS.get(1)).setParameter(3, from).getResultList();
        for (Object[] row : face) {
            long n = ((Number) row[1]).longValue();
            switch ((String) row[0]) {
                case "GRANTED" -> granted += n;
                case "FALLBACK_REQUIRED" -> fallback += n;
                case "DENIED" -> denied += n;
                default -> { } // not a decision outcome
            }
        }

        long altGranted = 0, altDenied = 0;
        Map<String, Long> byMethod = new LinkedHashMap<>();
        for (String method : List.of("PIN", "QR", "CARD", "GUARD")) {
            byMethod.put(method, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> alternatives = em.createNativeQuery("SELECT action, outcome, count(*) FROM audit_entry "
                        + "WHERE action IN ('access.pin', 'access.qr', 'access.card', 'access.guard-override') AND occurred_at >= ?1 "
                        + "GROUP BY action, outcome")
                .setParameter(1, from).getResultList();
        for (Object[] row : alternatives) {
            long n = ((Number) row[2]).longValue();
            byMethod.merge(ALTERNATIVE_ACTIONS.get((String) row[0]), n, Long::sum);
            if ("GRANTED".equals(row[1])) {
                altGranted += n;
            } else if ("DENIED".equals(row[1])) {
                altDenied += n;
            }
        }

        Object[] devices = (Object[]) em.createNativeQuery("SELECT "
                        + "count(*) FILTER (WHERE status = 'ACTIVE'), "
                        + "count(*) FILTER (WHERE status = 'ACTIVE' AND last_seen_at >= ?1), "
                        + "count(*) FILTER (WHERE status = 'ACTIVE' AND health IN ('DEGRADED', 'FAILING')), "
                        + "count(*) FILTER (WHERE status = 'REVOKED') FROM device")
                .setParameter(1, now.minus(onlineWindow).atOffset(ZoneOffset.UTC)).getSingleResult();

        return new DashboardView(now, zone.getId(), today, subjects, consents,
                new DashboardView.Enrolments(n(templates[1]), n(templates[0]), enrolledToday),
                new DashboardView.Decisions(granted, fallback, denied, granted + fallback + denied),
                new DashboardView.Alternatives(altGranted, altDenied, byMethod.values().stream().mapToLong(Long::longValue).sum(), byMethod),
                new DashboardView.DeviceCounts(n(devices[0]), n(devices[1]), n(devices[2]), n(devices[3]), onlineWindow.toSeconds()),
                count("SELECT count(*) FROM audit_entry"));
    }

    /** Per live purpose: subjects (not erased) whose latest event is an unexpired grant — the portal's own rule. */
    private List<DashboardView.PurposeConsents> activeConsents() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT p.code, p.title, p.kind, count(l.subject_id) FROM purpose p "
                + "LEFT JOIN (SELECT DISTINCT ON (e.subject_id, e.purpose_id) e.subject_id, e.purpose_id, e.event, e.expires_at "
                + "  FROM consent_event e ORDER BY e.subject_id, e.purpose_id, e.seq DESC) l "
                + "  ON l.purpose_id = p.id AND l.event = 'GRANTED' AND (l.expires_at IS NULL OR l.expires_at > now()) "
                + "  AND EXISTS (SELECT 1 FROM subject s WHERE s.id = l.subject_id AND s.erased_at IS NULL) "
                + "WHERE p.retired_at IS NULL GROUP BY p.code, p.title, p.kind ORDER BY p.code").getResultList();
        return rows.stream().map(r -> new DashboardView.PurposeConsents((String) r[0], (String) r[1], (String) r[2], n(r[3]))).toList();
    }

    private long count(String sql) {
        return n(em.createNativeQuery(sql).getSingleResult());
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}
