package io.consentry.controller;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data controller named by every notice and receipt of the tenant (tenant-admin writes, auditor reads). */
@Path("/api/v1/tenants/{tenant}/controller")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: purposes")
public class ControllerResource {

    private final ControllerProfile profile;
    private final AuditTrail audit;
    private final CallerTenant caller;

    ControllerResource(ControllerProfile profile, AuditTrail audit, CallerTenant caller) {
        this.profile = profile;
        this.audit = audit;
        this.caller = caller;
    }

    /** The profile and which required fields are still empty (a notice is refused until none is). */
    public record View(Controller controller, List<String> missing) {
        static View of(Controller c) {
            return new View(c, c.missing());
        }
    }

    @GET
    @Operation(summary = "The data controller notices and receipts name (pre-filled from the tenant's name until saved)")
    public View get(@PathParam("tenant") String tenant) {
        return View.of(profile.current());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Replace the controller profile. Published notices keep the profile they were published with; "
            + "the next notice version freezes this one")
    public View put(@PathParam("tenant") String tenant, @Valid @NotNull Controller body) {
        Controller saved = profile.save(body, caller.username());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", String.valueOf(saved.name()));
        details.put("jurisdiction", String.valueOf(saved.jurisdiction()));
        details.put("missing", String.join(",", saved.missing()));
        audit.append(new AuditEvent(Actor.user(caller.username()), "controller.updated", null, null, AuditOutcome.OK, details));
        return View.of(saved);
    }
}
