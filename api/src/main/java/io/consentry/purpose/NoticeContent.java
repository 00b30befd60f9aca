package io.consentry.purpose;

import java.util.List;
import java.util.Map;

/**
 * A structured notice as an admin writes it (the controller and the retention days are added at publication).
 * {@code texts} holds the wording per language ({@code en}, {@code zh}); the notice's own language must be there, and
 * every language given must be complete. Fields are checked by {@link NoticeRules}, which names each missing one.
 *
 * @param purposeCategory      Kantara receipt purpose categories, e.g. "Core Function"
 * @param piiCategory          Kantara receipt PII categories, e.g. "Biometric"
 * @param consentType          how consent is obtained: EXPLICIT (the only kind the platform records)
 * @param thirdPartyDisclosure whether the face data is disclosed to a third party; then {@code thirdPartyName} says to whom
 */
public record NoticeContent(NoticeMethod method, ProcessingLocation processingLocation, List<String> purposeCategory,
                            List<String> piiCategory, String consentType, Boolean thirdPartyDisclosure, String thirdPartyName,
                            Map<String, NoticeTexts> texts) {
}
