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
        if (needsAssessment(kind)) {
            body.put("assessment", Assessments.body());
        }
        return body;
    }
}
