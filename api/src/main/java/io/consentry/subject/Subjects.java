package io.consentry.subject;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Subject administration: create, look up, page through (optionally within a set of ids), blank out on erasure. */
@ApplicationScoped
public class Subjects {

    private final EntityManager em;
    private final AgeOfConsent ageOfConsent;

    Subjects(EntityManager em, AgeOfConsent ageOfConsent) {
        this.em = em;
        this.ageOfConsent = ageOfConsent;
    }

    /**
     * A subject as admins see it. Erased subjects keep only their id and times.
     *
     * @param minor whether the subject is below the age of consent today (a guardian decides for them)
     */
    public record View(UUID id, String externalRef, String displayName, String contact, Instant contactVerifiedAt,
                       Instant createdAt, Instant erasedAt, java.time.LocalDate birthDate, AgeBand ageBand, boolean minor) {
        static View of(Subject s, AgeOfConsent age) {
            return new View(s.id, s.externalRef, s.displayName, s.contact, s.contactVerifiedAt, s.createdAt, s.erasedAt,
                    s.birthDate, s.ageBand, !s.erased() && s.cameOfAgeAt == null && age.minor(s.birthDate, s.ageBand, java.time.LocalDate.now()));
        }

        public boolean erased() {
            return erasedAt != null;
        }
    }

    public record Page(List<View> items, int page, int size, long total) {
    }

    /**
     * Which subjects a listing may show, decided by another feature (e.g. consent state for a purpose): only the ids
     * in {@code ids}, or every subject except them.
     */
    public record IdFilter(Collection<UUID> ids, boolean exclude) {
        public static IdFilter only(Collection<UUID> ids) {
            return new IdFilter(ids, false);
        }

        public static IdFilter except(Collection<UUID> ids) {
            return new IdFilter(ids, true);
        }
    }

    @Transactional
    public View create(String externalRef, String displayName, String contact) {
        return create(externalRef, displayName, contact, null, null);
    }

    /** A subject with a birth date or an age band (both null: an adult as far as anyone declared). */
    @Transactional
    public View create(String externalRef, String displayName, String contact, java.time.LocalDate birthDate, AgeBand band) {
        if (Subject.count("externalRef", externalRef) > 0) {
            throw new ApiException(ProblemCode.SUBJECT_EXISTS, "A subject with the external reference '" + externalRef + "' exists.");
        }
        Subject s = new Subject();
        s.id = UUID.randomUUID();
        s.externalRef = externalRef;
        s.displayName = displayName;
        s.contact = contact;
        s.createdAt = Instant.now();
        s.birthDate = birthDate;
        s.ageBand = birthDate == null ? band : null;
        s.persist();
        return View.of(s, ageOfConsent);
    }

    /** The subject, erased or not; 404 {@code subject_not_found} when there is none. */
    @Transactional
    public View require(UUID id) {
        return View.of(entity(id), ageOfConsent);
    }

    /** One page of subjects in creation order, optionally within {@code filter} and matching {@code search}. */
    @Transactional
    public Page list(IdFilter filter, String search, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (filter != null) {
            params.add(filter.ids().toArray(UUID[]::new));
            where.append(filter.exclude() ? " AND NOT (s.id = ANY(?1))" : " AND s.id = ANY(?1)");
        }
        if (search != null && !search.isBlank()) {
            params.add("%" + search.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
            int n = params.size();
            where.append(" AND (lower(s.external_ref) LIKE ?").append(n).append(" OR lower(s.display_name) LIKE ?").append(n).append(")");
        }
        String from = " FROM subject s" + where;
        var count = em.createNativeQuery("SELECT count(*)" + from);
        var select = em.createNativeQuery("SELECT s.*" + from + " ORDER BY s.created_at, s.id", Subject.class);
        for (int i = 0; i < params.size(); i++) {
            count.setParameter(i + 1, params.get(i));
            select.setParameter(i + 1, params.get(i));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Subject> rows = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        return new Page(rows.stream().map(r -> View.of(r, ageOfConsent)).toList(), page, size, total);
    }

    /**
     * An admin changes where the subject's mail goes; returns the previous address (null if none). The new address is
     * not verified until the subject proves they read it, so an e-mail invitation or contact code sent there after the
     * change shows up in the audit as going to an unverified address.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String changeContact(UUID id, String contact) {
        Subject s = entity(id);
        if (s.erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was erased.");
        }
        String previous = s.contact;
        s.contact = contact;
        if (previous == null || !previous.equalsIgnoreCase(contact)) {
            s.contactVerifiedAt = null;
        }
        return previous;
    }

    /**
     * An admin sets or corrects the subject's birth date or age band (a birth date wins over a band). Coming of age
     * is recomputed from the new facts: a subject set back below the age is again decided for by a guardian.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public View changeAge(UUID id, java.time.LocalDate birthDate, AgeBand band) {
        Subject s = entity(id);
        if (s.erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was erased.");
        }
        s.birthDate = birthDate;
        s.ageBand = birthDate == null ? band : null;
        if (ageOfConsent.minor(s.birthDate, s.ageBand, java.time.LocalDate.now())) {
            s.cameOfAgeAt = null;
        }
        return View.of(s, ageOfConsent);
    }

    /** Erasure of the subject's identity: only the id and the times remain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void blankOut(UUID id) {
        Subject s = entity(id);
        s.externalRef = "erased:" + s.id;
        s.displayName = null;
        s.contact = null;
        s.contactVerifiedAt = null;
        s.birthDate = null;
        s.ageBand = null;
        s.erasedAt = Instant.now();
    }

    /** Subjects that are not erased, for counts on the dashboard. */
    @Transactional
    public long countLive() {
        return Subject.count("erasedAt is null");
    }

    private static Subject entity(UUID id) {
        Subject s = Subject.findById(id);
        if (s == null) {
            throw new ApiException(ProblemCode.SUBJECT_NOT_FOUND, "There is no such subject.");
        }
        return s;
    }
}
