package io.consentry.biometric;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Read-only counts over the template store for the model migration: ids and pack ids only, nothing is decrypted.
 * Native SQL because they are aggregates over a whole tenant schema.
 */
@ApplicationScoped
public class TemplateInventory {

    private static final String PENDING = "SELECT DISTINCT t.subject_id FROM biometric_template t WHERE t.pack_id <> ?1 "
            + "AND NOT EXISTS (SELECT 1 FROM reenrolment_flag f WHERE f.subject_id = t.subject_id AND f.pack_id = ?1)";

    private final EntityManager em;

    TemplateInventory(EntityManager em) {
        this.em = em;
    }

    /**
     * The number of distinct people whose face data (a template or a retained enrolment photo) the tenant holds: the
     * figure the filing threshold is about. One aggregate over two indexed columns.
     */
    @Transactional
    public long peopleWithFaceData() {
        Number n = (Number) em.createNativeQuery("SELECT count(*) FROM (SELECT subject_id FROM biometric_template "
                + "UNION SELECT subject_id FROM retained_image) people").getSingleResult();
        return n.longValue();
    }

    /** Templates and distinct subjects per model pack. */
    public record PackCount(String packId, long templates, long subjects) {
    }

    @Transactional
    public List<PackCount> perPack() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT pack_id, count(*), count(DISTINCT subject_id) "
                + "FROM biometric_template GROUP BY pack_id ORDER BY pack_id").getResultList();
        return rows.stream().map(r -> new PackCount((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList();
    }

    /** Subjects with templates of another pack than {@code pack} and no re-enrolment flag for it, in id order after {@code after}. */
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

    /** Every subject {@link #pendingSubjects} would return. */
    @Transactional
    public Set<UUID> allPendingSubjects(String pack) {
        return ids(PENDING, pack);
    }

    /** Subjects holding at least one template of {@code pack}. */
    @Transactional
    public Set<UUID> subjectsWithTemplatesOf(String pack) {
        return ids("SELECT DISTINCT subject_id FROM biometric_template WHERE pack_id = ?1", pack);
    }

    /** Subjects with a retained photo that belongs to a template of another pack than {@code pack}. */
    @Transactional
    public Set<UUID> subjectsWithPhotoOfOtherPack(String pack) {
        return ids("SELECT DISTINCT i.subject_id FROM retained_image i JOIN biometric_template t "
                + "ON t.id = i.template_id WHERE t.pack_id <> ?1", pack);
    }

    @Transactional
    public long subjectsWithTemplatesOfOtherPacks(String pack) {
        return count("SELECT count(DISTINCT subject_id) FROM biometric_template WHERE pack_id <> ?1", pack);
    }

    @Transactional
    public long rebuiltTemplates(String pack) {
        return count("SELECT count(*) FROM biometric_template WHERE pack_id = ?1 AND rebuilt_at IS NOT NULL", pack);
    }

    @Transactional
    public long flaggedSubjects(String pack) {
        return count("SELECT count(*) FROM reenrolment_flag WHERE pack_id = ?1", pack);
    }

    @SuppressWarnings("unchecked")
    private Set<UUID> ids(String sql, String pack) {
        return new HashSet<>((List<UUID>) em.createNativeQuery(sql).setParameter(1, pack).getResultList());
    }

    private long count(String sql, String pack) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, pack).getSingleResult()).longValue();
    }
}
