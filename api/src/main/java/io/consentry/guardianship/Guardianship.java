package io.consentry.guardianship;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who decides for a minor. A guardian is a subject of the same tenant (their own name, contact, invitations and
 * portal sessions); a link names the minor they decide for. The link gives decision rights only while the minor is
 * below the age of consent: the consent service checks the age at every decision, so nothing here has to be undone
 * when the minor comes of age. Admins link and unlink (audited); they never decide.
 */
@ApplicationScoped
public class Guardianship {

    private final SubjectDirectory subjects;
    private final AuditTrail audit;

    Guardianship(SubjectDirectory subjects, AuditTrail audit) {
        this.subjects = subjects;
        this.audit = audit;
    }

    /** A link as the admin sees it. */
    public record Link(UUID id, UUID guardianId, String guardianName, UUID minorId, String relationship, String createdBy,
                       Instant createdAt, Instant endedAt) {
    }

    /**
     * A minor as their guardian sees them in the portal.
     *
     * @param decides whether the guardian decides for them today (false once they came of age)
     */
    public record Ward(UUID id, String name, boolean decides) {
    }

    /** Links {@code guardianId} to {@code minorId}; both are subjects of the current tenant. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Link link(UUID minorId, UUID guardianId, String relationship, Actor by) {
        SubjectRef guardian = subjects.findById(guardianId).orElseThrow(() ->
                new ApiException(ProblemCode.GUARDIAN_NOT_FOUND, 400, "There is no subject with this guardianId in this tenant."));
        if (guardianId.equals(minorId)) {
            throw new ApiException(ProblemCode.GUARDIAN_INVALID, "A subject cannot be their own guardian.");
        }
        LocalDate today = LocalDate.now();
        if (!subjects.minor(minorId, today)) {
            throw new ApiException(ProblemCode.NOT_A_MINOR, "This subject is not below the age of consent: they decide for "
                    + "themselves. Set their birth date or age band first.");
        }
        if (subjects.minor(guardianId, today)) {
            throw new ApiException(ProblemCode.GUARDIAN_INVALID, "A guardian must have reached the age of consent.");
        }
        if (GuardianLink.count("guardianId = ?1 and minorId = ?2 and endedAt is null", guardianId, minorId) > 0) {
            throw new ApiException(ProblemCode.GUARDIAN_LINK_EXISTS, "This guardian is already linked to this subject.");
        }
        GuardianLink link = new GuardianLink();
        link.id = UUID.randomUUID();
        link.guardianId = guardianId;
        link.minorId = minorId;
        link.relationship = relationship;
        link.createdBy = by.id();
        link.createdAt = Instant.now();
        link.persist();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("linkId", link.id.toString());
        details.put("guardianId", guardianId.toString());
        audit.append(new AuditEvent(by, "guardian.linked", minorId.toString(), null, AuditOutcome.OK, details));
        return view(link, guardian.displayName());
    }

    /** Ends a link of this minor; 404 when the minor has no such live link. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unlink(UUID minorId, UUID linkId, Actor by) {
        GuardianLink link = GuardianLink.<GuardianLink>find("id = ?1 and minorId = ?2 and endedAt is null", linkId, minorId)
                .firstResultOptional().orElseThrow(() ->
                        new ApiException(ProblemCode.GUARDIAN_NOT_FOUND, "This subject has no such guardian link."));
        link.endedAt = Instant.now();
        audit.append(new AuditEvent(by, "guardian.unlinked", minorId.toString(), null, AuditOutcome.OK,
                Map.of("linkId", linkId.toString(), "guardianId", link.guardianId.toString())));
    }

    /** The minor's links, live and ended, oldest first. */
    @Transactional
    public List<Link> linksOf(UUID minorId) {
        List<GuardianLink> links = GuardianLink.list("minorId = ?1 order by createdAt", minorId);
        return links.stream().map(l -> view(l, subjects.findById(l.guardianId).map(SubjectRef::displayName).orElse(null))).toList();
    }

    /** The live guardians of a minor (e.g. to tell them when the minor comes of age). */
    @Transactional
    public List<UUID> guardiansOf(UUID minorId) {
        List<GuardianLink> links = GuardianLink.list("minorId = ?1 and endedAt is null", minorId);
        return links.stream().map(l -> l.guardianId).toList();
    }

    /** The minors a guardian is linked to (erased ones left out), with whether the guardian decides for them today. */
    @Transactional
    public List<Ward> wardsOf(UUID guardianId) {
        List<GuardianLink> links = GuardianLink.list("guardianId = ?1 and endedAt is null order by createdAt", guardianId);
        LocalDate today = LocalDate.now();
        return links.stream().map(l -> subjects.findById(l.minorId)).flatMap(Optional::stream)
                .map(s -> new Ward(s.id(), s.displayName(), subjects.minor(s.id(), today))).toList();
    }

    /**
     * The ward, if {@code guardianId} has a live link to them; else 404 {@code ward_not_found} (the same answer for a
     * subject that exists and one that does not, in this tenant or another).
     */
    @Transactional
    public Ward requireWard(UUID guardianId, UUID wardId) {
        return wardsOf(guardianId).stream().filter(w -> w.id().equals(wardId)).findFirst().orElseThrow(() ->
                new ApiException(ProblemCode.WARD_NOT_FOUND, "You are not the guardian of this person."));
    }

    private static Link view(GuardianLink l, String guardianName) {
        return new Link(l.id, l.guardianId, guardianName, l.minorId, l.relationship, l.createdBy, l.createdAt, l.endedAt);
    }
}
