package io.consentry.platform;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import io.consentry.problem.ApiException;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.provisioning.DeletionReport;
import io.consentry.tenants.provisioning.NewTenant;
import io.consentry.tenants.provisioning.TenantLifecycle;
import io.consentry.tenants.provisioning.TenantProvisioner;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.realm.TenantRealms;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.tenants.storage.TenantBuckets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Tenant provisioning for platform operators. */
@Path("/api/v1/platform/tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class PlatformTenantResource {

    @Inject
    TenantRegistry registry;
    @Inject
    TenantProvisioner provisioner;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantKeyring keyring;
    @Inject
    TenantSchemas schemas;
    @Inject
    TenantBuckets buckets;
    @Inject
    TenantRealms realms;
    @Inject
    AuditTrail audit;
    @Inject
    CallerTenant caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant: realm, schema, keyset and bucket, as one unit")
    public Response create(@Valid CreateTenantRequest request, UriInfo uri) {
        if (request == null) {
            throw ApiException.badRequest("body_required", "Send a JSON body with slug, displayName and kind.");
        }
        Tenant tenant = provisioner.provision(new NewTenant(request.slug(), request.displayName().strip(), request.kind()));
        recordInTenantLog(tenant, "tenant.provisioned");
        return Response.created(uri.getAbsolutePathBuilder().path(tenant.slug).build())
                .entity(TenantView.of(tenant, new TenantView.Provisioned(true, true, true, true)))
                .build();
    }

    @GET
    @Operation(summary = "List tenants")
    public List<TenantView> list() {
        return registry.list().stream().map(tenant -> TenantView.of(tenant, null)).toList();
    }

    @GET
    @Path("{slug}")
    @Operation(summary = "One tenant, with a live check of each provisioned resource")
    public TenantView get(@PathParam("slug") String slug) {
        Tenant tenant = find(slug);
        return TenantView.of(tenant, new TenantView.Provisioned(keyring.exists(tenant.id), schemas.exists(tenant.dbSchema),
                buckets.exists(tenant.bucket), realms.exists(tenant.realm)));
    }

    @POST
    @Path("{slug}/suspend")
    @Operation(summary = "Suspend a tenant: its users' and devices' tokens are refused until it is resumed")
    public TenantView suspend(@PathParam("slug") String slug) {
        Tenant tenant = find(slug);
        requireStatus(tenant, TenantStatus.ACTIVE, "suspend");
        Tenant suspended = lifecycle.suspend(tenant);
        recordInTenantLog(suspended, "tenant.suspended");
        return TenantView.of(suspended, null);
    }

    @POST
    @Path("{slug}/resume")
    @Operation(summary = "Resume a suspended tenant")
    public TenantView resume(@PathParam("slug") String slug) {
        Tenant tenant = find(slug);
        requireStatus(tenant, TenantStatus.SUSPENDED, "resume");
        Tenant resumed = lifecycle.resume(tenant);
        recordInTenantLog(resumed, "tenant.resumed");
        return TenantView.of(resumed, null);
    }

    @DELETE
    @Path("{slug}")
    @Operation(summary = "Delete a tenant for good (crypto-shred). Requires ?confirm=<slug>")
    public DeletionReport delete(@PathParam("slug") String slug, @QueryParam("confirm") String confirm) {
        Tenant tenant = find(slug);
        if (!slug.equals(confirm)) {
            throw ApiException.badRequest("confirmation_required",
                    "Deleting a tenant destroys its keys and data for good. Repeat its slug in the query parameter confirm=" + slug + ".");
        }
        return lifecycle.delete(tenant);
    }

    /** Operator actions on a tenant belong in that tenant's own audit log. */
    private void recordInTenantLog(Tenant tenant, String action) {
        caller.assume(tenant);
        audit.append(new AuditEvent(Actor.user("platform/" + caller.username()), action, null, null, "OK",
                java.util.Map.of("tenant", tenant.slug)));
    }

    private Tenant find(String slug) {
        return registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant with the slug '" + slug + "'."));
    }

    private static void requireStatus(Tenant tenant, TenantStatus expected, String action) {
        if (tenant.status != expected) {
            throw ApiException.conflict("invalid_tenant_status",
                    "Cannot " + action + " tenant '" + tenant.slug + "' while it is " + tenant.status.name().toLowerCase() + ".");
        }
    }
}
