package io.consentry.consent;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeView;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The tenant's consent history for admins and auditors: every grant, refusal, withdrawal and expiry, in order. */
@Path("/api/v1/tenants/{tenant}/consent-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: consent")
public class ConsentEventResource {

    private final PurposeCatalog catalog;

    ConsentEventResource(PurposeCatalog catalog) {
        this.catalog = catalog;
    }

    public record EventView(UUID id, UUID subjectId, String purpose, String event, String noticeHash, Instant occurredAt,
                            Instant expiresAt, String method, String channel, UUID receiptId) {
    }

    public record EventPage(List<EventView> items, int page, int size, long total) {
    }

    @GET
    @Transactional
    @Operation(summary = "The consent history, paginated; filter by purpose code, subject and time range (ISO-8601)")
    public EventPage events(@PathParam("tenant") String tenant, @QueryParam("purpose") String purpose,
                            @QueryParam("subject") UUID subject, @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(io.consentry.core.persistence.Paging.MAX_PAGE) int page,
                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        StringBuilder q = new StringBuilder("1=1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        java.util.Map<UUID, String> codes = new java.util.HashMap<>();
        codes.putAll(catalog.codesById());
        if (purpose != null) {
            UUID pid = catalog.find(purpose).map(PurposeView::id).orElseThrow(() ->
                    new ApiException(ProblemCode.UNKNOWN_PURPOSE, "There is no purpose with the code '" + purpose + "'."));
            q.append(" and purposeId = :purpose");
            params.put("purpose", pid);
        }
        if (subject != null) {
            q.append(" and subjectId = :subject");
            params.put("subject", subject);
        }
        if (from != null) {
            q.append(" and occurredAt >= :from");
            params.put("from", time(from, "from"));
        }
        if (to != null) {
            q.append(" and occurredAt < :to");
            params.put("to", time(to, "to"));
        }
        var query = ConsentEvent.<ConsentEvent>find(q + " order by seq", params);
        long total = query.count();
        List<EventView> items = query.page(page, size).list().stream()
                .map(e -> new EventView(e.id, e.subjectId, codes.get(e.purposeId), e.event.name(), e.noticeHash.trim(),
                        e.occurredAt, e.expiresAt, e.method, e.channel, e.receiptId)).toList();
        return new EventPage(items, page, size, total);
    }

    private static Instant time(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new ApiException(ProblemCode.INVALID_TIME, field + " must be an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z.");
        }
    }
}
