package io.consentry.webhook;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Webhook subscriptions and their delivery log: tenant admins manage, auditors read. */
@Path("/api/v1/tenants/{tenant}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Webhooks")
public class WebhookResource {

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;

    WebhookResource(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @GET
    @Path("/subscriptions")
    @Operation(summary = "List webhook subscriptions (never their secrets)")
    public List<WebhookView> list(@PathParam("tenant") String tenant) {
        return subscriptions.list();
    }

    @POST
    @Path("/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Subscribe a receiver to event types; the answer carries the signing secret, shown this once")
    @APIResponse(responseCode = "201", description = "The subscription, with its secret shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull WebhookRequest request) {
        return Response.status(201).entity(subscriptions.create(request)).build();
    }

    @GET
    @Path("/subscriptions/{id}")
    @Operation(summary = "One webhook subscription")
    public WebhookView get(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return subscriptions.get(id);
    }

    @PUT
    @Path("/subscriptions/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Change a subscription's URL, types or description, or disable/enable it (active)")
    public WebhookView update(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull WebhookRequest request) {
        return subscriptions.update(id, request);
    }

    @POST
    @Path("/subscriptions/{id}/rotate-secret")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "A new signing secret (shown this once); the old one also signs for overlapMinutes (default: configured, 24 h)")
    public WebhookView rotate(@PathParam("tenant") String tenant, @PathParam("id") UUID id,
                              @QueryParam("overlapMinutes") @Min(0) @Max(10080) Integer overlapMinutes) {
        return subscriptions.rotateSecret(id, overlapMinutes == null ? null : Duration.ofMinutes(overlapMinutes));
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "The delivery log, newest first: filter by status (PENDING, DELIVERED, DEAD), type and subscription")
    public List<DeliveryView> deliveries(@PathParam("tenant") String tenant, @QueryParam("status") String status,
                                         @QueryParam("type") String type, @QueryParam("subscription") UUID subscription,
                                         @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return deliveries.list(status, type, subscription, page, size);
    }

    @GET
    @Path("/deliveries/{id}")
    @Operation(summary = "One delivery: the event as sent and every attempt (status code or error, never the receiver's body)")
    public DeliveryView delivery(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return deliveries.get(id);
    }

    @POST
    @Path("/deliveries/{id}/redeliver")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Send a dead-lettered delivery again (same event id, fresh attempts)")
    public DeliveryView redeliver(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return deliveries.redeliver(id);
    }
}
