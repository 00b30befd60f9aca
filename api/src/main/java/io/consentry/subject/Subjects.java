package io.consentry.subject;

import io.consentry.biometric.TemplateVault;
import io.consentry.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Subject administration: create, page through with a consent-state filter, and blank out on erasure. */
@ApplicationScoped
public class Subjects {

    @Inject
    EntityManager em;
    @Inject
    TemplateVault vault;

    /**
     * @param reenrolment set when the subject's templates were made by a model pack that is no longer configured and
     *                    could not be rebuilt: they must enrol again (face access falls back to alternatives until then)
     */
    public record View(UUID id, String externalRef, String displayName, String contact, Instant createdAt, Instant erasedAt,
                       TemplateVault.Reenrolment reenrolment) {
        static View of(Subject s, TemplateVault.Reenrolment reenrolment) {
            return new View(s.id, s.externalRef, s.displayName, s.contact, s.createdAt, s.erasedAt, reenrolment);
        }
    }

    public record Page(List<View> items, int page, int size, long total) {
    }

    @Transactional
    public View create(String externalRef, String displayName, String contact) {
        if (Subject.count("externalRef", externalRef) > 0) {
            throw ApiException.conflict("subject_exists", "A subject with the external reference '" + externalRef + "' exists.");
        }
        Subject s = new Subject();
        s.id = UUID.randomUUID();
        s.externalRef = externalRef;
        s.displayName = displayName;
        s.contact = contact;
        s.createdAt = Instant.now();
        s.persist();
        return View.of(s, null);
    }

    @Transactional
    public View get(UUID id) {
        return View.of(require(id), vault.reenrolment(id).orElse(null));
    }

    @Transactional
    public Subject require(UUID id) {
        Subject s = Subject.findById(id);
        if (s == null) {
            throw ApiException.notFound("subject_not_found", "There is no such subject.");
        }
        return s;
    }

    /**
     * One page of subjects, optionally only those whose consent to {@code purposeId} is in {@code state}
     * (NONE, GRANTED, REFUSED, WITHDRAWN, EXPIRED; a grant past its expiry counts as EXPIRED).
     */
    @Transactional
    public Page list(UUID purposeId, String state, String search, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        String join = "";
        if (purposeId != null) {
            params.add(purposeId);
            join = " LEFT JOIN LATERAL (SELECT e.event, e.expires_at FROM consent_event e WHERE e.subject_id = s.id AND e.purpose_id = ?1 "
                    + "ORDER BY e.seq DESC LIMIT 1) l ON true";
            if (state != null) {
                where.append(switch (state) {
                    case "NONE" -> " AND l.event IS NULL";
                    case "GRANTED" -> " AND l.event = 'GRANTED' AND l.expires_at > now()";
                    case "EXPIRED" -> " AND (l.event = 'EXPIRED' OR (l.event = 'GRANTED' AND l.expires_at <= now()))";
                    case "REFUSED", "WITHDRAWN" -> " AND l.event = '" + state + "'";
                    default -> throw ApiException.badRequest("invalid_state", "state must be NONE, GRANTED, REFUSED, WITHDRAWN or EXPIRED.");
                });
            }
        } else if (state != null) {
            throw ApiException.badRequest("purpose_required", "Filtering by consent state needs a purpose.");
        }
        if (search != null && !search.isBlank()) {
            params.add("%" + search.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
            int n = params.size();
            where.append(" AND (lower(s.external_ref) LIKE ?").append(n).append(" OR lower(s.display_name) LIKE ?").append(n).append(")");
        }
        String from = " FROM subject s" + join + where;
        var count = em.createNativeQuery("SELECT count(*)" + from);
        var select = em.createNativeQuery("SELECT s.*" + from + " ORDER BY s.created_at, s.id", Subject.class);
        for (int i = 0; i < params.size(); i++) {
            count.setParameter(i + 1, params.get(i));
            select.setParameter(i + 1, params.get(i));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Subject> rows = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        Map<UUID, TemplateVault.Reenrolment> flags = vault.reenrolments(rows.stream().map(r -> r.id).toList());
        return new Page(rows.stream().map(r -> View.of(r, flags.get(r.id))).toList(), page, size, total);
    }

    /** Erasure of the subject's identity: only the id and the times remain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void blankOut(UUID id) {
        Subject s = require(id);
        s.externalRef = "erased:" + s.id;
        s.displayName = null;
        s.contact = null;
        s.erasedAt = Instant.now();
    }
}
