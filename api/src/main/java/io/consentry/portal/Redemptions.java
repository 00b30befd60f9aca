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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subject redeems an invitation. A mailed link proves that whoever opens it reads the subject's mail; a letter
 * does not, so it is redeemed in two steps: without a code, a one-time code is mailed to the subject's contact address;
 * with the right code, the session opens. Wrong codes are counted and revoke the letter after a few. The audit records
 * the channel and the contact check of every session, and whether the address had been verified before.
 */
@ApplicationScoped
public class Redemptions {

    private final PortalTokens tokens;
    private final SubjectDirectory subjects;
    private final MailOutbox mail;
    private final AuditTrail audit;
    private final CallerTenant caller;
    private final int maxSends;
    private final int maxFailures;

    Redemptions(PortalTokens tokens, SubjectDirectory subjects, MailOutbox mail, AuditTrail audit, CallerTenant caller,
                @ConfigProperty(name = "consentry.portal.contact-code-max-sends", defaultValue = "5") int maxSends,
                @ConfigProperty(name = "consentry.portal.contact-code-max-failures", defaultValue = "5") int maxFailures) {
        this.tokens = tokens;
        this.subjects = subjects;
        this.mail = mail;
        this.audit = audit;
        this.caller = caller;
        this.maxSends = maxSends;
        this.maxFailures = maxFailures;
    }

    /** Either a session, or (for a letter without its code yet) where the code was sent. */
    public sealed interface Outcome permits Opened, CodeSent {
    }

    public record Opened(PortalTokens.Issued session) implements Outcome {
    }

    public record CodeSent(String sentTo, Instant codeExpiresAt) implements Outcome {
    }

    /**
     * Wrong codes are counted even though the request fails, so the transaction commits on a refusal (a refusal
     * writes nothing else).
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Outcome redeem(String invitation, String contactCode) {
        PortalToken token = tokens.openInvitation(invitation);
        if (token.channel == PortalToken.Channel.EMAIL) {
            return open(token, PortalToken.Channel.EMAIL_LINK, "link-mailed-to-contact", token.sentTo);
        }
        if (token.channel != PortalToken.Channel.LETTER) {
            throw new ApiException(ProblemCode.INVITATION_INVALID, io.consentry.core.security.PortalTokenVerifier.INVALID_INVITATION);
        }
        if (contactCode == null || contactCode.isBlank()) {
            return sendCode(token);
        }
        if (!tokens.contactCodeMatches(token, contactCode)) {
            token.contactCodeFailures++;
            int left = maxFailures - token.contactCodeFailures;
            if (left <= 0) {
                token.revokedAt = Instant.now();
            }
            record(Actor.system("portal"), "portal.contact-code.refused", token, Map.of("failures",
                    Integer.toString(token.contactCodeFailures), "invitationRevoked", Boolean.toString(left <= 0)));
            throw new ApiException(ProblemCode.CONTACT_CODE_INVALID, left <= 0
                    ? "That code is wrong; no tries are left and this letter no longer opens the portal. Ask for a new invitation."
                    : "That code is wrong or expired (" + left + " tries left). Send the letter's link without a code to get a new one.");
        }
        return open(token, PortalToken.Channel.LETTER_CODE, "code-mailed-to-contact", token.sentTo);
    }

    private Outcome sendCode(PortalToken token) {
        if (token.contactCodeSends >= maxSends) {
            throw new ApiException(ProblemCode.CONTACT_CODE_LIMIT, "This letter has sent all the codes it may; ask for a new invitation.");
        }
        SubjectDirectory.Contact contact = subjects.contactOf(token.subjectId).orElseThrow(() ->
                new ApiException(ProblemCode.CONTACT_REQUIRED, "There is no address to send your code to; ask for a new invitation."));
        String code = tokens.newContactCode(token, contact.address());
        mail.queue(codeMail(contact.address(), code), "contact-code");
        record(Actor.system("portal"), "portal.contact-code.sent", token, Map.of("contact", MailAddresses.mask(contact.address()),
                "contactVerified", Boolean.toString(contact.verified()), "sends", Integer.toString(token.contactCodeSends)));
        return new CodeSent(MailAddresses.mask(contact.address()), token.contactCodeExpiresAt);
    }

    private Outcome open(PortalToken invitation, PortalToken.Channel channel, String contactCheck, String sentTo) {
        Optional<SubjectDirectory.Contact> contact = subjects.contactOf(invitation.subjectId);
        boolean verifiedBefore = contact.map(SubjectDirectory.Contact::verified).orElse(false);
        PortalTokens.Issued session = tokens.redeem(invitation, channel);
        // Whoever redeemed it reads mail at that address: it is the subject's, as long as it still is their contact.
        if (sentTo != null) {
            subjects.contactVerified(invitation.subjectId, sentTo);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("channel", channel.name());
        details.put("contactCheck", contactCheck);
        details.put("contact", MailAddresses.mask(sentTo));
        details.put("contactVerifiedBefore", Boolean.toString(verifiedBefore));
        details.put("sessionId", session.id().toString());
        record(Actor.subject(invitation.subjectId.toString()), "portal.session.opened", invitation, details);
        return new Opened(session);
    }

    private void record(Actor actor, String action, PortalToken invitation, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("invitationId", invitation.id.toString());
        details.putAll(extra);
        audit.append(new AuditEvent(actor, action, invitation.subjectId.toString(), null, AuditOutcome.OK, details));
    }

    private MailMessage codeMail(String to, String code) {
        String tenant = caller.require().displayName;
        String text = """
                Your code to open the consent portal of %s: %s

                Someone opened the invitation letter %s gave you. Enter this code on that page to continue; it is valid
                for a few minutes. If that was not you, do not pass the code on to anyone, and tell %s.

                您的同意门户验证码：%s。如果不是您本人在操作，请勿将验证码告诉任何人，并告知 %s。
                """.formatted(tenant, code, tenant, tenant, code, tenant);
        return new MailMessage(to, "Your code: " + code + " / 您的验证码", text, List.of());
    }
}
