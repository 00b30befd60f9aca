package io.consentry.console;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/**
 * Backend-for-frontend sign-in for the admin console of one tenant, against the tenant's realm (the mechanics, shared
 * with the operators' console, are in {@link ConsoleSignInFlow}). See {@link ConsoleSessionFilter} for how API calls use
 * the session.
 */
@Path("/console/{tenant}")
@Tag(name = "Console session")
public class ConsoleResource {

    private final TenantRegistry registry;
    private final ConsoleSignInFlow flow;
    private final Cells cells;

    ConsoleResource(TenantRegistry registry, ConsoleSignInFlow flow, Cells cells) {
        this.cells = cells;
        this.registry = registry;
        this.flow = flow;
    }

    public record SessionView(String tenant, String username, List<String> roles, Instant expiresAt) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@PathParam("tenant") String slug) {
        return ConsolePages.page("console.html");
    }

    @GET
    @Path("login")
    @Operation(summary = "Start the console sign-in: redirects to the tenant realm's login page")
    public Response login(@PathParam("tenant") String slug, @Context UriInfo uri) {
        return flow.login(target(slug), uri);
    }

    @GET
    @Path("callback")
    @Operation(summary = "Keycloak returns here; the code is exchanged on the server and a session cookie is set")
    public Response callback(@PathParam("tenant") String slug, @QueryParam("code") String code,
                             @QueryParam("state") String state, @QueryParam("error") String error, @Context UriInfo uri,
                             @Context HttpHeaders headers) {
        return flow.callback(target(slug), code, state, error, uri, headers);
    }

    @GET
    @Path("session")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who is signed in to this tenant's console (refreshes the server-held token when due)")
    public SessionView session(@PathParam("tenant") String slug, @HeaderParam(ConsoleSessionFilter.MARKER) String marker,
                               @Context HttpHeaders headers) {
        ConsoleSignInFlow.SessionView s = flow.session(target(slug), marker, headers);
        return new SessionView(s.tenant(), s.username(), s.roles(), s.expiresAt());
    }

    @POST
    @Path("logout")
    @Operation(summary = "Sign out: the server session ends and the Keycloak session is logged out")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Response logout(@PathParam("tenant") String slug, @HeaderParam(ConsoleSessionFilter.MARKER) String marker,
                           @Context HttpHeaders headers) {
        if (marker == null) {
            throw ConsoleSignInFlow.notSignedIn();
        }
        if (TenantSlug.problemWith(slug) != null) {
            // Not a tenant's name: no cookie can be named after it (a control character in a cookie name used to be a 500).
            throw new ApiException(ProblemCode.UNKNOWN_TENANT, "There is no such tenant.");
        }
        return flow.logout(slug, () -> target(slug), marker, headers);
    }

    private ConsoleSignInFlow.Target target(String slug) {
        Tenant t = registry.findBySlug(slug).orElseThrow(() -> new ApiException(ProblemCode.UNKNOWN_TENANT, "There is no such tenant."));
        if (t.status != TenantStatus.ACTIVE) {
            throw new ApiException(ProblemCode.TENANT_NOT_ACTIVE, "This tenant is not active.");
        }
        // The browser goes to the issuer the registry records for the tenant; the api talks to its cell's Keycloak.
        return new ConsoleSignInFlow.Target(slug, t.realm, t.issuer(), "/console/" + slug, cells.of(t));
    }
}
