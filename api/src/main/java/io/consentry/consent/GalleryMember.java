package io.consentry.consent;

import io.consentry.face.IndexedTemplate;
import io.consentry.face.Template;

import java.util.UUID;

/**
 * One template of a subject with an active identification consent (1:N gallery material), decrypted and quantised as
 * the gallery's index holds it (its float vector is not kept: see {@link IndexedTemplate}).
 */
public record GalleryMember(UUID subjectId, String externalRef, UUID templateId, IndexedTemplate template) {

    /** A member from a whole template (quantised here). */
    public GalleryMember(UUID subjectId, String externalRef, UUID templateId, Template template) {
        this(subjectId, externalRef, templateId, IndexedTemplate.of(template));
    }
}
