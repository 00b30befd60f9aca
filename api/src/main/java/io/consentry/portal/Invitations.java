package io.consentry.portal;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.mail.MailAddresses;
import io.consentry.core.mail.MailMessage;
import io.consentry.core.mail.MailOutbox;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.subject.SubjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The portal's facade for admins: inviting a subject and revoking their personal link, audited. Only the subject can
 * redeem an invitation, because it travels through a channel the admin does not read:
 * <ul>
 *   <li>EMAIL — the link is mailed to the subject's contact address; the admin learns only that it was sent;</li>
 *   <li>LETTER — a printable link and QR code for handing over in person; redeeming it needs a one-time code that is
 *       mailed to the subject's contact address at that moment, so the letter alone opens nothing.</li>
 * </ul>
 * No answer to an admin contains a token that opens the portal.
 */
@ApplicationScoped
public class Invitations {

    public enum Channel { EMAIL, LETTER }

    private final PortalTokens tokens;
    private final SubjectDirectory subjects;
    private final MailOutbox mail;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final String publicUrl;

    Invitations(PortalTokens tokens, SubjectDirectory subjects, MailOutbox mail, AuditTrail audit, CallerTenant caller,
                io.consentry.core.http.PublicUrl publicUrl) {
        this.tokens = tokens;
        this.subjects = subjects;
        this.mail = mail;
        this.audit = audit;
        this.caller = caller;
        this.publicUrl = publicUrl.base();
    }

    /**
     * An invitation as the admin sees it: where it went (masked) and until when, never a token that opens the portal.
     *
     * @param contactVerified whether the subject had proved they read mail at that address (false right after an admin
     *                        changed it)
     * @param letter          only for LETTER: what to print or show
     */
    public record Invitation(UUID id, UUID subjectId, Channel channel, String sentTo, boolean contactVerified,
                             Instant expiresAt, Letter letter) {
    }

    /**
     * A letter to print or show in person. Its link is useless without the code that is mailed to the subject's
     * contact when the link is opened.
     */
    public record Letter(String link, String qrPngBase64, String note) {
    }

    /** An invitation in the admin's list: no token, no code. */
    public record InvitationInfo(UUID id, String channel, String createdBy, Instant createdAt, Instant expiresAt,
                                 Instant redeemedAt, Instant revokedAt, String status) {
    }

    /**
     * Why someone is invited, which sets what the mail says: a subject to decide for themselves, a guardian to decide
     * for the minor named, or a subject who has just reached the age of consent.
     */
    public record Occasion(String kind, String wardName) {
        public static final Occasion SUBJECT = new Occasion("subject", null);
        public static final Occasion CAME_OF_AGE = new Occasion("came-of-age", null);

        public static Occasion guardianOf(String wardName) {
            return new Occasion("guardian", wardName);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Invitation invite(UUID subjectId, Actor by, Duration ttl, Channel channel) {
        return invite(subjectId, by, ttl, channel, Occasion.SUBJECT);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Invitation invite(UUID subjectId, Actor by, Duration ttl, Channel channel, Occasion occasion) {
        SubjectDirectory.Contact contact = subjects.contactOf(subjectId).orElseThrow(() ->
                new ApiException(ProblemCode.CONTACT_REQUIRED, "This subject has no contact address. Invitations reach the "
                        + "subject through it (by mail, or as the code a printed letter needs): set one first."));
        String slug = caller.require().slug;
        PortalTokens.Issued issued = tokens.issueInvitation(subjectId, by.id(), ttl,
                channel == Channel.EMAIL ? PortalToken.Channel.EMAIL : PortalToken.Channel.LETTER,
                channel == Channel.EMAIL ? contact.address() : null);
        String link = publicUrl + "/consent/" + slug + "#invitation=" + issued.token();
        String masked = MailAddresses.mask(contact.address());
        Letter letter = null;
        if (channel == Channel.EMAIL) {
            mail.queue(switch (occasion.kind()) {
                case "guardian" -> guardianMail(contact.address(), link, issued.expiresAt(), occasion.wardName());
                case "came-of-age" -> cameOfAgeMail(contact.address(), link, issued.expiresAt());
                default -> invitationMail(contact.address(), link, issued.expiresAt());
            }, "invitation");
        } else {
            letter = new Letter(link, Base64.getEncoder().encodeToString(QrCodes.png(link, 320)),
                    "Opening this link mails a one-time code to " + masked + "; only with that code does it open the portal.");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("invitationId", issued.id().toString());
        details.put("channel", channel.name());
        details.put("contact", masked);
        details.put("contactVerified", Boolean.toString(contact.verified()));
        details.put("expiresAt", issued.expiresAt().toString());
        details.put("occasion", occasion.kind());
        audit.append(new AuditEvent(by, "invitation.created", subjectId.toString(), null, AuditOutcome.OK, details));
        return new Invitation(issued.id(), subjectId, channel, masked, contact.verified(), issued.expiresAt(), letter);
    }

    @Transactional
    public List<InvitationInfo> list(UUID subjectId) {
        Instant now = Instant.now();
        return tokens.invitations(subjectId).stream().map(t -> new InvitationInfo(t.id, t.channel == null ? null : t.channel.name(),
                t.createdBy, t.createdAt, t.expiresAt, t.redeemedAt, t.revokedAt,
                t.redeemedAt != null ? "REDEEMED" : t.revokedAt != null ? "REVOKED" : !t.expiresAt.isAfter(now) ? "EXPIRED" : "OPEN"))
                .toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int revokePersonalLinks(UUID subjectId, Actor by) {
        int revoked = tokens.revokePersonalLinks(subjectId);
        audit.append(new AuditEvent(by, "personal-link.revoked", subjectId.toString(), null, AuditOutcome.OK, Map.of()));
        return revoked;
    }

    private MailMessage invitationMail(String to, String link, Instant expiresAt) {
        String tenant = caller.require().displayName;
        String text = """
                %s invites you to decide whether, and for what, your face may be used.

                Each use (a purpose) is explained and decided separately; nothing is decided for you, and refusing
                changes nothing about how you get in: a PIN, a card, a QR code or the guard always remain.

                Open your consent portal (valid until %s, once):
                %s

                If you did not expect this, ignore it: nothing happens unless you decide.

                %s 邀请您决定是否以及为何种目的使用您的人脸信息。每个目的单独说明、单独决定；拒绝不会影响您的通行方式。
                请在 %s 之前打开上面的链接（仅可使用一次）。
                """.formatted(tenant, expiresAt, link, tenant, expiresAt);
        return new MailMessage(to, "Your consent, your decision: " + tenant + " / 您的同意由您决定", text, List.of());
    }

    /** Minors: the guardian decides for the child, in their own portal session. */
    private MailMessage guardianMail(String to, String link, Instant expiresAt, String wardName) {
        String tenant = caller.require().displayName;
        String text = """
                %s asks you, as the guardian of %s, to decide whether, and for what, their face may be used.

                Below the age of consent a child does not decide this alone: you decide for them, one use (purpose) at
                a time, and you can withdraw at any time. Refusing changes nothing about how the child gets in.

                Open the consent portal (valid until %s, once):
                %s

                %s 请您作为 %s 的监护人，决定是否以及为何种目的使用其人脸信息。每个目的单独决定，可随时撤回；拒绝不会影响其通行方式。
                请在 %s 之前打开上面的链接（仅可使用一次）。
                """.formatted(tenant, wardName, expiresAt, link, tenant, wardName, expiresAt);
        return new MailMessage(to, "Guardian consent for " + wardName + ": " + tenant + " / 监护人同意", text, List.of());
    }

    /** Minors: the subject reached the age of consent and now decides for themselves. */
    private MailMessage cameOfAgeMail(String to, String link, Instant expiresAt) {
        String tenant = caller.require().displayName;
        String text = """
                You have reached the age at which you decide for yourself whether, and for what, %s may use your face.

                Until now your guardian decided for you. Their decisions stay as they are until you change them: open
                your consent portal to see each one, and grant, refuse or withdraw as you choose.

                Open your consent portal (valid until %s, once):
                %s

                您已达到可以自行决定的年龄。监护人此前所作的决定在您更改之前继续有效；请在 %s 之前打开上面的链接查看并作出您自己的决定。
                """.formatted(tenant, expiresAt, link, expiresAt);
        return new MailMessage(to, "You decide now: " + tenant + " / 现在由您决定", text, List.of());
    }
}
