/**
 * Attribute analysis (age, gender, expression) of a data subject's own, verified face, for a subject who consented to
 * an ATTRIBUTE_ANALYSIS purpose. {@link io.consentry.attributes.AttributeAnalysis} is the only class that runs the
 * engine's attribute models, and only with an {@link io.consentry.consent.AttributeConsent} that the consent
 * enforcement point issued (architecture rules check both).
 */
package io.consentry.attributes;
