package io.consentry.subject;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import io.consentry.portal.PortalTokens;
import io.consentry.portal.QrCodes;
import io.consentry.problem.ApiException;
import io.consentry.purpose.Purpose;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Subjects and their invitations (tenant-admin writes, auditor reads). There is deliberately no route that records a
 * consent decision: only the subject decides, through the portal.
 */
@Path("/api/v1/tenants/{tenant}/subjects")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: subjects")
public class SubjectResource {

    @Inject
    Subjects subjects;
    @Inject
    PortalTokens tokens;
    @Inject
    PurposeCatalog catalog;
    @Inject
    AuditTrail audit;
    @Inject
    CallerTenant caller;

    @ConfigProperty(name = "consentry.public-url")
    String publicUrl;

    public record NewSubject(@NotBlank @Size(max = 200) String externalRef, @NotBlank @Size(max = 200) String displayName,
                             @Email @Size(max = 320) String contact) {
    }

    public record NewInvitation(@Min(1) @Max(720) Integer validHours) {
    }

    public record Invitation(UUID id, UUID subjectId, String link, String token, Instant expiresAt, String qrPngBase64) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull NewSubject body) {
        Subjects.View view = subjects.create(body.externalRef().strip(), body.displayName().strip(), body.contact());
        audit.append(new AuditEvent(Actor.user(caller.username()), "subject.created", view.id().toString(), null, "ok", Map.of()));
        return Response.status(201).entity(view).build();
    }

    @GET
    @Operation(summary = "Subjects, paginated; filter by consent state for a purpose (?purpose=code&state=GRANTED) or by text (?q=)")
    public Subjects.Page list(@PathParam("tenant") String tenant, @QueryParam("purpose") String purpose,
                              @QueryParam("state") String state, @QueryParam("q") String q,
                              @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                              @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        UUID purposeId = purpose == null ? null : catalog.findByCode(purpose).map(p -> p.id).orElseThrow(() ->
                ApiException.badRequest("unknown_purpose", "There is no purpose with the code '" + purpose + "'."));
        return subjects.list(purposeId, state == null ? null : state.toUpperCase(), q, page, size);
    }

    @GET
    @Path("{id}")
    public Subjects.View get(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return subjects.get(id);
    }

    @POST
    @Path("{id}/invitations")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "A single-use, expiring invitation: link, token (shown once) and a QR code PNG of the link")
    public Response invite(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid NewInvitation body) {
        Subject subject = subjects.require(id);
        if (subject.erased()) {
            throw ApiException.conflict("subject_erased", "This subject was erased and cannot be invited.");
        }
        Duration ttl = body == null || body.validHours() == null ? null : Duration.ofHours(body.validHours());
        PortalTokens.Issued issued = tokens.issueInvitation(id, caller.username(), ttl);
        String link = publicUrl + "/consent/" + tenant + "#invitation=" + issued.token();
        audit.append(new AuditEvent(Actor.user(caller.username()), "invitation.created", id.toString(), null, "ok",
                Map.of("invitationId", issued.id().toString(), "expiresAt", issued.expiresAt().toString())));
        return Response.status(201).entity(new Invitation(issued.id(), id, link, issued.token(), issued.expiresAt(),
                Base64.getEncoder().encodeToString(QrCodes.png(link, 320)))).build();
    }

    @POST
    @Path("{id}/personal-link/revoke")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Revoke the subject's personal link (e.g. reported lost)")
    public Map<String, Integer> revokePersonalLink(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        int revoked = tokens.revokePersonalLinks(id);
        audit.append(new AuditEvent(Actor.user(caller.username()), "personal-link.revoked", id.toString(), null, "ok", Map.of()));
        return Map.of("revoked", revoked);
    }
}
