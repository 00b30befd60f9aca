package io.consentry.access;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Decision endpoints of the device fleet. Tenant and site come from the device's token, never from the body. */
@Path("/api/v1/device")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Device")
public class DeviceAccessResource {

    @Inject
    AccessDecisions decisions;

    @POST
    @Path("/alternative")
    @RolesAllowed(RealmRoles.DEVICE)
    @Operation(summary = "Decide on a PIN, QR code or card presented at the device")
    public AccessDecision alternative(@Valid @NotNull AlternativeRequest request) {
        return decisions.alternative(request);
    }

    @POST
    @Path("/guard-override")
    @RolesAllowed(RealmRoles.GUARD)
    @Operation(summary = "A guard records a manual decision, with a reason, at a site of their tenant")
    public AccessDecision guardOverride(@Valid @NotNull GuardOverrideRequest request) {
        return decisions.guardOverride(request);
    }
}
