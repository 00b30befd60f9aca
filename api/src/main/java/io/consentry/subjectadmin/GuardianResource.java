package io.consentry.subjectadmin;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.guardianship.Guardianship;
import io.consentry.portal.Invitations;
import io.consentry.subject.Subjects;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Minors: the admin links a guardian to a subject below the age of consent — an existing subject ({@code guardianId})
 * or a new one made from a name and an e-mail address — and by default the guardian is invited at once, by mail to
 * their own address. The admin never decides: the guardian does, in their own portal session.
 */
@Path("/api/v1/tenants/{tenant}/subjects/{id}/guardians")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: subjects")
public class GuardianResource {

    private final Subjects subjects;
    private final Guardianship guardianship;
    private final Invitations invitations;
    private final AuditTrail audit;
    private final CallerTenant caller;

    GuardianResource(Subjects subjects, Guardianship guardianship, Invitations invitations, AuditTrail audit, CallerTenant caller) {
        this.subjects = subjects;
        this.guardianship = guardianship;
        this.invitations = invitations;
        this.audit = audit;
        this.caller = caller;
    }

    /**
     * @param guardianId an existing subject of this tenant who becomes the guardian; or, without it,
     * @param name       and
     * @param contact    the guardian's name and e-mail address (a subject is made for them)
     * @param invite     mail the guardian their invitation now (default true)
     */
    public record NewGuardian(UUID guardianId, @Size(max = 200) String name, @Email @Size(max = 320) String contact,
                              @Size(max = 100) String relationship, Boolean invite) {
    }

    public record Linked(Guardianship.Link link, Invitations.Invitation invitation) {
    }

    @GET
    @Operation(summary = "Minors: the subject's guardian links, live and ended")
    public List<Guardianship.Link> list(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return guardianship.linksOf(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Minors: link a guardian ({guardianId} or {name, contact}) to a subject below the age of consent, "
            + "and mail the guardian their own invitation. Audited")
    public Response link(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull NewGuardian body) {
        Subjects.View minor = subjects.require(id);
        if (minor.erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was erased.");
        }
        Actor by = Actor.user(caller.username());
        UUID guardianId = body.guardianId();
        if (guardianId == null) {
            if (body.name() == null || body.name().isBlank() || body.contact() == null || body.contact().isBlank()) {
                throw new ApiException(ProblemCode.GUARDIAN_INVALID, "Name an existing guardianId, or give the guardian's name "
                        + "and e-mail contact.");
            }
            Subjects.View made = subjects.create("guardian:" + UUID.randomUUID(), body.name().strip(), body.contact().strip());
            audit.append(new AuditEvent(by, "subject.created", made.id().toString(), null, AuditOutcome.OK, Map.of("as", "guardian")));
            guardianId = made.id();
        }
        Guardianship.Link link = guardianship.link(id, guardianId, body.relationship(), by);
        Invitations.Invitation invitation = body.invite() == null || body.invite()
                ? invitations.invite(guardianId, by, null, Invitations.Channel.EMAIL, Invitations.Occasion.guardianOf(minor.displayName()))
                : null;
        return Response.status(201).entity(new Linked(link, invitation)).build();
    }

    @POST
    @Path("{link}/invitations")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Minors: mail the linked guardian a new invitation")
    public Response invite(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @PathParam("link") UUID linkId) {
        Subjects.View minor = subjects.require(id);
        Guardianship.Link link = guardianship.linksOf(id).stream().filter(l -> l.id().equals(linkId) && l.endedAt() == null)
                .findFirst().orElseThrow(() -> new ApiException(ProblemCode.GUARDIAN_NOT_FOUND, "This subject has no such guardian link."));
        return Response.status(201).entity(invitations.invite(link.guardianId(), Actor.user(caller.username()), null,
                Invitations.Channel.EMAIL, Invitations.Occasion.guardianOf(minor.displayName()))).build();
    }

    @DELETE
    @Path("{link}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Minors: end a guardian link (the guardian no longer decides for this subject). Audited")
    public Response unlink(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @PathParam("link") UUID linkId) {
        subjects.require(id);
        guardianship.unlink(id, linkId, Actor.user(caller.username()));
        return Response.noContent().build();
    }
}
