package io.consentry.site;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Create or rename a site. The time zone defaults to UTC.
 *
 * @param category what kind of place it is; on creation it defaults to OTHER_PUBLIC, on update an omitted category
 *                 stays as it was. A private-space category refuses face methods.
 */
public record SiteRequest(@NotBlank @Size(max = 200) String name,
                          @Size(max = 1000) String description,
                          @Size(max = 64) String timeZone,
                          SiteCategory category) {
}
