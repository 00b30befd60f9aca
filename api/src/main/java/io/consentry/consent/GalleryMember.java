package io.consentry.consent;

import io.consentry.face.Template;

import java.util.UUID;

/** One decrypted template of a subject with an active identification consent (1:N gallery material). */
public record GalleryMember(UUID subjectId, String externalRef, UUID templateId, Template template) {
}
