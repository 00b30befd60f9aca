package io.consentry.core.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading the current tenant's audit log for other features (the subject's own activity, counts for the dashboard). */
@ApplicationScoped
public class AuditLog {

    private final EntityManager em;

    AuditLog(EntityManager em) {
        this.em = em;
    }

    /** Every entry about one subject (by the subject reference the entries carry), oldest first. */
    @Transactional
    public List<AuditEntryView> about(String subjectRef) {
        return AuditEntry.<AuditEntry>list("subjectRef = ?1 order by seq", subjectRef).stream().map(AuditEntryView::of).toList();
    }

    /** One count per (action, outcome) pair among {@code actions}, for entries at or after {@code since}. */
    public record Count(String action, String outcome, long count) {
    }

    @Transactional
    public List<Count> countSince(Collection<String> actions, Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT action, outcome, count(*) FROM audit_entry "
                        + "WHERE action = ANY(?1) AND occurred_at >= ?2 GROUP BY action, outcome")
                .setParameter(1, actions.toArray(String[]::new)).setParameter(2, since.atOffset(ZoneOffset.UTC)).getResultList();
        return rows.stream().map(r -> new Count((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    /** Entries of {@code actions} between {@code from} (inclusive) and {@code to} (exclusive), by action and outcome. */
    @Transactional
    public List<Count> countBetween(Collection<String> actions, Instant from, Instant to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT action, outcome, count(*) FROM audit_entry "
                        + "WHERE action = ANY(?1) AND occurred_at >= ?2 AND occurred_at < ?3 GROUP BY action, outcome")
                .setParameter(1, actions.toArray(String[]::new)).setParameter(2, from.atOffset(ZoneOffset.UTC))
                .setParameter(3, to.atOffset(ZoneOffset.UTC)).getResultList();
        return rows.stream().map(r -> new Count((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    /**
     * Entries that deleted something, newest first: every entry of {@code alwaysActions}, and the entries of
     * {@code countedActions} where one of the numeric details {@code countKeys} is positive (e.g. a withdrawal that
     * deleted templates). Between {@code from} (inclusive) and {@code to} (exclusive), at most {@code limit}.
     */
    @Transactional
    public List<AuditEntryView> deletions(Collection<String> alwaysActions, Collection<String> countedActions,
                                          Collection<String> countKeys, Instant from, Instant to, int limit) {
        String counted = countKeys.stream().map(k -> "coalesce((details->>'" + k.replaceAll("[^A-Za-z]", "") + "')::bigint, 0)")
                .collect(java.util.stream.Collectors.joining(" + "));
        @SuppressWarnings("unchecked")
        List<AuditEntry> rows = em.createNativeQuery("SELECT * FROM audit_entry WHERE occurred_at >= ?1 AND occurred_at < ?2 "
                        + "AND (action = ANY(?3) OR (action = ANY(?4) AND " + (counted.isEmpty() ? "false" : counted + " > 0") + ")) "
                        + "ORDER BY seq DESC LIMIT ?5", AuditEntry.class)
                .setParameter(1, from.atOffset(ZoneOffset.UTC)).setParameter(2, to.atOffset(ZoneOffset.UTC))
                .setParameter(3, alwaysActions.toArray(String[]::new)).setParameter(4, countedActions.toArray(String[]::new))
                .setParameter(5, limit).getResultList();
        return rows.stream().map(AuditEntryView::of).toList();
    }

    /** How many entries the log holds. */
    @Transactional
    public long size() {
        return AuditEntry.count();
    }

    /** Counts of {@link #countSince} summed per outcome. */
    public static Map<String, Long> byOutcome(List<Count> counts) {
        Map<String, Long> out = new HashMap<>();
        counts.forEach(c -> out.merge(c.outcome(), c.count(), Long::sum));
        return out;
    }
}
