package io.consentry.attributes;

import io.consentry.consent.AttributeConsent;
import io.consentry.consent.ConsentGuard;
import io.consentry.consent.ConsentRequiredException;
import io.consentry.consent.RefusalAudit;
import io.consentry.core.audit.Actor;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.DecodeBudget;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.PortalSubject;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngineException;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * The subject asks what the engine estimates about their own face, under an ATTRIBUTE_ANALYSIS purpose they granted.
 * Consent first (nothing is analysed without it), then the selfie is verified against their enrolled face by the
 * consent enforcement point, which alone issues the capability the estimate needs.
 */
@Path("/portal/{tenant}/attributes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
public class AttributeResource {

    private final PortalSubject subject;
    private final PurposeCatalog catalog;
    private final ConsentGuard guard;
    private final RefusalAudit refusals;
    private final CurrentEngine engine;
    private final AttributeAnalysis analysis;
    private final int maxImageBytes;
    private final DecodeBudget budget;

    AttributeResource(PortalSubject subject, PurposeCatalog catalog, ConsentGuard guard, RefusalAudit refusals, CurrentEngine engine,
                      AttributeAnalysis analysis,
                      @ConfigProperty(name = "consentry.enrolment.max-image-bytes", defaultValue = "10485760") int maxImageBytes,
                      DecodeBudget budget) {
        this.budget = budget;
        this.subject = subject;
        this.catalog = catalog;
        this.guard = guard;
        this.refusals = refusals;
        this.engine = engine;
        this.analysis = analysis;
        this.maxImageBytes = maxImageBytes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Estimate age, gender and expression of your own face (body = a live selfie), under the "
            + "ATTRIBUTE_ANALYSIS purpose named by ?purpose= that you granted; the selfie must match your enrolled face")
    public AttributeView estimate(@PathParam("tenant") String tenant, @QueryParam("purpose") String purposeCode, byte[] image) {
        UUID subjectId = subject.id();
        Actor actor = Actor.subject(subjectId.toString());
        if (purposeCode == null || purposeCode.isBlank()) {
            throw new ApiException(ProblemCode.PURPOSE_REQUIRED, "Name the attribute analysis purpose you granted: ?purpose=<code>.");
        }
        PurposeRef purpose = catalog.findRef(purposeCode.strip()).orElseThrow(() ->
                new ApiException(ProblemCode.UNKNOWN_PURPOSE, "There is no purpose with the code '" + purposeCode.strip() + "'."));
        // Consent first: without it the selfie is not even decoded.
        if (purpose.kind() != PurposeKind.ATTRIBUTE_ANALYSIS || !guard.hasActiveConsent(subjectId, purpose)) {
            refusals.refused(actor, "biometric.attributes", subjectId, purpose.code());
            throw new ConsentRequiredException(purpose.code());
        }
        if (image == null || image.length == 0) {
            throw new ApiException(ProblemCode.IMAGE_REQUIRED, "Send your selfie as the request body (JPEG, PNG, BMP or WebP).");
        }
        if (image.length > maxImageBytes) {
            throw ImageProblems.tooLarge("The image has " + image.length + " bytes; at most " + maxImageBytes + " are accepted.");
        }
        Face face;
        try {
            face = budget.run(image, () -> engine.engine().analyzeSingle(image, AnalyzeOptions.defaults().withLiveness(true)));
        } catch (FaceEngineException e) {
            throw ImageProblems.of(e);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw ImageProblems.unprocessable();
        }
        AttributeConsent consent = guard.attributeConsent(subjectId, purpose, face, actor);
        return analysis.estimate(consent, image);
    }
}
