package io.consentry.cellmove;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.security.OperatorTenants;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Moves of a tenant to another cell, for platform operators. */
@Path("/api/v1/platform/tenants/{slug}/moves")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class TenantMoveResource {

    private final CellMoves moves;
    private final OperatorTenants tenants;
    private final CallerTenant caller;

    TenantMoveResource(CellMoves moves, OperatorTenants tenants, CallerTenant caller) {
        this.moves = moves;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a tenant to another cell, in the background",
            description = "Returns at once (202) with the running move. Meanwhile the tenant's users and devices get 503 "
                    + "tenant_moving; its schema, bucket and realm are copied to the target cell, the registry switches over "
                    + "in one transaction and everything of the tenant is removed from the old cell. A failure before the "
                    + "switch removes what was made on the target and leaves the tenant where it was. Staff set a password "
                    + "and authenticator again through a setup link mailed after the move; devices fetch tokens from the new cell.")
    @APIResponse(responseCode = "202", description = "The running move",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveView.class)))
    @APIResponse(responseCode = "400", description = "unknown_cell, or a missing cell")
    @APIResponse(responseCode = "404", description = "tenant_not_found")
    @APIResponse(responseCode = "409", description = "move_to_own_cell, move_running, invalid_tenant_status (only active or suspended tenants move)")
    public Response start(@PathParam("slug") String slug, @Valid MoveRequest request, UriInfo uri) {
        Tenant tenant = tenants.find(slug);
        if (request == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send a JSON body naming the target cell, e.g. {\"cell\":\"cell-b\"}.");
        }
        TenantMove move = moves.start(tenant, request.cell().strip(), "platform/" + caller.username());
        return Response.accepted(MoveView.of(move))
                .location(uri.getAbsolutePathBuilder().path(move.id().toString()).build())
                .build();
    }

    @GET
    @Operation(summary = "The tenant's moves, newest first")
    public List<MoveView> history(@PathParam("slug") String slug) {
        return moves.history(tenants.find(slug)).stream().map(MoveView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One move: its step and what it has copied so far")
    @APIResponse(responseCode = "404", description = "tenant_not_found, move_not_found")
    public MoveView get(@PathParam("slug") String slug, @PathParam("id") String id) {
        return MoveView.of(moves.get(tenants.find(slug), id));
    }

    @POST
    @Path("{id}/cleanup")
    @Operation(summary = "Retry removing what a move left on the old cell (a move DONE_WITH_LEFTOVERS)")
    @APIResponse(responseCode = "202", description = "The move, cleaning up again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveView.class)))
    @APIResponse(responseCode = "409", description = "move_nothing_left")
    public Response retryCleanup(@PathParam("slug") String slug, @PathParam("id") String id) {
        return Response.accepted(MoveView.of(moves.retryCleanup(tenants.find(slug), id))).build();
    }
}
