package io.consentry.device;

import io.consentry.site.SiteUsage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Devices keep their site: a site with devices (revoked ones too, for their history) cannot be deleted. */
@ApplicationScoped
class DevicesOnSite implements SiteUsage {

    @Override
    public long count(UUID siteId) {
        return Device.count("siteId", siteId);
    }

    @Override
    public String description() {
        return "registered device(s), revoked ones included";
    }
}
