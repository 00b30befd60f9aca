package io.consentry.site;

import java.util.Set;
import java.util.UUID;

/**
 * The face methods another feature runs at a site (the policy feature's face methods). The site feature asks it before
 * a site becomes a private space, without knowing the policy feature.
 */
public interface FaceUseOnSite {

    /** The names of the face methods the site uses now; empty when none. */
    Set<String> faceMethods(UUID siteId);
}
