package io.consentry.signage;

import io.consentry.controller.Controller;
import io.consentry.controller.ControllerProfile;
import io.consentry.core.http.PublicUrl;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.policy.AccessMethod;
import io.consentry.policy.EffectivePolicy;
import io.consentry.policy.Policies;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeRef;
import io.consentry.purpose.PurposeView;
import io.consentry.retention.RetentionSchedule;
import io.consentry.site.Sites;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.RequestScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Assembles the public notice of a site (PIPL art. 17 and 26, CAC 2025 measures: a prominent notice where faces are
 * processed; BIPA: a public retention schedule). An unknown tenant, an unknown site, another tenant's site and a site
 * without a face method all get the same 404: the public address tells nothing about what exists.
 */
@RequestScoped
public class PublicSites {

    private static final String NOT_FOUND = "There is no public notice at this address: no site with face processing has it.";

    private final TenantRegistry registry;
    private final CallerTenant caller;
    private final Sites sites;
    private final Policies policies;
    private final PurposeCatalog catalog;
    private final RetentionSchedule schedule;
    private final PublicUrl publicUrl;
    private final ControllerProfile controller;

    PublicSites(TenantRegistry registry, CallerTenant caller, Sites sites, Policies policies, PurposeCatalog catalog,
                RetentionSchedule schedule, PublicUrl publicUrl, ControllerProfile controller) {
        this.controller = controller;
        this.registry = registry;
        this.caller = caller;
        this.sites = sites;
        this.policies = policies;
        this.catalog = catalog;
        this.schedule = schedule;
        this.publicUrl = publicUrl;
    }

    public SiteNotice notice(String tenantSlug, String siteId) {
        Tenant tenant = enter(tenantSlug);
        UUID id = parse(siteId);
        Sites.SiteRef site = sites.find(id).orElseThrow(PublicSites::notFound);
        EffectivePolicy policy = policies.effective(id);
        List<SiteNotice.FaceProcessing> face = policy.methods().stream().filter(AccessMethod::biometric).sorted()
                .map(m -> processing(m, policy.purposeOf(m))).toList();
        if (face.isEmpty()) {
            throw notFound();
        }
        String base = publicUrl.base();
        return new SiteNotice(tenant.slug, site.name(), controllerContact(tenant), face, policy.alternatives(),
                pageUrl(base, tenant.slug, id), base + "/consent/" + tenant.slug, schedule.inactiveAfterDays(), schedule.maxDays());
    }

    /** The address of a site's public page: what signs link to. */
    public static String pageUrl(String base, String tenantSlug, UUID siteId) {
        return base + "/public/" + tenantSlug + "/sites/" + siteId;
    }

    /**
     * Where the controller's contact is assembled for every public page and sign: the tenant's controller profile (the
     * one its notices and receipts name); a profile not yet filled in shows the tenant's name only.
     */
    SiteNotice.ControllerContact controllerContact(Tenant tenant) {
        Controller c = controller.current();
        String name = c.name() == null || c.name().isBlank() ? tenant.displayName : c.name();
        return new SiteNotice.ControllerContact(name, c.address(), c.email(), c.phone());
    }

    private SiteNotice.FaceProcessing processing(AccessMethod method, Optional<PurposeRef> purpose) {
        Optional<PurposeView> view = purpose.flatMap(p -> catalog.byId(p.id()));
        if (view.isEmpty()) {
            return new SiteNotice.FaceProcessing(method, null, null, null, null, null, null);
        }
        PurposeView p = view.get();
        java.util.Map<String, String> titles = new java.util.HashMap<>();
        if (p.notice() != null && p.notice().content() != null) {
            p.notice().content().texts().forEach((language, texts) -> titles.put(language, texts.title()));
        }
        return new SiteNotice.FaceProcessing(method, p.title(), titles, p.notice() == null ? null : p.notice().rendered(),
                p.notice() == null ? null : p.notice().language(), p.notice() == null ? null : p.notice().version(), p.retentionDays());
    }

    /** Binds the request to the tenant of the path; a signed-in user of another tenant learns nothing either. */
    private Tenant enter(String slug) {
        Tenant tenant = registry.findBySlug(slug).filter(t -> t.status == TenantStatus.ACTIVE).orElseThrow(PublicSites::notFound);
        Optional<Tenant> current = caller.tenant();
        if (current.isPresent()) {
            if (!current.get().id.equals(tenant.id)) {
                throw notFound();
            }
        } else if (caller.issuer().isPresent() && !caller.isPlatform()) {
            throw notFound();
        } else {
            caller.assume(tenant);
        }
        return tenant;
    }

    private static UUID parse(String siteId) {
        try {
            return UUID.fromString(siteId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return new ApiException(ProblemCode.PUBLIC_PAGE_NOT_FOUND, NOT_FOUND);
    }
}
