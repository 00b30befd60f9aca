package io.consentry.consent;

import io.consentry.core.audit.Actor;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Retiring a purpose is a consent operation (every grant of it ends), so it lives with consent, not the catalogue. */
@Path("/api/v1/tenants/{tenant}/purposes/{code}/retire")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Tenant: purposes")
public class PurposeRetirementResource {

    private final PurposeRetirement retirement;
    private final CallerTenant caller;

    PurposeRetirementResource(PurposeRetirement retirement, CallerTenant caller) {
        this.retirement = retirement;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Retire a purpose: every grant of it ends (WITHDRAWN with a receipt, biometric data deleted when no longer covered)")
    public Map<String, Integer> retire(@PathParam("tenant") String tenant, @PathParam("code") String code) {
        return Map.of("consentsEnded", retirement.retire(code, Actor.user(caller.username())));
    }
}
