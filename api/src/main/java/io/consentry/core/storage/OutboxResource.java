package io.consentry.core.storage;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's storage outbox: how many object writes wait for S3, and running them now after an outage. */
@Path("/api/v1/tenants/{tenant}/storage-outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: consent")
public class OutboxResource {

    private final OutboxWorker outbox;

    OutboxResource(OutboxWorker outbox) {
        this.outbox = outbox;
    }

    @GET
    @Operation(summary = "Object-store writes and deletions still waiting for S3")
    public OutboxWorker.RunResult outboxState(@PathParam("tenant") String tenant) {
        return new OutboxWorker.RunResult(0, 0, outbox.pending());
    }

    @POST
    @Path("run")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Run the storage outbox now, ignoring back-off (e.g. after an S3 outage)")
    public OutboxWorker.RunResult runOutbox(@PathParam("tenant") String tenant) {
        return outbox.runCurrentTenant(true);
    }
}
