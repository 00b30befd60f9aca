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

    /**
     * How the subject reached us, recorded with each consent decision: "portal:session:email-link" (an invitation
     * mailed to them), "portal:session:letter-code" (a letter redeemed with a code mailed to them) or "portal:personal"
     * (their long-lived personal link).
     */
    public String channel() {
        String channel = identity.getAttribute(CHANNEL_ATTRIBUTE);
        return channel == null ? "portal" : channel;
    }

    /**
     * Whether this request comes from a session opened with an invitation just now (its link or code reached the
     * subject's address), as opposed to the long-lived personal link, which anyone who got hold of it could use.
     */
    public boolean freshInvitation() {
        return channel().startsWith("portal:session");
    }
}
