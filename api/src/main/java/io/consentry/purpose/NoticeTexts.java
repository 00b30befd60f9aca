package io.consentry.purpose;

/**
 * The wording of a notice in one language. Every field but {@code title} and {@code summary} is required.
 *
 * @param title              the purpose's name in this language (the catalogue's title when absent)
 * @param summary            an optional lead paragraph shown first
 * @param purpose            what the face is used for
 * @param retention          how long what is kept is kept, in words (the days are the purpose's)
 * @param rights             the person's rights and how to exercise them
 * @param necessityAndImpact why face processing is needed, and its impact on the person
 * @param alternatives       the ways in without the face
 * @param termination        when and how the consent ends (the receipt's {@code termination})
 */
public record NoticeTexts(String title, String summary, String purpose, String retention, String rights,
                          String necessityAndImpact, String alternatives, String termination) {

    NoticeTexts withSummary(String lead) {
        return new NoticeTexts(title, lead, purpose, retention, rights, necessityAndImpact, alternatives, termination);
    }
}
