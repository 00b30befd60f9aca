package io.consentry.policy;

import io.consentry.gallery.IdentificationOutlook;
import io.consentry.core.engine.MatchCalibration;

import io.consentry.core.problem.ProblemCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeRef;
import io.consentry.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads and saves site policies; the decision endpoints read them through {@link #effective(UUID)}. */
@ApplicationScoped
public class Policies {

    /** A new site can be entered without a face from the start; face methods are switched on deliberately. */
    static final Set<AccessMethod> DEFAULT_METHODS = EnumSet.of(AccessMethod.PIN, AccessMethod.QR, AccessMethod.CARD, AccessMethod.GUARD);

    private final Sites sites;
    private final PurposeCatalog catalog;
    private final PolicyRules rules;
    private final MatchCalibration calibration;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final IdentificationOutlook outlook;

    Policies(Sites sites, PurposeCatalog catalog, PolicyRules rules, MatchCalibration calibration, ObjectMapper json,
             AuditTrail audit, CallerTenant caller, IdentificationOutlook outlook) {
        this.outlook = outlook;
        this.sites = sites;
        this.catalog = catalog;
        this.rules = rules;
        this.calibration = calibration;
        this.json = json;
        this.audit = audit;
        this.caller = caller;
    }

    void onSiteCreated(@Observes Sites.SiteCreated created) {
        SitePolicy policy = new SitePolicy();
        policy.siteId = created.siteId();
        write(policy, rules.check(PolicyRequest.withoutFace(DEFAULT_METHODS)));
        policy.persist();
    }

    @Transactional
    public PolicyView get(UUID siteId) {
        return view(require(siteId));
    }

    @Transactional
    public PolicyView save(UUID siteId, PolicyRequest request) {
        SitePolicy policy = require(siteId);
        refuseFaceInPrivateSpace(siteId, request);
        PolicyRules.Checked checked = rules.check(request);
        write(policy, checked);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("site", siteId.toString());
        details.put("methods", policy.methods);
        details.put("faceClaimTypes", policy.faceClaimTypes);
        details.put("verificationPurpose", code(policy.verificationPurposeId));
        details.put("identificationPurpose", code(policy.identificationPurposeId));
        details.put("livenessRequired", Boolean.toString(policy.livenessRequired));
        details.put("livenessThreshold", Double.toString(policy.livenessThreshold));
        details.put("targetFar", Double.toString(policy.targetFar));
        details.put("targetFpir", String.valueOf(policy.targetFpir));
        details.put("maxFnir", String.valueOf(policy.maxFnir));
        details.put("faceAttempts", Integer.toString(policy.faceAttempts));
        details.put("openingHours", policy.openingHours == null ? "always" : policy.openingHours);
        audit.append(new AuditEvent(Actor.user(caller.username()), "policy.updated", null, null, AuditOutcome.OK, details));
        return view(policy);
    }

    /** No face method in a private space (room, toilet, changing area…): CAC face-recognition measures, 2025. */
    private void refuseFaceInPrivateSpace(UUID siteId, PolicyRequest request) {
        if (request.methods() == null || request.methods().stream().noneMatch(AccessMethod::biometric)) {
            return;
        }
        if (sites.privateSpace(siteId).orElse(false)) {
            throw new ApiException(ProblemCode.PRIVATE_SPACE_NO_FACE, "This site is a private space ("
                    + sites.category(siteId).map(Enum::name).orElse("private") + "): face recognition may not run there, so "
                    + "its policy cannot allow FACE_1_1 or FACE_1_N. Use PIN, QR, card or a guard.");
        }
    }

    @Transactional
    public EffectivePolicy effective(UUID siteId) {
        SitePolicy p = require(siteId);
        ZoneId zone = sites.find(siteId).map(Sites.SiteRef::zone).orElse(ZoneId.of("UTC"));
        Set<AccessMethod> methods = methods(p);
        // Every FACE_1_N policy has a target FPIR since tenant migration V30; a row written by hand gets the default.
        Double fpir = p.targetFpir;
        if (fpir == null && methods.contains(AccessMethod.FACE_1_N)) {
            fpir = PolicyRules.DEFAULT_FPIR;
        }
        return new EffectivePolicy(p.siteId, methods, claims(p), live(p.verificationPurposeId), live(p.identificationPurposeId),
                p.livenessRequired, p.livenessThreshold, p.targetFar, fpir, p.maxFnir, p.faceAttempts, hours(p), zone);
    }

    /** Where a face method runs under a purpose: the sites per purpose id (what the portal shows each subject). */
    public record SiteUse(UUID purposeId, UUID siteId, String siteName, AccessMethod method) {
    }

    /** Every site whose policy allows a face method under a live purpose, by purpose. */
    @Transactional
    public List<SiteUse> faceSitesByPurpose() {
        List<SiteUse> out = new java.util.ArrayList<>();
        for (SitePolicy p : SitePolicy.<SitePolicy>listAll()) {
            Set<AccessMethod> methods = methods(p);
            String name = sites.find(p.siteId).map(Sites.SiteRef::name).orElse(null);
            if (name == null) {
                continue;
            }
            if (methods.contains(AccessMethod.FACE_1_1) && live(p.verificationPurposeId) != null) {
                out.add(new SiteUse(p.verificationPurposeId, p.siteId, name, AccessMethod.FACE_1_1));
            }
            if (methods.contains(AccessMethod.FACE_1_N) && live(p.identificationPurposeId) != null) {
                out.add(new SiteUse(p.identificationPurposeId, p.siteId, name, AccessMethod.FACE_1_N));
            }
        }
        return out;
    }

    private PurposeRef live(UUID purposeId) {
        return purposeId == null ? null : catalog.liveRef(purposeId).orElse(null);
    }

    private String code(UUID purposeId) {
        PurposeRef live = live(purposeId);
        return live == null ? "none" : live.code();
    }

    private SitePolicy require(UUID siteId) {
        if (sites.find(siteId).isEmpty()) {
            throw new ApiException(ProblemCode.SITE_NOT_FOUND, "There is no site " + siteId + " in this tenant.");
        }
        SitePolicy policy = SitePolicy.findById(siteId);
        if (policy == null) {
            // Sites always get a policy on creation; this covers rows created by hand.
            policy = new SitePolicy();
            policy.siteId = siteId;
            write(policy, rules.check(PolicyRequest.withoutFace(DEFAULT_METHODS)));
            policy.persist();
        }
        return policy;
    }

    private void write(SitePolicy policy, PolicyRules.Checked c) {
        policy.methods = PolicyRules.join(c.methods());
        policy.faceClaimTypes = PolicyRules.join(c.claimTypes());
        policy.verificationPurposeId = c.verificationPurposeId();
        policy.identificationPurposeId = c.identificationPurposeId();
        policy.livenessRequired = c.livenessRequired();
        policy.livenessThreshold = c.livenessThreshold();
        policy.targetFar = c.targetFar();
        policy.targetFpir = c.targetFpir();
        policy.maxFnir = c.maxFnir();
        policy.faceAttempts = c.faceAttempts();
        try {
            policy.openingHours = c.openingHours().isEmpty() ? null : json.writeValueAsString(c.openingHours());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Opening hours could not be written", e);
        }
        policy.updatedAt = Instant.now();
    }

    private PolicyView view(SitePolicy p) {
        Set<AccessMethod> methods = methods(p);
        PurposeRef verification = live(p.verificationPurposeId);
        PurposeRef identification = live(p.identificationPurposeId);
        // What identification can promise for the gallery of this site's purpose as it is now.
        IdentificationOutlook.Outlook outlook = methods.contains(AccessMethod.FACE_1_N) && p.targetFpir != null && identification != null
                ? this.outlook.now(identification.id(), p.targetFpir, p.maxFnir) : null;
        return new PolicyView(p.siteId, methods, claims(p), verification == null ? null : verification.code(),
                identification == null ? null : identification.code(), p.livenessRequired, p.livenessThreshold, p.targetFar,
                calibration.threshold(p.targetFar).orElse(Float.NaN), p.targetFpir, p.maxFnir, outlook, calibration.packId(),
                p.faceAttempts, hours(p), p.updatedAt);
    }

    /**
     * Sites whose policy identifies (FACE_1_N) under a live purpose, with their target rates: the dashboard's outlook as
     * each purpose's gallery grows.
     */
    public record IdentifyingSite(UUID siteId, UUID purposeId, double targetFpir, Double maxFnir) {
    }

    @Transactional
    public List<IdentifyingSite> identifyingSites() {
        return SitePolicy.<SitePolicy>list("targetFpir is not null").stream()
                .filter(p -> methods(p).contains(AccessMethod.FACE_1_N) && live(p.identificationPurposeId) != null)
                .map(p -> new IdentifyingSite(p.siteId, p.identificationPurposeId, p.targetFpir, p.maxFnir)).toList();
    }

    private static Set<AccessMethod> methods(SitePolicy p) {
        return Arrays.stream(p.methods.split(",")).filter(s -> !s.isBlank()).map(AccessMethod::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AccessMethod.class)));
    }

    private static Set<ClaimType> claims(SitePolicy p) {
        return Arrays.stream(p.faceClaimTypes.split(",")).filter(s -> !s.isBlank()).map(ClaimType::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClaimType.class)));
    }

    private List<OpeningWindow> hours(SitePolicy p) {
        if (p.openingHours == null) {
            return List.of();
        }
        try {
            return json.readValue(p.openingHours, new TypeReference<List<OpeningWindow>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored opening hours of site " + p.siteId + " are unreadable", e);
        }
    }
}
