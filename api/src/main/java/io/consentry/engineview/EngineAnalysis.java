package io.consentry.engineview;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Analysis;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the engine on an admin's test photo: every face (up to the engine's limit), quality and liveness, but no
 * template — nothing that could identify anyone is computed — and no attribute analysis. The engine runs outside any
 * transaction so the tenant's audit lock is not held meanwhile; the audit entry follows in its own.
 */
@ApplicationScoped
public class EngineAnalysis {

    static final String ACTION = "engine.analysis";

    private final FaceEngine engine;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final int maxImageBytes;
    private final io.consentry.core.engine.DecodeBudget budget;

    EngineAnalysis(FaceEngine engine, AuditTrail audit, CallerTenant caller,
                   @ConfigProperty(name = "consentry.engineview.max-image-bytes", defaultValue = "10485760") int maxImageBytes,
                   io.consentry.core.engine.DecodeBudget budget) {
        this.budget = budget;
        this.engine = engine;
        this.audit = audit;
        this.caller = caller;
        this.maxImageBytes = maxImageBytes;
    }

    public AnalysisView analyse(byte[] image) {
        if (image == null || image.length == 0) {
            throw new ApiException(ProblemCode.IMAGE_REQUIRED, "Send the test photo as the request body (JPEG, PNG, BMP or WebP).");
        }
        if (image.length > maxImageBytes) {
            throw ImageProblems.tooLarge("The image has " + image.length + " bytes; at most " + maxImageBytes + " are accepted.");
        }
        Analysis analysis;
        try {
            analysis = budget.run(image, () -> engine.analyze(image, AnalyzeOptions.defaults().withTemplate(false).withLiveness(true)));
        } catch (ApiException e) {
            record(AuditOutcome.refused(e.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw e;
        } catch (FaceEngineException e) {
            ApiException problem = ImageProblems.of(e);
            record(AuditOutcome.refused(problem.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw problem;
        } catch (RuntimeException | LinkageError e) {
            // A native failure on hostile input must not become a 500 or take the process down.
            ApiException problem = ImageProblems.unprocessable();
            record(AuditOutcome.refused(problem.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw problem;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("faces", Integer.toString(analysis.faces().size()));
        details.put("width", Integer.toString(analysis.width()));
        details.put("height", Integer.toString(analysis.height()));
        details.put("pack", engine.pack().id());
        record(AuditOutcome.OK, details);
        return AnalysisView.of(analysis, engine.pack().id(), engine.livenessThreshold());
    }

    /** Counts and sizes only: the image and anything derived from a face stay out of the log. */
    private void record(String outcome, Map<String, String> details) {
        QuarkusTransaction.requiringNew().run(() ->
                audit.append(new AuditEvent(Actor.user(caller.username()), ACTION, null, null, outcome, details)));
    }
}
