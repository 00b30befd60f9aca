package io.consentry.policy;

import io.consentry.site.FaceUseOnSite;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Tells the site feature which face methods a site's policy allows (a private space must have none). */
@ApplicationScoped
class FaceMethodsOnSite implements FaceUseOnSite {

    @Override
    public Set<String> faceMethods(UUID siteId) {
        SitePolicy policy = SitePolicy.findById(siteId);
        if (policy == null) {
            return Set.of();
        }
        return java.util.Arrays.stream(policy.methods.split(",")).filter(s -> !s.isBlank()).map(AccessMethod::valueOf)
                .filter(AccessMethod::biometric).map(Enum::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
