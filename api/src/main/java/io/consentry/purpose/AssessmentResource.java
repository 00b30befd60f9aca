package io.consentry.purpose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.profile.TenantProfile;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Impact assessments of the tenant's purposes: recorded by tenant admins, read by admins and auditors. */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: impact assessments")
public class AssessmentResource {

    private final PurposeCatalog catalog;
    private final ImpactAssessments assessments;
    private final AssessmentPdf pdf;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final CallerTenant caller;

    AssessmentResource(PurposeCatalog catalog, ImpactAssessments assessments, AssessmentPdf pdf, ObjectMapper json,
                       AuditTrail audit, CallerTenant caller) {
        this.catalog = catalog;
        this.assessments = assessments;
        this.pdf = pdf;
        this.json = json;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Path("assessments")
    @Operation(summary = "Every live purpose with its impact assessments (newest first), whether it is in force, and "
            + "whether its review is overdue")
    public List<PurposeAssessmentStatus> list(@PathParam("tenant") String tenant) {
        catalog.ensureDefaults();
        return assessments.statuses();
    }

    @GET
    @Path("assessments/{id}")
    @Operation(summary = "One version of an impact assessment")
    public AssessmentView get(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        return assessments.get(id);
    }

    @GET
    @Path("assessments/{id}/export.json")
    @Operation(summary = "One version as a JSON file to keep")
    public Response exportJson(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        AssessmentView a = assessments.get(id);
        try {
            return Response.ok(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(a), MediaType.APPLICATION_JSON)
                    .header("Content-Disposition", "attachment; filename=\"" + fileName(a) + ".json\"").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The assessment could not be written", e);
        }
    }

    @GET
    @Path("assessments/{id}/export.pdf")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @Operation(summary = "One version as a printable PDF (English and Chinese headings)")
    @APIResponse(responseCode = "200", description = "The PDF", content = @Content(mediaType = "application/pdf"))
    public Response exportPdf(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        AssessmentView a = assessments.get(id);
        return Response.ok(pdf.print(a, controller()), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"" + fileName(a) + ".pdf\"").build();
    }

    @GET
    @Path("purposes/{code}/assessments")
    @Operation(summary = "One purpose with its impact assessments")
    public PurposeAssessmentStatus ofPurpose(@PathParam("tenant") String tenant, @PathParam("code") String code) {
        catalog.ensureDefaults();
        return assessments.status(code);
    }

    @POST
    @Path("purposes/{code}/assessments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Record the approved impact assessment of a purpose as its next version (earlier versions are kept "
            + "unchanged); the first one switches a face purpose on")
    @APIResponse(responseCode = "201", description = "The recorded version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssessmentView.class)))
    public Response record(@PathParam("tenant") String tenant, @PathParam("code") String code,
                           @Valid @NotNull AssessmentRequest body) {
        AssessmentView recorded = catalog.recordAssessment(code, body, caller.username());
        audit(audit, caller.username(), recorded);
        return Response.status(201).entity(recorded).build();
    }

    static void audit(AuditTrail audit, String username, AssessmentView a) {
        audit.append(new AuditEvent(Actor.user(username), "assessment.recorded", null, a.purpose(), AuditOutcome.OK,
                Map.of("assessment", a.id().toString(), "version", Integer.toString(a.version()), "reviewer", a.reviewer(),
                        "approvedOn", a.approvedOn().toString(), "nextReviewOn", a.nextReviewOn().toString(),
                        "contentHash", a.contentHash())));
    }

    private static String controller() {
        TenantProfile profile = TenantProfile.current();
        return profile == null ? "" : profile.displayName + " (" + profile.slug + ")";
    }

    private static String fileName(AssessmentView a) {
        return "impact-assessment-" + a.purpose() + "-v" + a.version();
    }

}
