package io.consentry.core.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * The data subject behind a portal request, as authenticated by {@link PortalAuthenticationMechanism}. Resources
 * guarded by {@code @RolesAllowed(PortalSubject.ROLE)} read the subject from here instead of from a header.
 */
@RequestScoped
public class PortalSubject {

    /** The role every portal identity has, and only portal identities have. */
    public static final String ROLE = "portal-subject";

    static final String TENANT_ATTRIBUTE = "consentry.portal.tenant";
    static final String SUBJECT_ATTRIBUTE = "consentry.portal.subject";
    static final String CHANNEL_ATTRIBUTE = "consentry.portal.channel";

    private final SecurityIdentity identity;

    PortalSubject(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The subject's id; only call on routes that require {@link #ROLE}. */
    public UUID id() {
        UUID subject = identity.getAttribute(SUBJECT_ATTRIBUTE);
        if (subject == null) {
            throw new IllegalStateException("Not a portal request");
        }
        return subject;
    }

    /** How the subject reached us ("portal:session" or "portal:personal"), recorded with each consent decision. */
    public String channel() {
        String channel = identity.getAttribute(CHANNEL_ATTRIBUTE);
        return channel == null ? "portal" : channel;
    }
}
