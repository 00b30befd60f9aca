package io.consentry.notification;

import io.consentry.core.mail.MailAddresses;
import io.consentry.core.mail.MailMessage;
import io.consentry.core.mail.MailOutbox;
import io.consentry.core.security.CallerTenant;
import io.consentry.subject.SubjectDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Notices to data subjects, queued in the transaction that records what they announce (through the mail outbox), in
 * English and Chinese. Each method answers the masked address it wrote to (for the caller's audit entry), or
 * {@code "none"} when the subject has no address.
 */
@ApplicationScoped
public class SubjectNotices {

    public static final String NONE = "none";

    private final SubjectDirectory subjects;
    private final MailOutbox outbox;
    private final CallerTenant caller;
    private final String publicUrl;

    SubjectNotices(SubjectDirectory subjects, MailOutbox outbox, CallerTenant caller, io.consentry.core.http.PublicUrl publicUrl) {
        this.subjects = subjects;
        this.outbox = outbox;
        this.caller = caller;
        this.publicUrl = publicUrl.base();
    }

    /** A consent recorded or ended in the subject's name, with its signed receipt (JSON) when there is one. */
    public record ConsentFacts(String purposeCode, String purposeTitle, String event, int noticeVersion, Instant at,
                               String channel, UUID receiptId, byte[] signedReceipt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public String consentRecorded(UUID subjectId, ConsentFacts f) {
        String tenant = tenantName();
        String state = switch (f.event()) {
            case "GRANTED" -> "granted / 已同意";
            case "WITHDRAWN" -> "withdrawn / 已撤回";
            case "REFUSED" -> "refused / 已拒绝";
            default -> f.event();
        };
        String text = """
                %s recorded this decision in your name:

                  Purpose:  %s (%s)
                  Decision: %s
                  Notice:   version %d
                  Time:     %s
                  Channel:  %s
                  Receipt:  %s

                %s
                If you did not make this decision, withdraw it in your consent portal (your personal link, or ask for a
                new invitation) and tell %s: nobody but you may decide about your face data.

                %s 以您的名义记录了以下决定：目的 %s，决定 %s，时间 %s。如果这不是您本人的决定，请在同意门户中撤回并告知 %s。
                """.formatted(tenant, f.purposeTitle(), f.purposeCode(), state, f.noticeVersion(), f.at(), f.channel(),
                f.receiptId() == null ? "none" : f.receiptId(), receiptNote(f), tenant, tenant, f.purposeTitle(), state, f.at(), tenant);
        List<MailMessage.Attachment> attachments = f.signedReceipt() == null ? List.of()
                : List.of(new MailMessage.Attachment("receipt-" + f.receiptId() + ".json", "application/json", f.signedReceipt()));
        return send(subjectId, "Your consent: " + f.purposeTitle() + " — " + state, text, attachments, "notice.consent");
    }

    private String receiptNote(ConsentFacts f) {
        if (f.signedReceipt() == null) {
            return "";
        }
        return "The signed receipt is attached. Verify its signature with the public key at\n"
                + publicUrl + "/portal/" + caller.require().slug + "/receipt-key\n";
    }

    /** A face template was added (or the enrolled face replaced) in the subject's name. */
    public record EnrolmentFacts(UUID templateId, Instant at, String how, boolean photoKept, long templatesNow, long replaced) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public String enrolled(UUID subjectId, EnrolmentFacts f) {
        String tenant = tenantName();
        String text = """
                A face was enrolled in your record at %s:

                  Template:          %s
                  Time:              %s
                  How:               %s
                  Photo kept:        %s
                  Templates now:     %d
                  Templates removed: %d

                If this was not you, withdraw your face consents in your consent portal and tell %s at once: a face
                enrolled in your name could pass a gate as you.

                %s 在 %s 为您登记了人脸模板（方式：%s）。如果这不是您本人操作，请立即在同意门户中撤回人脸同意并告知 %s。
                """.formatted(tenant, f.templateId(), f.at(), f.how(), f.photoKept() ? "yes" : "no", f.templatesNow(), f.replaced(),
                tenant, tenant, f.at(), f.how(), tenant);
        return send(subjectId, "A face was enrolled in your name / 人脸已登记", text, List.of(), "notice.enrolment");
    }

    /** A notice changed materially: the subject's grant no longer covers the processing until they agree again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String reconsentNeeded(UUID subjectId, String purposeCode, String purposeTitle, int version) {
        String tenant = tenantName();
        String text = """
                %s changed what "%s" (%s) means in a material way (notice version %d).
                Your earlier consent no longer covers it: until you read the new notice and agree again, nothing of it
                is done with your face, and every site offers you its other ways in. You may also refuse or withdraw.

                %s 对“%s”的告知作了实质性修改（第 %d 版）。在您阅读新告知并再次同意之前，不会为此处理您的人脸。
                """.formatted(tenant, purposeTitle, purposeCode, version, tenant, purposeTitle, version);
        return send(subjectId, "Please read the new notice: " + purposeTitle + " / 请阅读新的告知", text, List.of(), "notice.reconsent");
    }

    /** The subject's data was erased by an admin (sent to the address it had, before it is blanked). */
    @Transactional(Transactional.TxType.MANDATORY)
    public String erased(UUID subjectId, Instant at) {
        String tenant = tenantName();
        String text = """
                %s erased your data on %s: consents ended, face templates, kept photos, receipts and credentials
                deleted. Only minimal evidence (ids, hashes, times) remains. If you did not ask for this, contact %s.

                %s 已于 %s 删除您的数据。如果这不是您的要求，请联系 %s。
                """.formatted(tenant, at, tenant, tenant, at, tenant);
        return send(subjectId, "Your data was erased / 您的数据已删除", text, List.of(), "notice.erasure");
    }

    /**
     * The subject's face templates (and kept photos) were deleted because they had not been enrolled or let in by their
     * face for {@code inactiveDays} days (retention schedule). Their consents stay as they were: enrolling again from
     * the portal restores face access; every other way in stays open meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String faceDataDeletedForInactivity(UUID subjectId, Instant lastInteraction, int inactiveDays, long templates,
                                               long photos, Instant at) {
        String tenant = tenantName();
        String text = """
                %s deleted your face data on %s because it had not been used for %d days (last use: %s):

                  Face templates deleted: %d
                  Kept photos deleted:    %d

                This is the retention schedule every site of %s states on its public notice: face data nobody uses is
                not kept. Your consent decisions are unchanged. To use your face at a gate again, enrol a new selfie in
                your consent portal (your personal link, or ask for a new invitation); a PIN, a QR code or the guard
                let you in meanwhile.

                %s 已于 %s 删除您的人脸数据，因为它已 %d 天未被使用（最后一次使用：%s）。已删除人脸模板 %d 个、保存的照片 %d 张。
                您的同意决定不变。如需再次刷脸通行，请在同意门户中重新登记自拍；在此期间可使用 PIN、二维码或人工核验。
                """.formatted(tenant, at, inactiveDays, lastInteraction, templates, photos, tenant,
                tenant, at, inactiveDays, lastInteraction, templates, photos);
        return send(subjectId, "Your face data was deleted after " + inactiveDays + " days unused / 您的人脸数据已因长期未使用而删除",
                text, List.of(), "notice.retention");
    }

    /** Sent to the <em>previous</em> address when an admin changed the subject's contact. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String contactChanged(String previousAddress, String newAddress, Instant at) {
        if (previousAddress == null || previousAddress.isBlank()) {
            return NONE;
        }
        String tenant = tenantName();
        String text = """
                An administrator of %s changed the contact address of your record from this address to %s on %s.
                Invitations and notices about your face data now go there. If you did not ask for this, contact %s
                at once: whoever reads that address could be invited to decide in your name.

                %s 的管理员已于 %s 将您的联系地址改为 %s。如果这不是您的要求，请立即联系 %s。
                """.formatted(tenant, MailAddresses.mask(newAddress), at, tenant, tenant, at, MailAddresses.mask(newAddress), tenant);
        outbox.queue(new MailMessage(previousAddress, "Your contact address was changed / 您的联系地址已更改", text, List.of()),
                "notice.contact-changed");
        return MailAddresses.mask(previousAddress);
    }

    private String send(UUID subjectId, String subject, String text, List<MailMessage.Attachment> attachments, String kind) {
        Optional<SubjectDirectory.Contact> contact = subjects.contactOf(subjectId);
        if (contact.isEmpty()) {
            return NONE;
        }
        outbox.queue(new MailMessage(contact.get().address(), subject, text, attachments), kind);
        return MailAddresses.mask(contact.get().address());
    }

    private String tenantName() {
        return caller.require().displayName;
    }
}
