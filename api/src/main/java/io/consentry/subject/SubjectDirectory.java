package io.consentry.subject;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** How other features look subjects up (erased subjects are not found). */
@ApplicationScoped
public class SubjectDirectory {

    private final AgeOfConsent ageOfConsent;

    SubjectDirectory(AgeOfConsent ageOfConsent) {
        this.ageOfConsent = ageOfConsent;
    }

    /**
     * Whether a guardian decides for this subject on {@code today} (below the age of consent by birth date, or declared
     * a minor when the birth date is unknown). An unknown or erased subject is not a minor, nor one the coming-of-age
     * check has already invited to decide for themselves.
     */
    @Transactional
    public boolean minor(UUID id, java.time.LocalDate today) {
        return Subject.<Subject>findByIdOptional(id).filter(s -> !s.erased())
                .map(s -> s.cameOfAgeAt == null && ageOfConsent.minor(s.birthDate, s.ageBand, today)).orElse(false);
    }

    /** Subjects with a birth date who reached the age of consent by {@code today} and were not yet told. */
    @Transactional
    public List<SubjectRef> comingOfAge(java.time.LocalDate today, int limit) {
        return Subject.<Subject>find("birthDate <= ?1 and cameOfAgeAt is null and erasedAt is null order by birthDate",
                        today.minusYears(ageOfConsent.years()))
                .page(0, limit).list().stream().map(SubjectDirectory::ref).toList();
    }

    /**
     * Records that the subject came of age (so the check tells them once); false when another replica or run already
     * did, or the subject is erased.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markCameOfAge(UUID id, Instant at) {
        lock(id);
        Subject s = Subject.findById(id);
        if (s == null || s.erased() || s.cameOfAgeAt != null) {
            return false;
        }
        s.cameOfAgeAt = at;
        return true;
    }

    @Transactional
    public Optional<SubjectRef> findById(UUID id) {
        return Subject.<Subject>findByIdOptional(id).filter(s -> !s.erased()).map(SubjectDirectory::ref);
    }

    @Transactional
    public Optional<SubjectRef> findByExternalRef(String externalRef) {
        return Subject.<Subject>find("externalRef", externalRef).firstResultOptional().filter(s -> !s.erased())
                .map(SubjectDirectory::ref);
    }

    /**
     * The subject's contact address, where invitations, contact codes and notices go; empty when the subject has none
     * or was erased.
     *
     * @param verifiedAt when the subject last proved they read mail there (null: not since it was set)
     */
    public record Contact(String address, Instant verifiedAt) {
        public boolean verified() {
            return verifiedAt != null;
        }
    }

    @Transactional
    public Optional<Contact> contactOf(UUID id) {
        return Subject.<Subject>findByIdOptional(id).filter(s -> !s.erased() && s.contact != null && !s.contact.isBlank())
                .map(s -> new Contact(s.contact, s.contactVerifiedAt));
    }

    /** The subject redeemed a link mailed to their address, or entered a code mailed there: the address is theirs. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void contactVerified(UUID id, String address) {
        Subject s = Subject.findById(id);
        if (s != null && address.equalsIgnoreCase(s.contact)) {
            s.contactVerifiedAt = Instant.now();
        }
    }

    /**
     * The subject whose <em>verified</em> contact is this address (case-insensitive): how a signed-in console user
     * (whose realm account has the same verified e-mail) is recognised as a subject of their own tenant.
     */
    @Transactional
    public Optional<SubjectRef> findByVerifiedContact(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        List<Subject> found = Subject.list("lower(contact) = ?1 and contactVerifiedAt is not null and erasedAt is null",
                address.strip().toLowerCase());
        // An address shared by several subjects names none of them.
        return found.size() == 1 ? Optional.of(ref(found.get(0))) : Optional.empty();
    }

    /**
     * Serialises consent changes and enrolments of one subject (row lock until the caller's transaction ends), so an
     * enrolment can never slip a template in after a concurrent withdrawal deleted the templates.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID id) {
        Subject.getEntityManager().createNativeQuery("SELECT id FROM subject WHERE id = ?1 FOR UPDATE").setParameter(1, id)
                .getResultList();
    }

    /** External references of the subjects among {@code ids} that are not erased (e.g. the 1:N gallery's members). */
    @Transactional
    public Map<UUID, String> liveExternalRefs(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Subject.getEntityManager().createNativeQuery(
                        "SELECT id, external_ref FROM subject WHERE erased_at IS NULL AND id = ANY(?1)")
                .setParameter(1, ids.toArray(UUID[]::new)).getResultList();
        Map<UUID, String> refs = new HashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            refs.put((UUID) row[0], (String) row[1]);
        }
        return refs;
    }

    static SubjectRef ref(Subject s) {
        return new SubjectRef(s.id, s.externalRef, s.displayName);
    }
}
