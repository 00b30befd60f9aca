package io.consentry.dashboard;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Counts for the console's dashboard: admins and auditors (counts only, no personal data). */
@Path("/api/v1/tenants/{tenant}/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Dashboard")
public class DashboardResource {

    private final DashboardQueries queries;
    private final PurposeCatalog catalog;

    DashboardResource(DashboardQueries queries, PurposeCatalog catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Subjects, active consents per purpose, enrolments, today's verifications (granted / fallback / "
            + "denied) and alternative-credential use, devices online. tz: IANA zone that defines \"today\" (default UTC)")
    public DashboardView get(@PathParam("tenant") String tenant, @QueryParam("tz") String tz) {
        ZoneId zone = zone(tz);
        catalog.ensureDefaults(); // a new tenant's default purposes appear here as on the purposes screen
        return queries.counts(zone);
    }

    static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            // An IANA region, as documented: ZoneId also parses offsets such as "-1", which name no place's "today".
            if (!ZoneId.getAvailableZoneIds().contains(tz.strip()) && !tz.strip().equals("UTC")) {
                throw new java.time.DateTimeException("not an IANA region");
            }
            return ZoneId.of(tz.strip());
        } catch (DateTimeException e) {
            throw new ApiException(ProblemCode.INVALID_TIME_ZONE, "tz must be an IANA time zone such as Asia/Shanghai or Europe/Berlin.");
        }
    }
}
