package io.consentry.engineview;

import io.consentry.consent.ConsentGuard;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.ImageProblems;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Analysis;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Pick;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The engine view analyses one face only: the signed-in admin's own, from a live capture. The admin must be a subject
 * of their own tenant — the subject whose verified contact address is the verified e-mail of their realm account — with
 * an active consent to a face verification purpose and an enrolled face; the captured face must match that enrolled
 * face at the pack's strictest calibrated threshold (through the consent enforcement point). An uploaded photo of
 * other people is therefore refused: several faces (the others did not consent), or one face that is not the admin's.
 * <p>
 * Faces in a refused picture are detected and landmarked in memory only to count them — never embedded, shown, stored
 * or logged. No attribute is ever estimated here. The engine runs outside any transaction; audit entries hold counts
 * and the match score only.
 */
@ApplicationScoped
public class EngineAnalysis {

    static final String ACTION = "engine.analysis";

    private final CurrentEngine current;
    private final SubjectDirectory subjects;
    private final ConsentGuard guard;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final int maxImageBytes;
    private final io.consentry.core.engine.DecodeBudget budget;

    EngineAnalysis(CurrentEngine current, SubjectDirectory subjects, ConsentGuard guard, AuditTrail audit, CallerTenant caller,
                   @ConfigProperty(name = "consentry.engineview.max-image-bytes", defaultValue = "10485760") int maxImageBytes,
                   io.consentry.core.engine.DecodeBudget budget) {
        this.current = current;
        this.subjects = subjects;
        this.guard = guard;
        this.budget = budget;
        this.audit = audit;
        this.caller = caller;
        this.maxImageBytes = maxImageBytes;
    }

    /** The admin as a consenting subject of their tenant. */
    private record Self(SubjectRef subject, PurposeRef purpose) {
    }

    public AnalysisView analyse(byte[] image) {
        if (image == null || image.length == 0) {
            throw new ApiException(ProblemCode.IMAGE_REQUIRED, "Send the captured frame as the request body (JPEG, PNG, BMP or WebP).");
        }
        if (image.length > maxImageBytes) {
            throw ImageProblems.tooLarge("The image has " + image.length + " bytes; at most " + maxImageBytes + " are accepted.");
        }
        Self self = self();
        FaceEngine engine = current.engine();
        Analysis seen = run(() -> engine.analyze(image, AnalyzeOptions.defaults().withTemplate(false).withLiveness(false)), image, self);
        if (seen.faces().size() != 1) {
            ProblemCode code = seen.faces().isEmpty() ? ProblemCode.NO_FACE_FOUND : ProblemCode.MULTIPLE_FACES;
            record(self, AuditOutcome.refused(code.code()), Map.of("faces", Integer.toString(seen.faces().size())));
            throw new ApiException(code, seen.faces().isEmpty() ? "No face was found; face the camera in good light."
                    : seen.faces().size() + " faces are in the picture. The engine view shows only your own face: the others "
                    + "have not consented to having theirs analysed. Nothing was shown.");
        }
        Analysis mine = run(() -> engine.analyze(image, AnalyzeOptions.defaults().withPick(Pick.LARGEST).withLiveness(true)),
                image, self);
        Face face = mine.faces().get(0);
        ConsentGuard.Comparison comparison = QuarkusTransaction.requiringNew().call(() -> guard.compareWithEnrolled(
                self.subject().id(), face.template(), engine::score, actor(), self.purpose().code()));
        float threshold = current.strictestThreshold();
        if (!comparison.matches(threshold)) {
            record(self, AuditOutcome.refused(ProblemCode.FACE_NOT_VERIFIED.code()), Map.of("faces", "1"));
            throw new ApiException(ProblemCode.FACE_NOT_VERIFIED, "This face is not the one you enrolled as a subject; the "
                    + "engine view shows only your own face. Nothing was shown.");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("faces", "1");
        details.put("width", Integer.toString(mine.width()));
        details.put("height", Integer.toString(mine.height()));
        details.put("pack", engine.pack().id());
        details.put("matchScore", String.format(Locale.ROOT, "%.4f", comparison.bestScore()));
        record(self, AuditOutcome.OK, details);
        return AnalysisView.of(mine, engine.pack().id(), engine.livenessThreshold(), self.purpose().code(), comparison.bestScore());
    }

    /** The signed-in admin as a subject of this tenant with an active face verification consent, or a 403 (audited). */
    private Self self() {
        String email = caller.verifiedEmail().orElse(null);
        SubjectRef subject = email == null ? null : subjects.findByVerifiedContact(email).orElse(null);
        PurposeRef purpose = subject == null ? null
                : guard.activePurposeOfKind(subject.id(), PurposeKind.FACE_VERIFICATION).orElse(null);
        if (purpose == null) {
            QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditEvent(actor(), ACTION,
                    subject == null ? null : subject.id().toString(), null,
                    AuditOutcome.refused(ProblemCode.SELF_CONSENT_REQUIRED.code()), Map.of())));
            throw new ApiException(ProblemCode.SELF_CONSENT_REQUIRED, "The engine view analyses only your own face. Become a "
                    + "subject of this tenant with the verified e-mail address of your account, grant a face verification "
                    + "purpose in the consent portal and enrol your face there; then use your camera here.");
        }
        return new Self(subject, purpose);
    }

    private Analysis run(java.util.function.Supplier<Analysis> analysis, byte[] image, Self self) {
        try {
            return budget.run(image, analysis);
        } catch (ApiException e) {
            // Too large for the decode budget, or the budget stayed full (engine_busy).
            record(self, AuditOutcome.refused(e.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw e;
        } catch (FaceEngineException e) {
            ApiException problem = ImageProblems.of(e);
            record(self, AuditOutcome.refused(problem.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw problem;
        } catch (RuntimeException | LinkageError e) {
            // A native failure on hostile input must not become a 500 or take the process down.
            ApiException problem = ImageProblems.unprocessable();
            record(self, AuditOutcome.refused(problem.code().code()), Map.of("bytes", Integer.toString(image.length)));
            throw problem;
        }
    }

    private Actor actor() {
        return Actor.user(caller.username());
    }

    /** Counts, sizes and the match score only: the image and anything derived from a face stay out of the log. */
    private void record(Self self, String outcome, Map<String, String> details) {
        UUID subject = self.subject().id();
        QuarkusTransaction.requiringNew().run(() ->
                audit.append(new AuditEvent(actor(), ACTION, subject.toString(), self.purpose().code(), outcome, details)));
    }
}
