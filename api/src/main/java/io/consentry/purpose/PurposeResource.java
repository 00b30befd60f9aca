package io.consentry.purpose;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.profile.TenantProfile;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The tenant's purpose catalogue and notice versions (tenant-admin writes, auditor reads). */
@Path("/api/v1/tenants/{tenant}/purposes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: purposes")
public class PurposeResource {

    private final PurposeCatalog catalog;
    private final AuditTrail audit;
    private final CallerTenant caller;

    PurposeResource(PurposeCatalog catalog, AuditTrail audit, CallerTenant caller) {
        this.catalog = catalog;
        this.audit = audit;
        this.caller = caller;
    }

    /**
     * @param notice        an optional lead paragraph in {@code language}, shown above the structured sections
     * @param language      the language the notice is written in first (en or zh; default: the controller's)
     * @param noticeContent the structured notice: method, processing location, texts per language, receipt terms
     */
    public record NewPurpose(@NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,63}") String code,
                             @NotBlank @Size(max = 200) String title,
                             @NotNull PurposeKind kind,
                             @Min(1) @Max(3650) @WithinRetentionCap int retentionDays,
                             @Size(max = 4000) String notice,
                             @Size(max = 16) String language,
                             NoticeContent noticeContent,
                             @Valid AssessmentRequest assessment) {
    }

    /**
     * @param text     an optional lead paragraph in {@code language}, shown above the structured sections
     * @param content  the structured notice (required; the controller and retention days are added at publication)
     * @param material the processing changed in a way that matters to the subjects: their earlier grants stop covering
     *                 the purpose (state NEEDS_RECONSENT) until they agree to this version
     */
    public record NewNotice(@Size(max = 4000) String text, @Size(max = 16) String language, Boolean material, NoticeContent content) {
    }

    @GET
    @Operation(summary = "Purposes with their current notice (defaults for the tenant kind are created on first use)")
    public List<PurposeView> list(@PathParam("tenant") String tenant) {
        return catalog.list();
    }

    @GET
    @Path("templates")
    @Operation(summary = "Notice templates in English and Chinese for a tenant kind (default: this tenant's), one per purpose "
            + "kind: they prefill the console's notice form; the default purposes are published from them")
    public List<NoticeTemplates.Template> templates(@PathParam("tenant") String tenant, @QueryParam("tenantKind") String tenantKind) {
        String kind = tenantKind == null || tenantKind.isBlank() ? TenantProfile.current().kind : tenantKind.strip();
        if (!NoticeTemplates.TENANT_KINDS.contains(kind)) {
            throw new ApiException(ProblemCode.INVALID_PARAMETER, "tenantKind must be one of " + NoticeTemplates.TENANT_KINDS + ".");
        }
        return NoticeTemplates.forTenantKind(kind);
    }

    @GET
    @Path("{code}")
    public PurposeView get(@PathParam("tenant") String tenant, @PathParam("code") String code) {
        return catalog.get(code);
    }

    @GET
    @Path("{code}/notices")
    @Operation(summary = "Every published notice version of a purpose (immutable, with content hashes)")
    public List<PurposeView.Notice> notices(@PathParam("tenant") String tenant, @PathParam("code") String code) {
        return catalog.notices(code);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Add a purpose with its first notice; a face purpose (every kind so far) also needs its approved "
            + "impact assessment in 'assessment', else 400 impact_assessment_required")
    @APIResponse(responseCode = "201", description = "The purpose, with its first notice",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurposeView.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull NewPurpose body) {
        if ("templates".equals(body.code())) { // the address of the notice templates, not a purpose
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "The code 'templates' is reserved; choose another.",
                    List.of(new io.consentry.core.problem.Problem.FieldError("code", "reserved")));
        }
        PurposeCatalog.Created created = catalog.create(body.code(), body.title().strip(), body.kind(), body.retentionDays(),
                body.noticeContent(), body.notice(), body.language(), body.assessment(), caller.username());
        PurposeView view = created.purpose();
        audit.append(new AuditEvent(Actor.user(caller.username()), "purpose.created", null, view.code(), AuditOutcome.OK,
                Map.of("kind", view.kind().name(), "noticeHash", view.notice().contentHash())));
        if (created.assessment() != null) {
            AssessmentResource.audit(audit, caller.username(), created.assessment());
        }
        return Response.status(201).entity(view).build();
    }

    @POST
    @Path("{code}/notices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Transactional
    @Operation(summary = "Publish a new notice version; existing consents stay tied to their version. material=true: earlier "
            + "grants need re-consent (NEEDS_RECONSENT; gates fall back to alternatives; each subject is told)")
    @APIResponse(responseCode = "201", description = "The new notice version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurposeView.Notice.class)))
    public Response publish(@PathParam("tenant") String tenant, @PathParam("code") String code, @Valid @NotNull NewNotice body) {
        PurposeView.Notice notice = catalog.publishNotice(code, body.content(), body.text(), body.language(),
                Boolean.TRUE.equals(body.material()));
        audit.append(new AuditEvent(Actor.user(caller.username()), "notice.published", null, code, AuditOutcome.OK,
                Map.of("version", String.valueOf(notice.version()), "noticeHash", notice.contentHash(),
                        "material", Boolean.toString(notice.material()))));
        return Response.status(201).entity(notice).build();
    }
}
