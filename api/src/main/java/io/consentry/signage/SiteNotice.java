package io.consentry.signage;

import io.consentry.policy.AccessMethod;

import java.util.List;

/**
 * What the public may know of a site that processes faces: its processing rules, the other ways in, who controls the
 * processing, how to withdraw and how long face data is kept. Nothing about any person.
 *
 * @param face         each face method of the site's policy and the purpose it runs under
 * @param alternatives the non-face ways in the policy accepts (never empty: a policy without one is refused)
 * @param pageUrl      the absolute address of the public page (what the sign's QR code holds)
 * @param portalUrl    the consent portal, where a subject withdraws
 */
public record SiteNotice(String tenantSlug, String siteName, ControllerContact controller, List<FaceProcessing> face,
                         List<AccessMethod> alternatives, String pageUrl, String portalUrl, int inactiveAfterDays,
                         int maxRetentionDays) {

    /**
     * One face method and its purpose. {@code purposeTitle} is null when the policy names no live purpose for it yet:
     * then no face is processed by that method (devices send everyone to the alternatives).
     */
    public record FaceProcessing(AccessMethod method, String purposeTitle, java.util.Map<String, String> purposeTitles,
                                 java.util.Map<String, String> noticeTexts, String noticeLanguage, Integer noticeVersion,
                                 Integer retentionDays) {

        /** The purpose's title as its notice words it in the reader's language, else the purpose's own title. */
        public String titleIn(String language) {
            String t = purposeTitles == null ? null : purposeTitles.get(language);
            return t == null || t.isBlank() ? purposeTitle : t;
        }

        public boolean inOperation() {
            return purposeTitle != null;
        }

        /** The notice in the reader's language when it was published in it, else in the language it was published in. */
        public String noticeIn(String language) {
            if (noticeTexts == null || noticeTexts.isEmpty()) {
                return null;
            }
            return noticeTexts.containsKey(language) ? noticeTexts.get(language) : noticeTexts.get(noticeLanguage);
        }

        public String noticeLanguageFor(String language) {
            return noticeTexts != null && noticeTexts.containsKey(language) ? language : noticeLanguage;
        }
    }

    /**
     * Who answers for the processing. Only the name today (the tenant's display name); address, e-mail and phone come
     * from the controller's profile once there is one (null until then).
     */
    public record ControllerContact(String name, String address, String email, String phone) {
    }

    /** The longest retention any face purpose of the site states (days), or null when none is in operation. */
    public Integer longestRetentionDays() {
        return face.stream().map(FaceProcessing::retentionDays).filter(java.util.Objects::nonNull).max(Integer::compare).orElse(null);
    }
}
