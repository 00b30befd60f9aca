package io.consentry.subjectrequest;

import io.consentry.core.audit.Actor;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The admins' queue of data-subject requests (tenant admins act, auditors read). */
@Path("/api/v1/tenants/{tenant}/requests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: subject requests")
public class RequestQueueResource {

    private final SubjectRequests requests;
    private final CallerTenant caller;

    RequestQueueResource(SubjectRequests requests, CallerTenant caller) {
        this.requests = requests;
        this.caller = caller;
    }

    public record Answer(@NotBlank @Size(max = 4000) String answer) {
    }

    @GET
    @Operation(summary = "The queue, due date first: ?status=OPEN|IN_PROGRESS|ANSWERED|REJECTED, ?overdue=true; with the "
            + "counts of open and overdue requests")
    public SubjectRequests.Queue queue(@PathParam("tenant") String tenant, @QueryParam("status") String status,
                                       @QueryParam("overdue") boolean overdue,
                                       @QueryParam("page") @DefaultValue("0") @Min(0) @Max(io.consentry.core.persistence.Paging.MAX_PAGE) int page,
                                       @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        RequestStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RequestStatus.valueOf(status.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new ApiException(ProblemCode.INVALID_PARAMETER, "status must be OPEN, IN_PROGRESS, ANSWERED or REJECTED.");
            }
        }
        return requests.queue(wanted, overdue, page, size);
    }

    @GET
    @Path("{id}")
    public SubjectRequests.View get(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return requests.get(id);
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Take the request (OPEN → IN_PROGRESS). Audited")
    public SubjectRequests.View start(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return requests.start(id, Actor.user(caller.username()));
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Answer (→ ANSWERED): mailed to whoever filed, shown in their portal. Answering an ERASURE request "
            + "accepts it and erases the subject. An ACCESS answer can point to the data export in the portal. Audited")
    public SubjectRequests.View answer(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull Answer body) {
        return requests.answer(id, body.answer(), Actor.user(caller.username()));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Refuse with reasons (→ REJECTED); the filer is told. Audited")
    public SubjectRequests.View reject(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @Valid @NotNull Answer body) {
        return requests.reject(id, body.answer(), Actor.user(caller.username()));
    }
}
