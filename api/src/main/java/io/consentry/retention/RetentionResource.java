package io.consentry.retention;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
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
import java.time.format.DateTimeParseException;

/** The tenant's retention report: its schedule and what was deleted when and why (tenant admins and auditors). */
@Path("/api/v1/tenants/{tenant}/retention")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: retention")
public class RetentionResource {

    static final int MAX_LIMIT = 1000;

    private final RetentionReport report;

    RetentionResource(RetentionReport report) {
        this.report = report;
    }

    @GET
    @Path("report")
    @Operation(summary = "The retention schedule and the deletions of face data (inactivity, withdrawal, expiry, purpose "
            + "retirement, erasure), newest first; from/to are ISO-8601 instants (default: everything up to now)")
    public RetentionReport.Report report(@PathParam("tenant") String tenant, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("200") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        Instant start = instant("from", from, Instant.EPOCH);
        Instant end = instant("to", to, Instant.now().plusSeconds(1));
        if (!start.isBefore(end)) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "from must be before to.");
        }
        return report.between(start, end, limit);
    }

    private static Instant instant(String name, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "The parameter '" + name + "' must be an ISO-8601 instant such as 2026-11-27T08:00:00Z.");
        }
    }
}
