package io.consentry.accessrights;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.util.UUID;

/** Groups of subjects and their memberships: managed by tenant admins, read by admins and auditors. */
@Path("/api/v1/tenants/{tenant}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: access rights")
public class GroupResource {

    private final Groups groups;

    GroupResource(Groups groups) {
        this.groups = groups;
    }

    @GET
    @Operation(summary = "List the tenant's groups, with member counts and the sites that allow each")
    public List<GroupView> list(@PathParam("tenant") String tenant) {
        return groups.list();
    }

    @POST
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Create a group (names are unique, ignoring case)")
    @APIResponse(responseCode = "201", description = "The group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull GroupRequest request) {
        return Response.status(201).entity(groups.create(request)).build();
    }

    @GET
    @Path("/{group}")
    @Operation(summary = "One group")
    public GroupView get(@PathParam("tenant") String tenant, @PathParam("group") UUID group) {
        return groups.get(group);
    }

    @PUT
    @Path("/{group}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Rename or describe a group")
    public GroupView rename(@PathParam("tenant") String tenant, @PathParam("group") UUID group, @Valid @NotNull GroupRequest request) {
        return groups.rename(group, request);
    }

    @DELETE
    @Path("/{group}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Delete a group and its memberships; refused (group_in_use) while a site allows the group")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("group") UUID group) {
        groups.delete(group);
        return Response.noContent().build();
    }

    @GET
    @Path("/{group}/members")
    @Operation(summary = "The group's members with each membership's period and whether it counts now")
    public List<MembershipView> members(@PathParam("tenant") String tenant, @PathParam("group") UUID group) {
        return groups.members(group);
    }

    @PUT
    @Path("/{group}/members/{subject}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Add a subject to the group, or change the period of their membership (validFrom/validUntil, "
            + "either may be absent)")
    public MembershipView setMember(@PathParam("tenant") String tenant, @PathParam("group") UUID group,
                                    @PathParam("subject") UUID subject, MembershipRequest request) {
        return groups.setMember(group, subject, request);
    }

    @DELETE
    @Path("/{group}/members/{subject}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Remove a subject from the group")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeMember(@PathParam("tenant") String tenant, @PathParam("group") UUID group,
                                 @PathParam("subject") UUID subject) {
        groups.removeMember(group, subject);
        return Response.noContent().build();
    }
}
