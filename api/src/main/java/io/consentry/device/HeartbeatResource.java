package io.consentry.device;

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

import java.time.Instant;

/** Devices report that they are alive; admins see it as last-seen, version and health. */
@Path("/api/v1/device/heartbeat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.DEVICE)
@Tag(name = "Device")
public class HeartbeatResource {

    private final DeviceCaller caller;
    private final Devices devices;

    HeartbeatResource(DeviceCaller caller, Devices devices) {
        this.caller = caller;
        this.devices = devices;
    }

    public record Ack(Instant receivedAt, String status) {
    }

    @POST
    @Operation(summary = "Report software version and health")
    public Ack beat(@Valid @NotNull HeartbeatRequest beat) {
        ActiveDevice device = caller.require();
        DeviceView view = devices.heartbeat(device.id(), beat);
        return new Ack(view.lastSeenAt(), view.status());
    }
}
