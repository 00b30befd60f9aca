package io.consentry.staff;

import io.consentry.core.audit.Actor;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Tenant admins manage their staff: admins, guards and auditors. */
@Path("/api/v1/tenants/{tenant}/staff")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Staff")
public class StaffResource {

    private final Staff staff;
    private final CallerTenant caller;

    StaffResource(Staff staff, CallerTenant caller) {
        this.staff = staff;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List the tenant's staff (admins, guards, auditors) with their status")
    public List<StaffView> list(@PathParam("tenant") String tenant) {
        return staff.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite a staff member: an account without password is created and a one-time setup link is mailed to them")
    @APIResponse(responseCode = "201", description = "The invited staff member (status INVITED)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffView.class)))
    public Response invite(@PathParam("tenant") String tenant, @Valid InviteStaff request) {
        if (request == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send a JSON body with name, email and role.");
        }
        return Response.status(201).entity(staff.invite(request, actor())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One staff member")
    public StaffView get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return staff.get(id);
    }

    @POST
    @Path("{id}/disable")
    @Operation(summary = "Disable a staff member: no new sign-in, sessions ended, tokens already issued refused at once")
    public StaffView disable(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return staff.disable(id, actor());
    }

    @POST
    @Path("{id}/enable")
    @Operation(summary = "Re-enable a staff member; they sign in again (tokens from before stay refused)")
    public StaffView enable(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return staff.enable(id, actor());
    }

    @POST
    @Path("{id}/setup-mail")
    @Operation(summary = "Mail the staff member a new one-time setup link (earlier links stop working)")
    public StaffView resend(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return staff.resendSetupLink(id, actor());
    }

    private Actor actor() {
        return Actor.user(caller.username());
    }
}
