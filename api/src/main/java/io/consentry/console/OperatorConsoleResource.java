package io.consentry.console;

import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.realm.PlatformRealm;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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

/**
 * The platform operators' console at {@code /operator}: the same backend-for-frontend sign-in as a tenant's console
 * ({@link ConsoleSignInFlow}), against the platform realm. Its session is keyed {@code platform} (a slug no tenant can
 * have), and {@link ConsoleSessionFilter} lends its token to the platform routes.
 */
@Path("/operator")
@Tag(name = "Console session")
public class OperatorConsoleResource {

    static final String KEY = PlatformRealm.NAME;
    private static final String PATH = "/operator";

    private final ConsoleSignInFlow flow;
    private final Cells cells;

    OperatorConsoleResource(ConsoleSignInFlow flow, Cells cells) {
        this.cells = cells;
        this.flow = flow;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        return ConsolePages.page("operator.html");
    }

    @GET
    @Path("login")
    @Operation(summary = "Start the operator console's sign-in: redirects to the platform realm's login page")
    public Response login(@Context UriInfo uri) {
        return flow.login(target(), uri);
    }

    @GET
    @Path("callback")
    @Operation(summary = "Keycloak returns here; the code is exchanged on the server and a session cookie is set")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error, @Context UriInfo uri, @Context HttpHeaders headers) {
        return flow.callback(target(), code, state, error, uri, headers);
    }

    @GET
    @Path("session")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which operator is signed in to the operator console")
    public ConsoleResource.SessionView session(@HeaderParam(ConsoleSessionFilter.MARKER) String marker, @Context HttpHeaders headers) {
        ConsoleSignInFlow.SessionView s = flow.session(target(), marker, headers);
        return new ConsoleResource.SessionView(s.tenant(), s.username(), s.roles(), s.expiresAt());
    }

    @POST
    @Path("logout")
    @Operation(summary = "Sign out of the operator console")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Response logout(@HeaderParam(ConsoleSessionFilter.MARKER) String marker, @Context HttpHeaders headers) {
        return flow.logout(KEY, this::target, marker, headers);
    }

    /** The platform realm lives on the home cell's Keycloak. */
    private ConsoleSignInFlow.Target target() {
        return new ConsoleSignInFlow.Target(KEY, PlatformRealm.NAME, CallerTenant.platformIssuer(), PATH, cells.home());
    }
}
