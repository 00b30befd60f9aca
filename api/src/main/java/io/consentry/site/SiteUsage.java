package io.consentry.site;

import java.util.UUID;

/**
 * Something of another feature that hangs on a site (devices, with their history) and so keeps it from being deleted.
 * Features that attach records to sites implement it; the site feature asks them without knowing them.
 */
public interface SiteUsage {

    /** How many records of this kind hang on the site. */
    long count(UUID siteId);

    /** What they are, for the refusal's sentence (e.g. "registered device(s), revoked ones included"). */
    String description();
}
