package io.consentry.site;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Create or rename a site. The time zone defaults to UTC. */
public record SiteRequest(@NotBlank @Size(max = 200) String name,
                          @Size(max = 1000) String description,
                          @Size(max = 64) String timeZone) {
}
