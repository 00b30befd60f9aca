package io.consentry.migration;

import io.consentry.consent.ConsentLedger;
import io.consentry.consent.PurposeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Read-only counts over the biometric store for the migration (ids and pack ids only; nothing is decrypted).
 * Native SQL because they are aggregates over a whole tenant schema.
 */
@ApplicationScoped
public class MigrationInventory {

    @Inject
    EntityManager em;
    @Inject
    ConsentLedger ledger;

    private static final String PENDING = "SELECT DISTINCT t.subject_id FROM biometric_template t WHERE t.pack_id <> ?1 "
            + "AND NOT EXISTS (SELECT 1 FROM reenrolment_flag f WHERE f.subject_id = t.subject_id AND f.pack_id = ?1)";

    /** Subjects with stale templates and no flag for {@code pack}, in id order after {@code after}. */
    @Transactional
    public List<UUID> pendingSubjects(String pack, UUID after, int limit) {
        var query = em.createNativeQuery("SELECT s.subject_id FROM (" + PENDING + ") s"
                        + (after == null ? "" : " WHERE s.subject_id > ?2") + " ORDER BY s.subject_id LIMIT " + limit)
                .setParameter(1, pack);
        if (after != null) {
            query.setParameter(2, after);
        }
        @SuppressWarnings("unchecked")
        List<UUID> rows = query.getResultList();
        return rows;
    }

    @Transactional
    public MigrationStatus status(String pack, boolean running, ModelMigration.RunReport lastRun) {
        @SuppressWarnings("unchecked")
        List<Object[]> perPack = em.createNativeQuery("SELECT pack_id, count(*), count(DISTINCT subject_id) "
                + "FROM biometric_template GROUP BY pack_id ORDER BY pack_id").getResultList();
        List<MigrationStatus.PackCount> packs = perPack.stream().map(r -> new MigrationStatus.PackCount((String) r[0],
                pack.equals(r[0]), ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList();
        long current = packs.stream().filter(MigrationStatus.PackCount::current).mapToLong(MigrationStatus.PackCount::templates).sum();
        long stale = packs.stream().filter(p -> !p.current()).mapToLong(MigrationStatus.PackCount::templates).sum();

        Set<UUID> pending = ids(PENDING, pack);
        Set<UUID> withCurrent = ids("SELECT DISTINCT subject_id FROM biometric_template WHERE pack_id = ?1", pack);
        Set<UUID> withStalePhoto = ids("SELECT DISTINCT i.subject_id FROM retained_image i JOIN biometric_template t "
                + "ON t.id = i.template_id WHERE t.pack_id <> ?1", pack);
        Set<UUID> retention = active(PurposeKind.IMAGE_RETENTION);
        Set<UUID> templateConsent = active(PurposeKind.FACE_VERIFICATION);
        templateConsent.addAll(active(PurposeKind.FACE_IDENTIFICATION));
        long rebuildable = 0;
        long reenrol = 0;
        for (UUID subject : pending) {
            if (withCurrent.contains(subject)) {
                continue; // superseded: the stale templates are simply dropped
            }
            if (retention.contains(subject) && templateConsent.contains(subject) && withStalePhoto.contains(subject)) {
                rebuildable++;
            } else {
                reenrol++;
            }
        }
        long staleSubjects = count("SELECT count(DISTINCT subject_id) FROM biometric_template WHERE pack_id <> ?1", pack);
        long rebuilt = count("SELECT count(*) FROM biometric_template WHERE pack_id = ?1 AND rebuilt_at IS NOT NULL", pack);
        long flagged = count("SELECT count(*) FROM reenrolment_flag WHERE pack_id = ?1", pack);
        return new MigrationStatus(pack, packs, current, stale, staleSubjects, pending.size(), rebuildable, reenrol, rebuilt,
                flagged, pending.isEmpty(), running, lastRun);
    }

    private Set<UUID> active(PurposeKind kind) {
        return ledger.activeSubjects(kind).stream().map(ConsentLedger.Member::subjectId).collect(Collectors.toCollection(HashSet::new));
    }

    @SuppressWarnings("unchecked")
    private Set<UUID> ids(String sql, String pack) {
        return new HashSet<>((List<UUID>) em.createNativeQuery(sql).setParameter(1, pack).getResultList());
    }

    private long count(String sql, String pack) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, pack).getSingleResult()).longValue();
    }
}
