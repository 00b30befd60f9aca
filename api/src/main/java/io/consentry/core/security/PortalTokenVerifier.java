package io.consentry.core.security;

import java.util.UUID;

/**
 * Checks a subject's portal token (a session from an invitation, or the personal "manage my consents" link) in the
 * tenant the request is bound to. The portal feature implements it; the security layer only knows this contract.
 */
public interface PortalTokenVerifier {

    /** The one answer to a portal link that is not valid here, whatever the reason (unknown tenant included). */
    String INVALID_LINK = "This link is not valid for this tenant. Open your invitation again or use your personal link.";
    /** The one answer to an invitation that is not valid here, whatever the reason (unknown tenant included). */
    String INVALID_INVITATION = "This invitation is not valid for this tenant.";

    /** Who a valid token stands for, and through which kind of token (recorded as the consent channel). */
    record Verified(UUID subjectId, String kind) {
    }

    /**
     * @throws io.consentry.core.problem.ApiException 401 with the reason (invalid, revoked, expired) when the token is
     *                                                not valid in the current tenant
     */
    Verified verify(String token);
}
