package io.consentry.usage;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.TenantRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The operators' usage view across tenants: one row per tenant and day, read from the platform's usage table. */
@Path("/api/v1/platform/usage")
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: usage", description = "Platform operators: each tenant's usage per day (decisions, enrolments, stored templates, object-store bytes), recorded into one platform table.")
public class UsageResource {

    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;
    static final String CSV = "text/csv";

    private final UsageLedger ledger;
    private final UsageRecorder recorder;
    private final TenantRegistry registry;

    UsageResource(UsageLedger ledger, UsageRecorder recorder, TenantRegistry registry) {
        this.ledger = ledger;
        this.recorder = recorder;
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage per tenant and day (UTC): decisions by kind, enrolments, stored templates, object-store bytes. "
            + "from/to are dates (YYYY-MM-DD, both included; default the last 30 days), at most 366 days; tenant narrows to one slug")
    public List<TenantUsage> usage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tenant") String tenant) {
        LocalDate end = to == null || to.isBlank() ? LocalDate.now(Clock.systemUTC()) : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (start.isAfter(end)) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "The range starts after it ends.",
                    List.of(new Problem.FieldError("from", "must be on or before 'to' (" + end + ")")));
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw new ApiException(ProblemCode.USAGE_RANGE_TOO_LONG, "From " + start + " to " + end + " is "
                    + (ChronoUnit.DAYS.between(start, end) + 1) + " days; ask for at most " + MAX_DAYS + " at a time.");
        }
        String slug = tenant == null || tenant.isBlank() ? null : tenant;
        if (slug != null && (slug.length() > 40 || registry.findBySlug(slug).isEmpty())) {
            throw new ApiException(ProblemCode.TENANT_NOT_FOUND, "There is no tenant '" + (slug.length() > 40 ? slug.substring(0, 40) + "…" : slug) + "'.");
        }
        return ledger.between(start, end, slug);
    }

    @GET
    @Produces(CSV)
    @Operation(summary = "The same rows as CSV (Accept: text/csv), with a header line, for spreadsheets and billing")
    public String usageCsv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tenant") String tenant) {
        StringBuilder csv = new StringBuilder("tenant,day,verifications,identifications,alternativeDecisions,enrolments,"
                + "storedTemplates,objectStoreBytes\n");
        for (TenantUsage u : usage(from, to, tenant)) {
            // Slugs are lower-case letters, digits and hyphens: nothing to quote, nothing a spreadsheet would run.
            csv.append(u.tenant()).append(',').append(u.day()).append(',').append(u.verifications()).append(',')
                    .append(u.identifications()).append(',').append(u.alternativeDecisions()).append(',').append(u.enrolments())
                    .append(',').append(u.storedTemplates()).append(',').append(u.objectStoreBytes()).append('\n');
        }
        return csv.toString();
    }

    @POST
    @Path("/record")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record one day's usage for every tenant now (the schedule does it hourly for yesterday and today); "
            + "tenants that failed are listed and the others recorded")
    public UsageRecorder.Report record(@QueryParam("day") String day) {
        LocalDate today = LocalDate.now(Clock.systemUTC());
        LocalDate which = day == null || day.isBlank() ? today : date("day", day);
        if (which.isAfter(today)) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "A day that has not begun has no usage.",
                    List.of(new Problem.FieldError("day", "must not be after today (" + today + ", UTC)")));
        }
        return recorder.recordDay(which);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "'" + field + "' is not a date.",
                    List.of(new Problem.FieldError(field, "must be a date as YYYY-MM-DD")));
        }
    }
}
