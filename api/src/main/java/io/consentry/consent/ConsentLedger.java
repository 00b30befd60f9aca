package io.consentry.consent;

import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import io.consentry.subject.SubjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Derived consent state: the current state of a (subject, purpose) is its latest event; a grant past its expiry
 * already counts as expired here, before the expiry job has written the EXPIRED event; a grant given to a notice
 * version older than the purpose's latest material one counts as NEEDS_RECONSENT (not active) until the subject
 * agrees to the current notice, withdraws, or it expires.
 * <p>
 * The ledger reads only its own table (consent_event); purposes come from the catalogue and subjects from the
 * subject directory, through their facades.
 */
@ApplicationScoped
public class ConsentLedger {

    private final EntityManager em;
    private final PurposeCatalog catalog;
    private final SubjectDirectory subjects;

    ConsentLedger(EntityManager em, PurposeCatalog catalog, SubjectDirectory subjects) {
        this.em = em;
        this.catalog = catalog;
        this.subjects = subjects;
    }

    public enum State {
        NONE, GRANTED, REFUSED, WITHDRAWN, EXPIRED,
        /** Granted to an older notice than the latest material one: paused, no processing, until the subject decides again. */
        NEEDS_RECONSENT;

        /** A grant that still stands (active, or paused for re-consent): what keeps templates from being deleted. */
        public boolean held() {
            return this == GRANTED || this == NEEDS_RECONSENT;
        }
    }

    public record Current(UUID purposeId, String code, String title, PurposeKind kind, State state, UUID eventId,
                          Instant since, Instant expiresAt, String noticeHash) {
        public boolean active() {
            return state == State.GRANTED;
        }
    }

    /** The latest event of one (subject, purpose) pair, with the expiry rule applied. */
    private record Latest(UUID subjectId, UUID purposeId, State state, UUID eventId, Instant since, Instant expiresAt,
                          String noticeHash, UUID noticeId) {
        /** @param now the time the expiry rule applies at; null to report grants as recorded, expired or not */
        static Latest of(Object[] r, Instant now) {
            Instant expires = instant(r[5]);
            State state = State.valueOf((String) r[2]);
            if (now != null && state == State.GRANTED && expires != null && !expires.isAfter(now)) {
                state = State.EXPIRED;
            }
            return new Latest((UUID) r[0], (UUID) r[1], state, (UUID) r[3], instant(r[4]), expires,
                    r[6] == null ? null : ((String) r[6]).trim(), (UUID) r[7]);
        }

        /** A live grant to a notice older than {@code reconsentBelow} (a material version) is paused. */
        Latest withReconsentRule(int reconsentBelow, Map<UUID, Integer> noticeVersions) {
            if (state != State.GRANTED || reconsentBelow == 0) {
                return this;
            }
            Integer version = noticeVersions.get(noticeId);
            return version != null && version < reconsentBelow
                    ? new Latest(subjectId, purposeId, State.NEEDS_RECONSENT, eventId, since, expiresAt, noticeHash, noticeId) : this;
        }
    }

    private static final String LATEST_COLUMNS = "subject_id, purpose_id, event, id, occurred_at, expires_at, notice_hash, notice_id";

    /** The subject's state for every live purpose of the catalogue, in catalogue order (NONE where they never decided). */
    @Transactional
    public List<Current> current(UUID subjectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT ON (purpose_id) " + LATEST_COLUMNS
                        + " FROM consent_event WHERE subject_id = ?1 ORDER BY purpose_id, seq DESC")
                .setParameter(1, subjectId).getResultList();
        Instant now = Instant.now();
        Map<UUID, Integer> thresholds = catalog.reconsentThresholds();
        Map<UUID, Integer> versions = thresholds.isEmpty() ? Map.of()
                : catalog.noticeVersions(rows.stream().map(r -> (UUID) r[7]).toList());
        Map<UUID, Latest> latest = new HashMap<>();
        for (Object[] r : rows) {
            Latest l = Latest.of(r, now);
            latest.put(l.purposeId(), l.withReconsentRule(thresholds.getOrDefault(l.purposeId(), 0), versions));
        }
        List<Current> out = new ArrayList<>();
        for (PurposeRef p : catalog.live()) {
            Latest l = latest.get(p.id());
            out.add(l == null
                    ? new Current(p.id(), p.code(), p.title(), p.kind(), State.NONE, null, null, null, null)
                    : new Current(p.id(), p.code(), p.title(), p.kind(), l.state(), l.eventId(), l.since(), l.expiresAt(),
                    l.noticeHash()));
        }
        return out;
    }

    public Current currentFor(UUID subjectId, UUID purposeId) {
        return current(subjectId).stream().filter(c -> c.purposeId().equals(purposeId)).findFirst().orElse(null);
    }

    /** Whether the subject's consent to any live purpose of this kind is active (enrolment, retention, migration). */
    @Transactional
    public boolean active(UUID subjectId, PurposeKind kind) {
        return current(subjectId).stream().anyMatch(c -> c.kind() == kind && c.active());
    }

    /**
     * Whether the subject's consent to exactly this purpose is active: the purpose is live and the latest event of the
     * pair is an unexpired grant. One indexed query, for gates.
     */
    @Transactional
    public boolean active(UUID subjectId, UUID purposeId) {
        if (catalog.liveRef(purposeId).isEmpty()) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT " + LATEST_COLUMNS + " FROM consent_event WHERE subject_id = ?1 "
                        + "AND purpose_id = ?2 ORDER BY seq DESC LIMIT 1")
                .setParameter(1, subjectId).setParameter(2, purposeId).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Latest latest = Latest.of(rows.get(0), Instant.now());
        int reconsentBelow = latest.state() == State.GRANTED ? catalog.reconsentBelow(purposeId) : 0;
        Map<UUID, Integer> versions = reconsentBelow == 0 ? Map.of() : catalog.noticeVersions(List.of(latest.noticeId()));
        return latest.withReconsentRule(reconsentBelow, versions).state() == State.GRANTED;
    }

    /** Whether a purpose of these kinds is granted, or paused for re-consent (a grant that still stands). */
    @Transactional
    public boolean anyHeld(UUID subjectId, Set<PurposeKind> kinds) {
        return current(subjectId).stream().anyMatch(c -> kinds.contains(c.kind()) && c.state().held());
    }

    public record Member(UUID subjectId, String externalRef) {
    }

    /** Subjects with an active consent to this purpose (not erased): the 1:N gallery of the sites that use it. */
    @Transactional
    public List<Member> activeSubjects(UUID purposeId) {
        if (catalog.liveRef(purposeId).isEmpty()) {
            return List.of();
        }
        Map<UUID, String> refs = subjects.liveExternalRefs(subjectsInState(purposeId, State.GRANTED));
        return refs.entrySet().stream().map(e -> new Member(e.getKey(), e.getValue())).toList();
    }

    /** Subjects with an active consent to any purpose of the kind (not erased). */
    @Transactional
    public List<Member> activeSubjects(PurposeKind kind) {
        Set<UUID> granted = new HashSet<>();
        for (PurposeRef purpose : catalog.ofKind(kind)) {
            granted.addAll(subjectsInState(purpose.id(), State.GRANTED));
        }
        Map<UUID, String> refs = subjects.liveExternalRefs(granted);
        return refs.entrySet().stream().map(e -> new Member(e.getKey(), e.getValue())).toList();
    }

    /** Subjects whose latest event for the purpose is a grant (expired or not). */
    @Transactional
    public List<UUID> grantedSubjects(UUID purposeId) {
        return latestFor(purposeId, null).stream().filter(l -> l.state() == State.GRANTED).map(Latest::subjectId).toList();
    }

    /**
     * Subjects whose current state for the purpose is {@code state} (a grant past its expiry counts as EXPIRED).
     * Not meaningful for NONE: those are the subjects <em>not</em> in {@link #subjectsWithAnyDecision}.
     */
    @Transactional
    public Set<UUID> subjectsInState(UUID purposeId, State state) {
        Set<UUID> out = new HashSet<>();
        for (Latest l : latestFor(purposeId, Instant.now())) {
            if (l.state() == state) {
                out.add(l.subjectId());
            }
        }
        return out;
    }

    /** Subjects who ever decided on the purpose (any event). */
    @Transactional
    public Set<UUID> subjectsWithAnyDecision(UUID purposeId) {
        @SuppressWarnings("unchecked")
        List<UUID> rows = em.createNativeQuery("SELECT DISTINCT subject_id FROM consent_event WHERE purpose_id = ?1")
                .setParameter(1, purposeId).getResultList();
        return new HashSet<>(rows);
    }

    /** Per purpose id: how many of {@code liveSubjects} have an active grant of it (dashboard counts). */
    @Transactional
    public Map<UUID, Long> activeCounts(Collection<UUID> purposeIds) {
        Map<UUID, Long> counts = new HashMap<>();
        for (UUID purposeId : purposeIds) {
            Set<UUID> granted = subjectsInState(purposeId, State.GRANTED);
            counts.put(purposeId, (long) subjects.liveExternalRefs(granted).size());
        }
        return counts;
    }

    /** @param now null: grants as recorded (no expiry, no re-consent rule) */
    private List<Latest> latestFor(UUID purposeId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT ON (subject_id) " + LATEST_COLUMNS
                        + " FROM consent_event WHERE purpose_id = ?1 ORDER BY subject_id, seq DESC")
                .setParameter(1, purposeId).getResultList();
        int reconsentBelow = now == null ? 0 : catalog.reconsentBelow(purposeId);
        Map<UUID, Integer> versions = reconsentBelow == 0 ? Map.of()
                : catalog.noticeVersions(rows.stream().map(r -> (UUID) r[7]).distinct().toList());
        return rows.stream().map(r -> Latest.of(r, now).withReconsentRule(reconsentBelow, versions)).toList();
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

    /** One entry of a subject's consent history, as the subject's data export shows it. */
    public record HistoryEntry(UUID id, UUID purposeId, String event, String noticeHash, Instant occurredAt, String method,
                               String channel, UUID receiptId) {
    }

    /** The subject's whole consent history, oldest first. */
    @Transactional
    public List<HistoryEntry> history(UUID subjectId) {
        return ConsentEvent.<ConsentEvent>list("subjectId = ?1 order by seq", subjectId).stream()
                .map(e -> new HistoryEntry(e.id, e.purposeId, e.event.name(), e.noticeHash, e.occurredAt, e.method, e.channel,
                        e.receiptId))
                .toList();
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
