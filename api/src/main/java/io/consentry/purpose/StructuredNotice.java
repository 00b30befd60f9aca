package io.consentry.purpose;

import io.consentry.controller.Controller;

import java.util.List;
import java.util.Map;

/**
 * A published notice's structured content, frozen: what the admin wrote, the purpose's retention days and the
 * controller profile as it stood at publication. Its canonical JSON is stored, and its SHA-256 is the version's
 * content hash, so the hash a subject answers covers every field (and the rendered text, which derives from them).
 */
public record StructuredNotice(Controller controller, NoticeMethod method, ProcessingLocation processingLocation,
                               int retentionDays, List<String> purposeCategory, List<String> piiCategory, String consentType,
                               boolean thirdPartyDisclosure, String thirdPartyName, Map<String, NoticeTexts> texts) {

    /** The wording in {@code language}, else in the first language the notice has. */
    public NoticeTexts textsIn(String language) {
        NoticeTexts t = texts.get(language);
        return t != null ? t : texts.values().iterator().next();
    }
}
