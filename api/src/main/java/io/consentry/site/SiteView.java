package io.consentry.site;

import java.time.Instant;
import java.util.UUID;

public record SiteView(UUID id, String name, String description, String timeZone, Instant createdAt, Instant updatedAt) {

    static SiteView of(Site site) {
        return new SiteView(site.id, site.name, site.description, site.timeZone, site.createdAt, site.updatedAt);
    }
}
