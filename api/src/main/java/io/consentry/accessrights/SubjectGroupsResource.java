package io.consentry.accessrights;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The groups one subject belongs to. */
@Path("/api/v1/tenants/{tenant}/subjects/{subject}/groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: access rights")
public class SubjectGroupsResource {

    private final Groups groups;

    SubjectGroupsResource(Groups groups) {
        this.groups = groups;
    }

    @GET
    @Operation(summary = "The subject's groups, with each membership's period and whether it counts now")
    public List<MembershipView> list(@PathParam("tenant") String tenant, @PathParam("subject") UUID subject) {
        return groups.groupsOf(subject);
    }
}
