package io.consentry.portal;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.PortalSubject;
import io.consentry.credential.CredentialKind;
import io.consentry.credential.CredentialView;
import io.consentry.credential.Credentials;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Refusing face costs nothing: the subject sees the ways into the tenant's sites and gets a PIN or a QR code a site
 * accepts without waiting for an admin. Only the subject's own portal token opens these routes.
 */
@Path("/portal/{tenant}/ways-in")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
public class PortalCredentialsResource {

    private final PortalSubject subject;
    private final PortalWaysIn ways;
    private final Credentials credentials;

    PortalCredentialsResource(PortalSubject subject, PortalWaysIn ways, Credentials credentials) {
        this.subject = subject;
        this.ways = ways;
        this.credentials = credentials;
    }

    /**
     * A credential just issued: the PIN is shown this once; a QR code as the payload and as a PNG data URL. A time-based
     * QR code changes every {@code refreshSeconds}: fetch {@code credentials/{id}/qr} again.
     */
    public record Issued(CredentialView credential, String pin, String qrPayload, String qrImage, Integer refreshSeconds) {
    }

    /** The current QR code of a time-based credential. */
    public record CurrentQr(String qrPayload, String qrImage, Instant validUntil) {
    }

    @GET
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Per site, the ways in its policy accepts and whether you can use each now; the credential kinds you "
            + "can get here; your usable credentials (no secrets)")
    public PortalWaysIn.WaysIn list(@PathParam("tenant") String tenant) {
        return ways.of(subject.id());
    }

    @POST
    @Path("credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Get a PIN, a one-time QR code or a time-based QR code yourself: {\"kind\": \"PIN\"|\"QR_ONE_TIME\"|\"QR_TOTP\"}. "
            + "Replaces your active credential of that kind; only kinds a site of this tenant accepts")
    @APIResponse(responseCode = "201", description = "The credential, its secret shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Issued.class)))
    public Response issue(@PathParam("tenant") String tenant, Map<String, Object> body) {
        if (body == null || !(body.get("kind") instanceof String name) || name.isBlank()) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send {\"kind\": \"PIN\"}, {\"kind\": \"QR_ONE_TIME\"} or {\"kind\": \"QR_TOTP\"}.");
        }
        for (String key : body.keySet()) {
            if (!key.equals("kind")) {
                throw new ApiException(ProblemCode.UNKNOWN_FIELD, "The field '" + key + "' is not part of this request; send only kind.");
            }
        }
        CredentialKind kind;
        try {
            kind = CredentialKind.valueOf(name.strip());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.INVALID_CREDENTIAL_REQUEST, "kind must be PIN, QR_ONE_TIME or QR_TOTP.");
        }
        if (!Credentials.SELF_ISSUABLE.contains(kind)) {
            throw new ApiException(ProblemCode.CREDENTIAL_NOT_SELF_ISSUABLE, "A " + kind + " credential is handed out by the "
                    + "controller; here you can get a PIN, a one-time QR code or a time-based QR code.");
        }
        UUID me = subject.id();
        if (!ways.selfIssuable(me).contains(kind)) {
            throw new ApiException(ProblemCode.CREDENTIAL_KIND_NOT_ACCEPTED, "No site here accepts a "
                    + PortalWaysIn.methodOf(kind) + " at its entrance, so a " + kind + " credential would open nothing; "
                    + "choose one of the ways the sites list.");
        }
        CredentialView issued = credentials.issueBySubject(me, kind);
        String payload = issued.qrPayload();
        Integer refresh = null;
        if (kind == CredentialKind.QR_TOTP) {
            payload = credentials.currentTotpPayload(me, issued.id()).orElseThrow();
            refresh = issued.totpStepSeconds();
        }
        CredentialView listed = new CredentialView(issued.id(), issued.subjectId(), issued.kind(), issued.status(), issued.label(),
                issued.cardId(), issued.failedAttempts(), issued.lockedUntil(), issued.expiresAt(), issued.createdAt(), issued.usedAt(),
                issued.revokedAt(), null, null, null, null, null);
        return Response.status(201).entity(new Issued(listed, issued.pin(), payload, payload == null ? null : image(payload), refresh)).build();
    }

    @GET
    @Path("credentials/{id}/qr")
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "The current QR code of your time-based credential (it changes every 30 seconds)")
    public CurrentQr current(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        String payload = credentials.currentTotpPayload(subject.id(), id).orElseThrow(() ->
                new ApiException(ProblemCode.CREDENTIAL_NOT_FOUND, "You have no active time-based QR credential " + id + "."));
        long step = io.consentry.credential.Totp.STEP_SECONDS;
        long now = Instant.now().getEpochSecond();
        return new CurrentQr(payload, image(payload), Instant.ofEpochSecond((now / step + 1) * step));
    }

    private static String image(String payload) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(QrCodes.png(payload, 320));
    }
}
