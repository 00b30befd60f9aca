package io.consentry.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a purpose-creation request (POST /api/v1/tenants/{t}/purposes) as the api requires it, so that tests
 * creating purposes state only what they are about (code, kind, title, retention, notice) and follow the api when
 * a purpose needs more (a structured notice, an impact assessment).
 */
public final class Purposes {

    private Purposes() {
    }

    /** Every kind so far processes face data, so it comes with an approved impact assessment. */
    static boolean needsAssessment(String kind) {
        return List.of("FACE_VERIFICATION", "FACE_IDENTIFICATION", "ATTRIBUTE_ANALYSIS", "IMAGE_RETENTION").contains(kind);
    }

    /** A complete, valid request body; mutable, so a test may remove or change a field to see it refused. */
    public static Map<String, Object> body(String code, String title, String kind, int retentionDays, String notice) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("title", title);
        body.put("kind", kind);
        body.put("retentionDays", retentionDays);
        body.put("notice", notice);
        // structured notice (issue 17, item 3): every required field, the wording in English
        body.put("noticeContent", content(kind, notice));
        if (needsAssessment(kind)) {
            body.put("assessment", Assessments.body());
        }
        return body;
    }

    /**
     * A complete structured notice for a purpose of that kind (the method the kind performs), written in English, with
     * {@code text} as the purpose description; mutable at every level, so a test may remove a field to see it refused.
     */
    public static Map<String, Object> content(String kind, String text) {
        Map<String, Object> en = new HashMap<>();
        en.put("purpose", text);
        en.put("retention", "Only an encrypted template is kept, while the consent lasts.");
        en.put("rights", "See, copy, correct or delete your data and withdraw at any time in the consent portal.");
        en.put("necessityAndImpact", "Face data is sensitive; it is processed only with your consent, for this purpose only.");
        en.put("alternatives", "A PIN, a QR code, a card or a member of staff.");
        en.put("termination", "When you withdraw it, when it expires, or when your data is erased.");
        Map<String, Object> texts = new HashMap<>();
        texts.put("en", en);
        Map<String, Object> content = new HashMap<>();
        content.put("method", switch (kind) {
            case "FACE_VERIFICATION" -> "ONE_TO_ONE";
            case "FACE_IDENTIFICATION" -> "ONE_TO_N";
            case "ATTRIBUTE_ANALYSIS" -> "ATTRIBUTE_ANALYSIS";
            default -> "PHOTO_RETENTION";
        });
        content.put("processingLocation", "PLATFORM");
        content.put("purposeCategory", new java.util.ArrayList<>(java.util.List.of("Core Function")));
        content.put("piiCategory", new java.util.ArrayList<>(java.util.List.of("Biometric")));
        content.put("consentType", "EXPLICIT");
        content.put("thirdPartyDisclosure", false);
        content.put("texts", texts);
        return content;
    }

    /** The body of a new notice version (POST /purposes/{code}/notices) for a purpose of that kind, in English. */
    public static Map<String, Object> notice(String kind, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content(kind, text));
        body.put("language", "en");
        return body;
    }

    /** The same, material or not. */
    public static Map<String, Object> notice(String kind, String text, boolean material) {
        Map<String, Object> body = notice(kind, text);
        body.put("material", material);
        return body;
    }
}
