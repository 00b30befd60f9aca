package io.consentry.subjectadmin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.problem.ProblemCode;
import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentLedger;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.mail.MailAddresses;
import io.consentry.erasure.SubjectErasure;
import io.consentry.notification.SubjectNotices;
import io.consentry.portal.Invitations;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeView;
import io.consentry.subject.Subjects;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin's view of subjects (tenant-admin writes, auditor reads): the subject itself, its consents and templates as
 * metadata, invitations and erasure. There is deliberately no route that records a consent decision: only the subject
 * decides, through the portal. Each route delegates to the feature that owns the data.
 */
@Path("/api/v1/tenants/{tenant}/subjects")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: subjects")
public class SubjectResource {

    private final Subjects subjects;
    private final SubjectListing listing;
    private final Invitations invitations;
    private final ConsentLedger ledger;
    private final TemplateVault vault;
    private final SubjectErasure erasure;
    private final PurposeCatalog catalog;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final SubjectNotices notices;

    SubjectResource(Subjects subjects, SubjectListing listing, Invitations invitations, ConsentLedger ledger, TemplateVault vault,
                    SubjectErasure erasure, PurposeCatalog catalog, AuditTrail audit, CallerTenant caller, SubjectNotices notices) {
        this.subjects = subjects;
        this.listing = listing;
        this.invitations = invitations;
        this.ledger = ledger;
        this.vault = vault;
        this.erasure = erasure;
        this.catalog = catalog;
        this.audit = audit;
        this.caller = caller;
        this.notices = notices;
    }

    /**
     * @param birthDate known birth date (not in the future); decides with the age of consent whether a guardian decides
     * @param ageBand   MINOR or ADULT, when the birth date is not known (not with a birth date)
     */
    public record NewSubject(@NotBlank @Size(max = 200) String externalRef, @NotBlank @Size(max = 200) String displayName,
                             @Email @Size(max = 320) String contact,
                             @jakarta.validation.constraints.PastOrPresent java.time.LocalDate birthDate,
                             io.consentry.subject.AgeBand ageBand) {
    }

    /** Minors: the subject's birth date or age band (both null: nothing declared, an adult). */
    public record NewAge(@jakarta.validation.constraints.PastOrPresent java.time.LocalDate birthDate,
                         io.consentry.subject.AgeBand ageBand) {
    }

    /** @param channel EMAIL (default): the link is mailed to the subject; LETTER: printable, redeemed with a mailed code */
    public record NewInvitation(@Min(1) @Max(720) Integer validHours, Invitations.Channel channel) {
    }

    public record NewContact(@NotBlank @Email @Size(max = 320) String contact) {
    }

    public record SubjectConsents(UUID subjectId, List<ConsentLedger.Current> consents, long templates, long retainedImages) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @APIResponse(responseCode = "201", description = "The subject",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubjectView.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull NewSubject body) {
        requireOneAge(body.birthDate(), body.ageBand());
        Subjects.View view = subjects.create(body.externalRef().strip(), body.displayName().strip(), body.contact(),
                body.birthDate(), body.ageBand());
        audit.append(new AuditEvent(Actor.user(caller.username()), "subject.created", view.id().toString(), null, AuditOutcome.OK,
                view.minor() ? Map.of("minor", "true") : Map.of()));
        return Response.status(201).entity(SubjectView.of(view, null)).build();
    }

    @GET
    @Operation(summary = "Subjects, paginated; filter by consent state for a purpose (?purpose=code&state=GRANTED) or by text (?q=)")
    public SubjectListing.Page list(@PathParam("tenant") String tenant, @QueryParam("purpose") String purpose,
                                    @QueryParam("state") String state, @QueryParam("q") String q,
                                    @QueryParam("page") @DefaultValue("0") @Min(0) @Max(io.consentry.core.persistence.Paging.MAX_PAGE) int page,
                                    @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        UUID purposeId = purpose == null ? null : catalog.find(purpose).map(PurposeView::id).orElseThrow(() ->
                new ApiException(ProblemCode.UNKNOWN_PURPOSE, "There is no purpose with the code '" + purpose + "'."));
        return listing.page(purposeId, state == null ? null : state.toUpperCase(), q, page, size);
    }

    @GET
    @Path("{id}")
    public SubjectView get(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return SubjectView.of(subjects.require(id), vault.reenrolment(id).orElse(null));
    }

    @GET
    @Path("{id}/consents")
    public SubjectConsents consents(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return new SubjectConsents(id, ledger.current(id), vault.count(id), vault.retainedImages(id));
    }

    @GET
    @Path("{id}/templates")
    @Operation(summary = "The subject's templates as metadata: model pack, quality, time, whether a photo is kept, whether the configured pack made it")
    public List<TemplateVault.TemplateInfo> templates(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return vault.describe(id);
    }

    @POST
    @Path("{id}/invitations")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Invite the subject, by e-mail to their contact address (default) or as a printed LETTER whose link "
            + "only opens with a code mailed to that address. The answer never holds a token that opens the portal")
    @APIResponse(responseCode = "201", description = "Where the invitation went (masked) and until when; for a letter, what to print",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Invitations.Invitation.class)))
    public Response invite(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid NewInvitation body) {
        if (subjects.require(id).erased()) {
            throw new ApiException(ProblemCode.SUBJECT_ERASED, "This subject was erased and cannot be invited.");
        }
        Duration ttl = body == null || body.validHours() == null ? null : Duration.ofHours(body.validHours());
        Invitations.Channel channel = body == null || body.channel() == null ? Invitations.Channel.EMAIL : body.channel();
        return Response.status(201).entity(invitations.invite(id, Actor.user(caller.username()), ttl, channel)).build();
    }

    @GET
    @Path("{id}/invitations")
    @Operation(summary = "The subject's invitations: channel, times and status (never a token or a code)")
    public List<Invitations.InvitationInfo> invitations(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return invitations.list(id);
    }

    @PUT
    @Path("{id}/contact")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Change where the subject's invitations, codes and notices go. Audited; the previous address is told; "
            + "the new one counts as unverified until the subject redeems something sent there")
    public SubjectView changeContact(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull NewContact body) {
        String contact = body.contact().strip();
        String previous = subjects.changeContact(id, contact);
        // Told at the old address, so that an admin who redirects a subject's mail to themselves cannot do it unseen.
        String noticeTo = previous != null && previous.equalsIgnoreCase(contact) ? SubjectNotices.NONE
                : notices.contactChanged(previous, contact, java.time.Instant.now());
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("from", previous == null ? "none" : MailAddresses.mask(previous));
        details.put("to", MailAddresses.mask(contact));
        details.put("noticeTo", noticeTo);
        audit.append(new AuditEvent(Actor.user(caller.username()), "subject.contact-changed", id.toString(), null, AuditOutcome.OK, details));
        return SubjectView.of(subjects.require(id), vault.reenrolment(id).orElse(null));
    }

    @PUT
    @Path("{id}/age")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Minors: set or correct the subject's birth date or age band. Below the age of consent "
            + "(consentry.minors.age-of-consent) only a linked guardian decides for them. Audited")
    public SubjectView changeAge(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull NewAge body) {
        requireOneAge(body.birthDate(), body.ageBand());
        Subjects.View view = subjects.changeAge(id, body.birthDate(), body.ageBand());
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("birthDate", body.birthDate() == null ? "none" : "set");
        details.put("ageBand", body.ageBand() == null ? "none" : body.ageBand().name());
        details.put("minor", Boolean.toString(view.minor()));
        audit.append(new AuditEvent(Actor.user(caller.username()), "subject.age-changed", id.toString(), null, AuditOutcome.OK, details));
        return SubjectView.of(view, vault.reenrolment(id).orElse(null));
    }

    private static void requireOneAge(java.time.LocalDate birthDate, io.consentry.subject.AgeBand band) {
        if (birthDate != null && band != null) {
            throw new ApiException(ProblemCode.AGE_CONFLICT, "Give a birth date or an age band, not both: a known birth date decides.");
        }
    }

    @POST
    @Path("{id}/personal-link/revoke")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Revoke the subject's personal link (e.g. reported lost)")
    public Map<String, Integer> revokePersonalLink(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        subjects.require(id);
        return Map.of("revoked", invitations.revokePersonalLinks(id, Actor.user(caller.username())));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Erase a subject: biometric data, receipts and identity go; consent events stay as ids, hashes and times")
    public SubjectErasure.Report erase(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return erasure.erase(id, Actor.user(caller.username()));
    }
}
