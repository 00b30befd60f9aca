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
    private final PolicyRules rules;
    private final MatchCalibration calibration;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final IdentificationOutlook outlook;

    Policies(Sites sites, PolicyRules rules, MatchCalibration calibration, ObjectMapper json, AuditTrail audit,
             CallerTenant caller, IdentificationOutlook outlook) {
        this.outlook = outlook;
        this.sites = sites;
        this.rules = rules;
        this.calibration = calibration;
        this.json = json;
        this.audit = audit;
        this.caller = caller;
    }

    void onSiteCreated(@Observes Sites.SiteCreated created) {
        SitePolicy policy = new SitePolicy();
        policy.siteId = created.siteId();
        write(policy, rules.check(new PolicyRequest(DEFAULT_METHODS, null, false, null, null, null, null, null, null)));
        policy.persist();
    }

    @Transactional
    public PolicyView get(UUID siteId) {
        return view(require(siteId));
    }

    @Transactional
    public PolicyView save(UUID siteId, PolicyRequest request) {
        PolicyRules.Checked checked = rules.check(request);
        SitePolicy policy = require(siteId);
        write(policy, checked);
        audit.append(new AuditEvent(Actor.user(caller.username()), "policy.updated", null, null, AuditOutcome.OK, Map.of(
                "site", siteId.toString(), "methods", policy.methods, "faceClaimTypes", policy.faceClaimTypes,
                "livenessRequired", Boolean.toString(policy.livenessRequired),
                "livenessThreshold", Double.toString(policy.livenessThreshold), "targetFar", Double.toString(policy.targetFar),
                "targetFpir", String.valueOf(policy.targetFpir), "maxFnir", String.valueOf(policy.maxFnir),
                "faceAttempts", Integer.toString(policy.faceAttempts), "openingHours", policy.openingHours == null ? "always" : policy.openingHours)));
        return view(policy);
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
        return new EffectivePolicy(p.siteId, methods, claims(p), p.livenessRequired, p.livenessThreshold, p.targetFar,
                fpir, p.maxFnir, p.faceAttempts, hours(p), zone);
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
            write(policy, rules.check(new PolicyRequest(DEFAULT_METHODS, null, false, null, null, null, null, null, null)));
            policy.persist();
        }
        return policy;
    }

    private void write(SitePolicy policy, PolicyRules.Checked c) {
        policy.methods = PolicyRules.join(c.methods());
        policy.faceClaimTypes = PolicyRules.join(c.claimTypes());
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
        IdentificationOutlook.Outlook identification = methods.contains(AccessMethod.FACE_1_N) && p.targetFpir != null
                ? outlook.now(p.targetFpir, p.maxFnir) : null;
        return new PolicyView(p.siteId, methods, claims(p), p.livenessRequired, p.livenessThreshold, p.targetFar,
                calibration.threshold(p.targetFar).orElse(Float.NaN), p.targetFpir, p.maxFnir, identification,
                calibration.packId(), p.faceAttempts, hours(p), p.updatedAt);
    }

    /** Sites whose policy identifies (FACE_1_N), with their target rates: the dashboard's outlook as the gallery grows. */
    public record IdentifyingSite(UUID siteId, double targetFpir, Double maxFnir) {
    }

    @Transactional
    public List<IdentifyingSite> identifyingSites() {
        return SitePolicy.<SitePolicy>list("targetFpir is not null").stream()
                .filter(p -> methods(p).contains(AccessMethod.FACE_1_N))
                .map(p -> new IdentifyingSite(p.siteId, p.targetFpir, p.maxFnir)).toList();
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
