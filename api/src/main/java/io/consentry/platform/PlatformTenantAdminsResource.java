package io.consentry.platform;

import io.consentry.core.audit.Actor;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.security.OperatorTenants;
import io.consentry.staff.Staff;
import io.consentry.staff.StaffView;
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

/**
 * The operator's part in a tenant's staff: its admins, another admin when none can sign in, and a fresh one-time setup
 * link for an admin whose mail did not arrive (handed over by the operator; earlier links stop working). Everything
 * else about staff is the tenant admins' own business (the staff routes of the tenant).
 */
@Path("/api/v1/platform/tenants/{slug}/admins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class PlatformTenantAdminsResource {

    private final OperatorTenants operatorTenants;
    private final CallerTenant caller;
    private final Staff staff;

    PlatformTenantAdminsResource(OperatorTenants operatorTenants, CallerTenant caller, Staff staff) {
        this.operatorTenants = operatorTenants;
        this.caller = caller;
        this.staff = staff;
    }

    @GET
    @Operation(summary = "The tenant's admins and whether each has finished setting up (password, authenticator app)")
    public List<StaffView> list(@PathParam("slug") String slug) {
        operatorTenants.actOn(slug);
        return staff.list(RealmRoles.TENANT_ADMIN);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite another tenant admin (setup link by e-mail)")
    @APIResponse(responseCode = "201", description = "The invited admin",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffView.class)))
    public Response invite(@PathParam("slug") String slug, @Valid FirstAdmin admin) {
        if (admin == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send a JSON body with name and email.");
        }
        operatorTenants.actOn(slug);
        return Response.status(201).entity(staff.invite(admin.asInvitation(), operator())).build();
    }

    @POST
    @Path("{id}/setup-link")
    @Operation(summary = "A new one-time setup link for a tenant admin, for the operator to hand over (earlier links stop working)")
    public Staff.SetupLink setupLink(@PathParam("slug") String slug, @PathParam("id") String id) {
        operatorTenants.actOn(slug);
        StaffView admin = staff.get(id);
        if (!RealmRoles.TENANT_ADMIN.equals(admin.role())) {
            // Guards and auditors get their links from their tenant's admins, not from the platform.
            throw new ApiException(ProblemCode.STAFF_NOT_FOUND, "No admin of this tenant has this id.");
        }
        return staff.setupLinkForOperator(id, operator());
    }

    private Actor operator() {
        return Actor.user("platform/" + caller.username());
    }
}
