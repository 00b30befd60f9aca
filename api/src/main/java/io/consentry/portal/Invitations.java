package io.consentry.portal;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** The portal's facade for admins: inviting a subject to the portal and revoking their personal link, audited. */
@ApplicationScoped
public class Invitations {

    private final PortalTokens tokens;
    private final AuditTrail audit;
    private final String publicUrl;

    Invitations(PortalTokens tokens, AuditTrail audit, io.consentry.core.http.PublicUrl publicUrl) {
        this.tokens = tokens;
        this.audit = audit;
        this.publicUrl = publicUrl.base();
    }

    /** An invitation as the admin receives it: link, token (shown once) and a QR code of the link. */
    public record Invitation(UUID id, UUID subjectId, String link, String token, Instant expiresAt, String qrPngBase64) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Invitation invite(String tenantSlug, UUID subjectId, Actor by, Duration ttl) {
        PortalTokens.Issued issued = tokens.issueInvitation(subjectId, by.id(), ttl);
        String link = publicUrl + "/consent/" + tenantSlug + "#invitation=" + issued.token();
        audit.append(new AuditEvent(by, "invitation.created", subjectId.toString(), null, AuditOutcome.OK,
                Map.of("invitationId", issued.id().toString(), "expiresAt", issued.expiresAt().toString())));
        return new Invitation(issued.id(), subjectId, link, issued.token(), issued.expiresAt(),
                Base64.getEncoder().encodeToString(QrCodes.png(link, 320)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int revokePersonalLinks(UUID subjectId, Actor by) {
        int revoked = tokens.revokePersonalLinks(subjectId);
        audit.append(new AuditEvent(by, "personal-link.revoked", subjectId.toString(), null, AuditOutcome.OK, Map.of()));
        return revoked;
    }
}
