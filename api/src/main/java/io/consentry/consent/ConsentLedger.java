package io.consentry.consent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Derived consent state: the current state of a (subject, purpose) is its latest event; a grant past its expiry
 * already counts as expired here, before the expiry job has written the EXPIRED event.
 */
@ApplicationScoped
public class ConsentLedger {

    @Inject
    EntityManager em;

    public enum State { NONE, GRANTED, REFUSED, WITHDRAWN, EXPIRED }

    public record Current(UUID purposeId, String code, String title, PurposeKind kind, State state, UUID eventId,
                          Instant since, Instant expiresAt, String noticeHash) {
        public boolean active() {
            return state == State.GRANTED;
        }
    }

    private static final String LATEST = "LEFT JOIN LATERAL (SELECT e.id, e.event, e.occurred_at, e.expires_at, e.notice_hash "
            + "FROM consent_event e WHERE e.subject_id = ?1 AND e.purpose_id = p.id ORDER BY e.seq DESC LIMIT 1) l ON true ";

    @Transactional
    public List<Current> current(UUID subjectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT p.id, p.code, p.title, p.kind, l.event, l.id, l.occurred_at, "
                        + "l.expires_at, l.notice_hash FROM purpose p " + LATEST
                        + "WHERE p.retired_at IS NULL ORDER BY p.created_at, p.code")
                .setParameter(1, subjectId).getResultList();
        Instant now = Instant.now();
        List<Current> out = new ArrayList<>();
        for (Object[] r : rows) {
            Instant expires = instant(r[7]);
            State state = r[4] == null ? State.NONE : State.valueOf((String) r[4]);
            if (state == State.GRANTED && expires != null && !expires.isAfter(now)) {
                state = State.EXPIRED;
            }
            out.add(new Current((UUID) r[0], (String) r[1], (String) r[2], PurposeKind.valueOf((String) r[3]), state,
                    (UUID) r[5], instant(r[6]), expires, r[8] == null ? null : ((String) r[8]).trim()));
        }
        return out;
    }

    public Current currentFor(UUID subjectId, UUID purposeId) {
        return current(subjectId).stream().filter(c -> c.purposeId().equals(purposeId)).findFirst().orElse(null);
    }

    @Transactional
    public boolean active(UUID subjectId, PurposeKind kind) {
        return current(subjectId).stream().anyMatch(c -> c.kind() == kind && c.active());
    }

    @Transactional
    public boolean anyActive(UUID subjectId, Set<PurposeKind> kinds) {
        return current(subjectId).stream().anyMatch(c -> kinds.contains(c.kind()) && c.active());
    }

    public record Member(UUID subjectId, String externalRef) {
    }

    /** Subjects with an active consent of the kind (not erased). */
    @Transactional
    public List<Member> activeSubjects(PurposeKind kind) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT s.id, s.external_ref FROM subject s "
                        + "JOIN purpose p ON p.kind = ?1 AND p.retired_at IS NULL "
                        + "JOIN LATERAL (SELECT e.event, e.expires_at FROM consent_event e WHERE e.subject_id = s.id "
                        + "AND e.purpose_id = p.id ORDER BY e.seq DESC LIMIT 1) l ON true "
                        + "WHERE s.erased_at IS NULL AND l.event = 'GRANTED' AND (l.expires_at IS NULL OR l.expires_at > now())")
                .setParameter(1, kind.name()).getResultList();
        return rows.stream().map(r -> new Member((UUID) r[0], (String) r[1])).toList();
    }

    /** Subjects whose latest event for the purpose is a grant (expired or not). */
    @Transactional
    public List<UUID> grantedSubjects(UUID purposeId) {
        @SuppressWarnings("unchecked")
        List<UUID> rows = em.createNativeQuery("SELECT l.subject_id FROM (SELECT DISTINCT ON (subject_id) subject_id, event "
                        + "FROM consent_event WHERE purpose_id = ?1 ORDER BY subject_id, seq DESC) l WHERE l.event = 'GRANTED'")
                .setParameter(1, purposeId).getResultList();
        return rows;
    }

    /** Whether the latest event of (subject, purpose) is a grant, however old: what the expiry job may end. */
    @Transactional
    public boolean latestIsGrant(UUID subjectId, UUID purposeId) {
        List<?> rows = em.createNativeQuery("SELECT event FROM consent_event WHERE subject_id = ?1 AND purpose_id = ?2 "
                + "ORDER BY seq DESC LIMIT 1").setParameter(1, subjectId).setParameter(2, purposeId).getResultList();
        return !rows.isEmpty() && "GRANTED".equals(rows.get(0));
    }

    public record Due(UUID subjectId, UUID purposeId) {
    }

    /** Grants whose expiry has passed and that have no EXPIRED event yet. */
    @Transactional
    public List<Due> dueForExpiry(Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT l.subject_id, l.purpose_id FROM (SELECT DISTINCT ON (subject_id, purpose_id) "
                        + "subject_id, purpose_id, event, expires_at FROM consent_event ORDER BY subject_id, purpose_id, seq DESC) l "
                        + "WHERE l.event = 'GRANTED' AND l.expires_at <= ?1 LIMIT ?2")
                .setParameter(1, Timestamp.from(now)).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Due((UUID) r[0], (UUID) r[1])).toList();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("Not a time: " + value.getClass());
    }
}
