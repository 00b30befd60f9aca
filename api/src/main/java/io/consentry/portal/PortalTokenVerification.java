package io.consentry.portal;

import io.consentry.core.security.PortalTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;

/** The portal's answer to the security layer: a session or personal-link token of the current tenant, or a 401. */
@ApplicationScoped
class PortalTokenVerification implements PortalTokenVerifier {

    private final PortalTokens tokens;

    PortalTokenVerification(PortalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Verified verify(String token) {
        PortalToken valid = tokens.authenticate(token);
        // "session:email-link", "session:letter-code" or "personal": recorded as the channel of each decision.
        String kind = valid.kind.name().toLowerCase();
        if (valid.channel != null) {
            kind += ":" + valid.channel.name().toLowerCase().replace('_', '-');
        }
        return new Verified(valid.subjectId, kind);
    }
}
