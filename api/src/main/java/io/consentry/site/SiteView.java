package io.consentry.site;

import java.time.Instant;
import java.util.UUID;

/** @param privateSpace the category is a private space: no face method may run here */
public record SiteView(UUID id, String name, String description, String timeZone, Instant createdAt, Instant updatedAt,
                       SiteCategory category, boolean privateSpace) {

    static SiteView of(Site site) {
        return new SiteView(site.id, site.name, site.description, site.timeZone, site.createdAt, site.updatedAt,
                site.category, site.category.privateSpace());
    }
}
