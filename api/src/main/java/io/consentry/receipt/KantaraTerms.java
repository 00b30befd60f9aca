package io.consentry.receipt;

import io.consentry.controller.Controller;
import io.consentry.purpose.NoticeTexts;
import io.consentry.purpose.StructuredNotice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Kantara Consent Receipt (v1.1) that come from the notice the subject answered: the PII controller
 * (name, contact, address, e-mail, phone), the policy URL, the jurisdiction and, per purpose, its categories, consent
 * type, termination and third-party disclosure. Filled from the structured notice as frozen at publication; a notice
 * published before notices were structured falls back to the controller profile as it stands and to the purpose kind.
 */
final class KantaraTerms {

    private KantaraTerms() {
    }

    /** The receipt-relevant terms of one notice, whichever way they were obtained. */
    record Terms(Controller controller, String purposeText, List<String> purposeCategory, List<String> piiCategory,
                 String termination, boolean thirdPartyDisclosure, String thirdPartyName, String method, String processingLocation,
                 Integer retentionDays) {
    }

    static Terms of(StructuredNotice n, String language) {
        NoticeTexts t = n.textsIn(language);
        return new Terms(n.controller(), t.purpose(), n.purposeCategory(), n.piiCategory(), t.termination(), n.thirdPartyDisclosure(),
                n.thirdPartyName(), n.method().name(), n.processingLocation().name(), n.retentionDays());
    }

    /** For a notice published before notices were structured: the controller as it stands, the notice text as the purpose. */
    static Terms legacy(Controller controller, String noticeText, String purposeKind) {
        List<String> category = "ATTRIBUTE_ANALYSIS".equals(purposeKind) ? List.of("Personalized Experience") : List.of("Core Function");
        return new Terms(controller, noticeText, category, List.of("Biometric"),
                "Withdraw at any time in the consent portal; the consent also ends when it expires or your data is erased.",
                false, null, null, null, null);
    }

    /** piiControllers[]: one controller, with every field the specification requires of it. */
    static List<Map<String, Object>> controllers(Controller c, String controllerId) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("streetAddress", c.address());
        address.put("addressCountry", c.jurisdiction() == null ? null : c.jurisdiction().substring(0, Math.min(2, c.jurisdiction().length())));
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("piiController", c.name());
        controller.put("onBehalf", false);
        // The profile names the legal entity, which is also the contact: its e-mail and phone reach its privacy desk.
        controller.put("contact", c.name());
        controller.put("address", address);
        controller.put("email", c.email());
        controller.put("phone", c.phone());
        controller.put("piiControllerUrl", c.policyUrl());
        controller.put("controllerId", controllerId);
        return List.of(controller);
    }

    /**
     * services[].purposes[]: one purpose. consentType and termination say what this receipt records: a grant, a refusal
     * (no processing), or a consent that ended.
     */
    static Map<String, Object> purpose(Terms t, String purposeCode, String event, Instant time, Instant expiresAt, String language) {
        boolean zh = "zh".equals(language);
        Map<String, Object> purpose = new LinkedHashMap<>();
        purpose.put("purpose", t.purposeText());
        purpose.put("purposeId", purposeCode);
        purpose.put("purposeCategory", t.purposeCategory());
        purpose.put("consentType", switch (event) {
            case "GRANTED" -> "EXPLICIT";
            case "REFUSED" -> "EXPLICIT_REFUSAL";
            default -> "EXPLICIT_WITHDRAWAL";
        });
        purpose.put("piiCategory", t.piiCategory());
        purpose.put("primaryPurpose", true);
        purpose.put("termination", switch (event) {
            case "GRANTED" -> t.termination() + (expiresAt == null ? "" : (zh ? " 到期时间：" : " Expires: ") + expiresAt);
            case "REFUSED" -> zh ? "未同意：拒绝已于 " + time + " 记录，不会为此用途处理您的人脸；您以后仍可在同意门户中同意。"
                    : "Not granted: the refusal was recorded at " + time + "; your face is not processed for this purpose. "
                    + "You may still grant it later in the consent portal.";
            default -> zh ? "同意已于 " + time + " 终止（" + event + "）；其所涵盖的人脸数据已按告知删除。"
                    : "Ended at " + time + " (" + event + "); the face data it covered was deleted as the notice states.";
        });
        purpose.put("thirdPartyDisclosure", t.thirdPartyDisclosure());
        if (t.thirdPartyDisclosure()) {
            purpose.put("thirdPartyName", t.thirdPartyName());
        }
        if (t.method() != null) {
            purpose.put("method", t.method());
            purpose.put("processingLocation", t.processingLocation());
            purpose.put("retentionDays", t.retentionDays());
        }
        return purpose;
    }
}
