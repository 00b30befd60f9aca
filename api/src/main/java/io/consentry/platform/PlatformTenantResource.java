package io.consentry.platform;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.controller.Controller;
import io.consentry.controller.ControllerProfile;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.security.OperatorTenants;
import io.consentry.staff.Staff;
import io.consentry.staff.StaffView;
import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.provisioning.DeletionReport;
import io.consentry.tenants.placement.UnknownCellException;
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

    private final TenantRegistry registry;
    private final TenantProvisioner provisioner;
    private final TenantLifecycle lifecycle;
    private final TenantKeyring keyring;
    private final TenantSchemas schemas;
    private final TenantBuckets buckets;
    private final TenantRealms realms;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final OperatorTenants operatorTenants;
    private final ControllerProfile controllerProfile;
    private final Staff staff;

    PlatformTenantResource(TenantRegistry registry, TenantProvisioner provisioner, TenantLifecycle lifecycle,
                           TenantKeyring keyring, TenantSchemas schemas, TenantBuckets buckets, TenantRealms realms,
                           AuditTrail audit, CallerTenant caller, OperatorTenants operatorTenants, ControllerProfile controllerProfile,
                           Staff staff) {
        this.registry = registry;
        this.provisioner = provisioner;
        this.lifecycle = lifecycle;
        this.keyring = keyring;
        this.schemas = schemas;
        this.buckets = buckets;
        this.realms = realms;
        this.audit = audit;
        this.caller = caller;
        this.operatorTenants = operatorTenants;
        this.controllerProfile = controllerProfile;
        this.staff = staff;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant: realm, schema, keyset and bucket, as one unit, and invite its first admin (setup link by e-mail)")
    @APIResponse(responseCode = "201", description = "The provisioned tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    public Response create(@Valid CreateTenantRequest request, UriInfo uri) {
        if (request == null) {
            throw new ApiException(ProblemCode.BODY_REQUIRED, "Send a JSON body with slug, displayName, kind and firstAdmin.");
        }
        Tenant tenant;
        try {
            tenant = provisioner.provision(new NewTenant(request.slug(), request.displayName().strip(), request.kind(), request.cell()));
        } catch (UnknownCellException e) {
            throw new ApiException(ProblemCode.UNKNOWN_CELL, e.getMessage());
        }
        StaffView firstAdmin;
        try {
            operatorTenants.actOn(tenant);
            firstAdmin = staff.invite(request.firstAdmin().asInvitation(), operator());
        } catch (RuntimeException e) {
            // A tenant nobody can sign in to is not kept: undo the provisioning, as a failed provisioning step would.
            lifecycle.delete(tenant);
            throw e;
        }
        java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("tenant", tenant.slug);
        details.put("firstAdmin", firstAdmin.id());
        if (request.controller() != null) {
            // The controller the operator onboarded the tenant with; recorded in the same entry as the provisioning.
            operatorTenants.actOn(tenant);
            Controller saved = controllerProfile.save(request.controller(), "platform/" + caller.username());
            details.put("controller", String.valueOf(saved.name()));
            details.put("controllerMissing", String.join(",", saved.missing()));
        }
        recordInTenantLog(tenant, "tenant.provisioned", details);
        return Response.created(uri.getAbsolutePathBuilder().path(tenant.slug).build())
                .entity(TenantView.of(tenant, new TenantView.Provisioned(true, true, true, true), firstAdmin))
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
        return TenantView.of(tenant, new TenantView.Provisioned(keyring.exists(tenant.id), schemas.exists(tenant),
                buckets.exists(tenant), realms.exists(tenant)));
    }

    @POST
    @Path("{slug}/suspend")
    @Operation(summary = "Suspend a tenant: its users' and devices' tokens are refused until it is resumed")
    public TenantView suspend(@PathParam("slug") String slug) {
        Tenant tenant = find(slug);
        requireStatus(tenant, TenantStatus.ACTIVE, "suspend");
        operatorTenants.actOnCurrentSchema(tenant);
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
        operatorTenants.actOnCurrentSchema(tenant);
        Tenant resumed = lifecycle.resume(tenant);
        recordInTenantLog(resumed, "tenant.resumed");
        return TenantView.of(resumed, null);
    }

    @DELETE
    @Path("{slug}")
    @Operation(summary = "Delete a tenant for good (crypto-shred). Requires ?confirm=<slug>")
    public DeletionReport delete(@PathParam("slug") String slug, @QueryParam("confirm") String confirm) {
        Tenant tenant = find(slug);
        if (tenant.status == TenantStatus.MOVING) {
            // The move holds the tenant's data on two cells; deleting now would leave half of it behind.
            throw new ApiException(ProblemCode.MOVE_RUNNING, "Tenant '" + slug + "' is being moved to another cell; delete it once the move has finished.");
        }
        if (!slug.equals(confirm)) {
            throw new ApiException(ProblemCode.CONFIRMATION_REQUIRED, "Deleting a tenant destroys its keys and data for good. Repeat its slug in the query parameter confirm=" + slug + ".");
        }
        return lifecycle.delete(tenant);
    }

    /** Operator actions on a tenant belong in that tenant's own audit log. */
    private void recordInTenantLog(Tenant tenant, String action) {
        recordInTenantLog(tenant, action, java.util.Map.of("tenant", tenant.slug));
    }

    private void recordInTenantLog(Tenant tenant, String action, java.util.Map<String, String> details) {
        operatorTenants.actOn(tenant);
        audit.append(new AuditEvent(operator(), action, null, null, AuditOutcome.OK, details));
    }

    private Actor operator() {
        return Actor.user("platform/" + caller.username());
    }

    private Tenant find(String slug) {
        return operatorTenants.find(slug);
    }

    private static void requireStatus(Tenant tenant, TenantStatus expected, String action) {
        if (tenant.status != expected) {
            throw new ApiException(ProblemCode.INVALID_TENANT_STATUS, "Cannot " + action + " tenant '" + tenant.slug + "' while it is " + tenant.status.name().toLowerCase() + ".");
        }
    }
}
