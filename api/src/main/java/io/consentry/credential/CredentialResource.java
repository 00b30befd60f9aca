package io.consentry.credential;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import java.util.List;
import java.util.UUID;

/** Admins issue, list and revoke the non-biometric credentials of subjects. */
@Path("/api/v1/tenants/{tenant}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Alternative credentials")
public class CredentialResource {

    private final Credentials credentials;

    CredentialResource(Credentials credentials) {
        this.credentials = credentials;
    }

    @GET
    @Operation(summary = "List credentials (optionally of one subject); secrets are never listed")
    public List<CredentialView> list(@PathParam("tenant") String tenant, @QueryParam("subject") UUID subject) {
        return credentials.list(subject);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a PIN, one-time QR code, time-based QR secret or card to a subject; the secret is shown once")
    @APIResponse(responseCode = "201", description = "The credential, with its secret shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialView.class)))
    public Response issue(@PathParam("tenant") String tenant, @Valid @NotNull IssueCredentialRequest request) {
        return Response.status(201).entity(credentials.issue(request)).build();
    }

    @POST
    @Path("/{credential}/revoke")
    @Operation(summary = "Revoke a credential")
    public CredentialView revoke(@PathParam("tenant") String tenant, @PathParam("credential") UUID credential) {
        return credentials.revoke(credential);
    }
}
