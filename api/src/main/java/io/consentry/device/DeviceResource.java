package io.consentry.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Tenant admins register, inspect, rotate and revoke devices. */
@Path("/api/v1/tenants/{tenant}/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Sites and devices")
public class DeviceResource {

    private final Devices devices;

    DeviceResource(Devices devices) {
        this.devices = devices;
    }

    @GET
    @Operation(summary = "List devices (optionally of one site) with last-seen, software version and health")
    public List<DeviceView> list(@PathParam("tenant") String tenant, @QueryParam("site") UUID site) {
        return devices.list(site);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device to a site; the answer carries its client secret, shown this once")
    @APIResponse(responseCode = "201", description = "The device, with its client secret shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceView.class)))
    public Response register(@PathParam("tenant") String tenant, @Valid @NotNull DeviceRequest request) {
        return Response.status(201).entity(devices.register(request)).build();
    }

    @GET
    @Path("/{device}")
    @Operation(summary = "One device")
    public DeviceView get(@PathParam("tenant") String tenant, @PathParam("device") UUID device) {
        return devices.get(device);
    }

    @POST
    @Path("/{device}/rotate-secret")
    @Operation(summary = "Issue a new client secret (shown this once); the old one stops working")
    public DeviceView rotate(@PathParam("tenant") String tenant, @PathParam("device") UUID device) {
        return devices.rotateSecret(device);
    }

    @POST
    @Path("/{device}/revoke")
    @Operation(summary = "Revoke a device: refused at once, its client removed from the realm")
    public DeviceView revoke(@PathParam("tenant") String tenant, @PathParam("device") UUID device) {
        return devices.revoke(device);
    }
}
