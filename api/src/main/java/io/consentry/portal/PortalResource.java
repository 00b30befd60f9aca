package io.consentry.portal;

import io.consentry.audit.Actor;
import io.consentry.consent.ConsentLedger;
import io.consentry.consent.ConsentService;
import io.consentry.enrolment.EnrolmentService;
import io.consentry.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeView;
import io.consentry.receipt.ReceiptKeys;
import io.consentry.receipt.Receipts;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * from {@code POST /session} with an invitation, or the personal "manage my consents" link). One decision per request,
 * for one purpose, against the notice hash the subject was shown.
 */
@Path("/portal/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
public class PortalResource {

    private static final Set<String> DECISION_FIELDS = Set.of("purpose", "decision", "noticeHash");
    private static final Set<String> BUNDLE_WORDS = Set.of("all", "*", "any", "every", "everything");

    @Inject
    PortalAccess access;
    @Inject
    PortalTokens tokens;
    @Inject
    PurposeCatalog catalog;
    @Inject
    ConsentLedger ledger;
    @Inject
    ConsentService consents;
    @Inject
    Receipts receipts;
    @Inject
    ReceiptKeys receiptKeys;
    @Inject
    EnrolmentService enrolment;

    @ConfigProperty(name = "consentry.public-url")
    String publicUrl;

    public record Redeem(String invitation) {
    }

    public record Session(String sessionToken, Instant expiresAt, String scheme) {
    }

    public record PortalPurpose(String code, String title, String kind, int retentionDays, PurposeView.Notice notice,
                                String state, Instant expiresAt) {
    }

    public record PersonalLink(String url, String token, Instant expiresAt) {
    }

    public record DecisionResult(String purpose, String state, UUID eventId, UUID receiptId, Instant expiresAt,
                                 PersonalLink personalLink) {
    }

    @POST
    @Path("session")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem an invitation (once) for a portal session")
    public Response session(@PathParam("tenant") String tenant, Redeem body) {
        access.enterTenant(tenant);
        if (body == null || body.invitation() == null) {
            throw ApiException.badRequest("invitation_required", "Send {\"invitation\": \"<token from your link>\"}.");
        }
        PortalTokens.Issued session = tokens.redeem(body.invitation());
        return Response.status(201).entity(new Session(session.token(), session.expiresAt(), PortalAccess.SCHEME)).build();
    }

    @GET
    @Path("purposes")
    @Operation(summary = "Every purpose, separately, with its current notice and your decision (none until you decide)")
    public List<PortalPurpose> purposes(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID subject = access.authenticate(tenant, auth);
        Map<String, ConsentLedger.Current> states = current(subject);
        return catalog.list().stream().map(p -> {
            ConsentLedger.Current c = states.get(p.code());
            return new PortalPurpose(p.code(), p.title(), p.kind().name(), p.retentionDays(), p.notice(),
                    c == null ? "NONE" : c.state().name(), c == null || !c.active() ? null : c.expiresAt());
        }).toList();
    }

    @POST
    @Path("decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant or refuse ONE purpose: {purpose, decision: GRANT|REFUSE, noticeHash}. Bundles are refused.")
    public Response decide(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                           Map<String, Object> body) {
        UUID subject = access.authenticate(tenant, auth);
        if (body == null) {
            throw ApiException.badRequest("body_required", "Send {\"purpose\", \"decision\", \"noticeHash\"}.");
        }
        Object purpose = body.get("purpose");
        if (body.containsKey("purposes") || purpose instanceof Collection<?>
                || (purpose instanceof String s && (BUNDLE_WORDS.contains(s.strip().toLowerCase()) || s.contains(",")))) {
            throw ApiException.badRequest("bundled_consent",
                    "Consent is given for one purpose at a time: send one decision per purpose, never 'all' or a list.");
        }
        for (String key : body.keySet()) {
            if (!DECISION_FIELDS.contains(key)) {
                throw ApiException.badRequest("unknown_field", "The field '" + key + "' is not part of a decision.");
            }
        }
        if (!(purpose instanceof String code) || code.isBlank()) {
            throw ApiException.badRequest("purpose_required", "Name the purpose you decide on (its code).");
        }
        ConsentService.Decision decision;
        try {
            decision = ConsentService.Decision.valueOf(String.valueOf(body.get("decision")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("decision_required", "decision must be GRANT or REFUSE; nothing is pre-set.");
        }
        Object hash = body.get("noticeHash");
        ConsentService.Outcome outcome = consents.decide(subject, code, decision, hash instanceof String h ? h : null,
                "explicit-portal-decision", access.channel());
        PersonalLink link = null;
        if (!tokens.hasPersonalLink(subject)) {
            PortalTokens.Issued personal = tokens.issuePersonalLink(subject);
            link = new PersonalLink(publicUrl + "/consent/" + tenant + "#personal=" + personal.token(), personal.token(),
                    personal.expiresAt());
        }
        return Response.status(201).entity(new DecisionResult(outcome.purpose(), outcome.state().name(), outcome.eventId(),
                outcome.receiptId(), outcome.expiresAt(), link)).build();
    }

    @GET
    @Path("consents")
    @Operation(summary = "Your current consent per purpose")
    public List<ConsentLedger.Current> consents(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return ledger.current(access.authenticate(tenant, auth));
    }

    @POST
    @Path("consents/{purpose}/withdraw")
    @Operation(summary = "Withdraw a consent at any time (templates and kept photos are deleted when no longer covered)")
    public DecisionResult withdraw(@PathParam("tenant") String tenant, @PathParam("purpose") String purpose,
                                   @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID subject = access.authenticate(tenant, auth);
        ConsentService.Outcome outcome = consents.withdraw(subject, purpose, "explicit-portal-withdrawal", access.channel(),
                Actor.subject(subject.toString()));
        return new DecisionResult(outcome.purpose(), outcome.state().name(), outcome.eventId(), outcome.receiptId(), null, null);
    }

    @POST
    @Path("personal-link/revoke")
    @Operation(summary = "Revoke your personal link (a new one comes with your next decision)")
    public Map<String, Integer> revokePersonalLink(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return Map.of("revoked", tokens.revokePersonalLinks(access.authenticate(tenant, auth)));
    }

    @GET
    @Path("receipts")
    public List<Receipts.ReceiptSummary> receipts(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return receipts.list(access.authenticate(tenant, auth));
    }

    @GET
    @Path("receipts/{id}")
    @Operation(summary = "A signed receipt: verify 'signature' over base64url-decoded 'payload' with the receipt key")
    public Receipts.SignedReceipt receipt(@PathParam("tenant") String tenant, @PathParam("id") UUID id,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return receipts.load(access.authenticate(tenant, auth), id);
    }

    @GET
    @Path("receipt-key")
    @Operation(summary = "The tenant's public receipt key (JWK and Tink public keyset); no authentication")
    public ReceiptKeys.PublicKey receiptKey(@PathParam("tenant") String tenant) {
        access.enterTenant(tenant);
        return receiptKeys.publicKey();
    }

    @POST
    @Path("enrolment")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Enrol a selfie (request body = the image). Needs a granted verification or identification purpose")
    public Response enrol(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, byte[] image) {
        UUID subject = access.authenticate(tenant, auth);
        return Response.status(201).entity(enrolment.enrol(subject, image)).build();
    }

    private Map<String, ConsentLedger.Current> current(UUID subject) {
        return ledger.current(subject).stream().collect(java.util.stream.Collectors.toMap(ConsentLedger.Current::code, c -> c));
    }
}
