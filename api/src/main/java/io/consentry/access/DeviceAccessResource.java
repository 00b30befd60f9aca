package io.consentry.access;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
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

    private final AccessDecisions decisions;
    private final FaceDecisions faces;

    DeviceAccessResource(AccessDecisions decisions, FaceDecisions faces) {
        this.decisions = decisions;
        this.faces = faces;
    }

    @POST
    @Path("/verify")
    @RolesAllowed(RealmRoles.DEVICE)
    @Operation(summary = "1:1: a claim (card, QR or subject reference) and a face frame; only with the subject's active FACE_VERIFICATION consent, else FALLBACK_REQUIRED")
    public AccessDecision verify(@Valid @NotNull VerifyRequest request) {
        return faces.verify(request);
    }

    @POST
    @Path("/identify")
    @RolesAllowed(RealmRoles.DEVICE)
    @Operation(summary = "1:N over the tenant's members with an active FACE_IDENTIFICATION consent; nobody matched → FALLBACK_REQUIRED",
            description = "FALLBACK_REQUIRED reasons of 1:N include no_match, gallery_too_large_for_pack, gallery_too_large_for_replica "
                    + "and gallery_loading (this replica is loading the purpose's gallery in the background and it was not ready "
                    + "within consentry.gallery.load-wait; a partly loaded gallery is never searched, the next identification is "
                    + "served from it). The device offers the alternatives in allowedMethods.")
    public AccessDecision identify(@Valid @NotNull IdentifyRequest request) {
        return faces.identify(request);
    }

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
