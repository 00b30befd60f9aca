package io.consentry.portal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.problem.ProblemCode;
import io.consentry.consent.ConsentLedger;
import io.consentry.consent.ConsentService;
import io.consentry.core.audit.Actor;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.PortalAuthenticationMechanism;
import io.consentry.core.security.PortalSubject;
import io.consentry.enrolment.EnrolmentService;
import io.consentry.purpose.PurposeView;
import io.consentry.receipt.ReceiptKeys;
import io.consentry.receipt.Receipts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The consent portal API. Authorised only by the subject's token: {@code Authorization: Portal <token>} (a session
 * from {@code POST /session} with an invitation, or the personal "manage my consents" link), checked by the portal
 * authentication mechanism before any method here runs. One decision per request, for one purpose, against the
 * notice hash the subject was shown.
 */
@Path("/portal/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
public class PortalResource {

    private static final Set<String> DECISION_FIELDS = Set.of("purpose", "decision", "noticeHash");
    private static final Set<String> BUNDLE_WORDS = Set.of("all", "*", "any", "every", "everything");

    private final PortalAccess access;
    private final PortalSubject subject;
    private final PortalTokens tokens;
    private final Redemptions redemptions;
    private final ConsentService consents;
    private final Receipts receipts;
    private final ReceiptKeys receiptKeys;
    private final EnrolmentService enrolment;
    private final PortalChoices choices;

    PortalResource(PortalChoices choices, PortalAccess access, PortalSubject subject, PortalTokens tokens, Redemptions redemptions,
                   ConsentService consents, Receipts receipts, ReceiptKeys receiptKeys,
                   EnrolmentService enrolment) {
        this.choices = choices;
        this.access = access;
        this.subject = subject;
        this.tokens = tokens;
        this.redemptions = redemptions;
        this.consents = consents;
        this.receipts = receipts;
        this.receiptKeys = receiptKeys;
        this.enrolment = enrolment;
    }

    /** @param contactCode for a letter: the code mailed to the subject when the link was first opened */
    public record Redeem(String invitation, String contactCode) {
    }

    public record Session(String sessionToken, Instant expiresAt, String scheme) {
    }

    /** A letter was opened: the code that redeems it went to the subject's address (masked here). */
    public record ContactCodeSent(boolean contactCodeSent, String sentTo, Instant codeExpiresAt) {
    }

    /**
     * A purpose as the subject sees it, with the sites where it applies: consent to it lets exactly these sites
     * process the subject's face, with the method named (FACE_1_1 or FACE_1_N).
     */
    public record PortalPurpose(String code, String title, String kind, int retentionDays, PurposeView.Notice notice,
                                String state, Instant expiresAt, List<PortalSite> sites) {
    }

    public record PortalSite(String name, String method) {
    }

    public record PersonalLink(String url, String token, Instant expiresAt) {
    }

    public record DecisionResult(String purpose, String state, UUID eventId, UUID receiptId, Instant expiresAt,
                                 PersonalLink personalLink) {
    }

    @POST
    @Path("session")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem an invitation (once) for a portal session. A mailed invitation opens at once; a printed "
            + "letter first answers 202 (a one-time code was mailed to the subject), then opens with {invitation, contactCode}")
    @APIResponse(responseCode = "201", description = "A portal session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Session.class)))
    @APIResponse(responseCode = "202", description = "A letter was opened: its code was mailed to the subject's contact address",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactCodeSent.class)))
    public Response session(@PathParam("tenant") String tenant, Redeem body) {
        access.enterTenantToRedeem(tenant);
        if (body == null || body.invitation() == null) {
            throw new ApiException(ProblemCode.INVITATION_REQUIRED, "Send {\"invitation\": \"<token from your link>\"}.");
        }
        Redemptions.Outcome outcome = redemptions.redeem(body.invitation(), body.contactCode());
        if (outcome instanceof Redemptions.CodeSent sent) {
            return Response.status(202).entity(new ContactCodeSent(true, sent.sentTo(), sent.codeExpiresAt())).build();
        }
        PortalTokens.Issued session = ((Redemptions.Opened) outcome).session();
        return Response.status(201).entity(new Session(session.token(), session.expiresAt(), PortalAuthenticationMechanism.SCHEME)).build();
    }

    @GET
    @Path("purposes")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Every purpose, separately, with its current notice and your decision (none until you decide)")
    public List<PortalPurpose> purposes(@PathParam("tenant") String tenant) {
        return choices.purposesOf(subject.id());
    }

    /** One decision for one purpose, as read from a request body (bundles, unknown fields and blanks refused). */
    record DecisionRequest(String purpose, ConsentService.Decision decision, String noticeHash) {
    }

    static DecisionRequest parseDecision(Map<String, Object> body) {
        if (body == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send {\"purpose\", \"decision\", \"noticeHash\"}.");
        }
        Object purpose = body.get("purpose");
        if (body.containsKey("purposes") || purpose instanceof Collection<?>
                || (purpose instanceof String s && (BUNDLE_WORDS.contains(s.strip().toLowerCase()) || s.contains(",")))) {
            throw new ApiException(ProblemCode.BUNDLED_CONSENT, "Consent is given for one purpose at a time: send one decision per purpose, never 'all' or a list.");
        }
        for (String key : body.keySet()) {
            if (!DECISION_FIELDS.contains(key)) {
                throw new ApiException(ProblemCode.UNKNOWN_FIELD, "The field '" + key + "' is not part of a decision.");
            }
        }
        if (!(purpose instanceof String code) || code.isBlank()) {
            throw new ApiException(ProblemCode.PURPOSE_REQUIRED, "Name the purpose you decide on (its code).");
        }
        ConsentService.Decision decision;
        try {
            decision = ConsentService.Decision.valueOf(String.valueOf(body.get("decision")));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.DECISION_REQUIRED, "decision must be GRANT or REFUSE; nothing is pre-set.");
        }
        Object hash = body.get("noticeHash");
        return new DecisionRequest(code, decision, hash instanceof String h ? h : null);
    }

    @POST
    @Path("decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Grant or refuse ONE purpose: {purpose, decision: GRANT|REFUSE, noticeHash}. Bundles are refused.")
    @APIResponse(responseCode = "201", description = "The decision as recorded, with its receipt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionResult.class)))
    public Response decide(@PathParam("tenant") String tenant, Map<String, Object> body) {
        UUID subjectId = subject.id();
        DecisionRequest d = parseDecision(body);
        ConsentService.Outcome outcome = consents.decide(subjectId, d.purpose(), d.decision(), d.noticeHash(),
                "explicit-portal-decision", subject.channel());
        PersonalLink link = choices.personalLinkIfNone(tenant, subjectId);
        return Response.status(201).entity(new DecisionResult(outcome.purpose(), outcome.state().name(), outcome.eventId(),
                outcome.receiptId(), outcome.expiresAt(), link)).build();
    }

    @GET
    @Path("consents")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Your current consent per purpose")
    public List<ConsentLedger.Current> consents(@PathParam("tenant") String tenant) {
        return choices.consentsOf(subject.id());
    }

    @POST
    @Path("consents/{purpose}/withdraw")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Withdraw a consent at any time (templates and kept photos are deleted when no longer covered)")
    public DecisionResult withdraw(@PathParam("tenant") String tenant, @PathParam("purpose") String purpose) {
        UUID subjectId = subject.id();
        ConsentService.Outcome outcome = consents.withdraw(subjectId, purpose, "explicit-portal-withdrawal", subject.channel(),
                Actor.subject(subjectId.toString()));
        return new DecisionResult(outcome.purpose(), outcome.state().name(), outcome.eventId(), outcome.receiptId(), null, null);
    }

    @POST
    @Path("personal-link/revoke")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Revoke your personal link (a new one comes with your next decision)")
    public Map<String, Integer> revokePersonalLink(@PathParam("tenant") String tenant) {
        return Map.of("revoked", tokens.revokePersonalLinks(subject.id()));
    }

    @GET
    @Path("receipts")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Your consent receipts")
    public List<Receipts.ReceiptSummary> receipts(@PathParam("tenant") String tenant) {
        return receipts.list(subject.id());
    }

    @GET
    @Path("receipts/{id}")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "A signed receipt: verify 'signature' over base64url-decoded 'payload' with the receipt key")
    public Receipts.SignedReceipt receipt(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return receipts.load(subject.id(), id);
    }

    @GET
    @Path("receipt-key")
    @Operation(summary = "The tenant's public receipt key (JWK and Tink public keyset); no authentication")
    public ReceiptKeys.PublicKey receiptKey(@PathParam("tenant") String tenant) {
        // An unknown tenant gets a key too (a stable decoy): the answer must not tell which tenants exist.
        return access.enterTenantIfKnown(tenant).isPresent() ? receiptKeys.publicKey() : receiptKeys.decoy(tenant);
    }

    @GET
    @Path("templates")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Your face templates as metadata (id, model pack, quality, time, photo kept), never a vector")
    public List<io.consentry.biometric.TemplateVault.TemplateInfo> templates(@PathParam("tenant") String tenant) {
        return enrolment.templates(subject.id());
    }

    @POST
    @Path("enrolment")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Enrol a selfie (request body = the image). Needs a granted verification or identification purpose. "
            + "A first face needs a session from an invitation; a further face must match the enrolled one (replaces=<template "
            + "id> swaps one at the limit); replaceAll=true replaces a face that does not match, from an invitation session only")
    @APIResponse(responseCode = "201", description = "The template was made and stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnrolmentService.Enrolled.class)))
    public Response enrol(@PathParam("tenant") String tenant, @QueryParam("replaces") UUID replaces,
                          @QueryParam("replaceAll") boolean replaceAll, byte[] image) {
        EnrolmentService.Request request = new EnrolmentService.Request(subject.id(), image, subject.freshInvitation(), replaces,
                replaceAll);
        return Response.status(201).entity(enrolment.enrol(request)).build();
    }
}
