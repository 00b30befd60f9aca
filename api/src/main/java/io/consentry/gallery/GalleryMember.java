package io.consentry.gallery;

import io.consentry.face.Template;

import java.util.UUID;

/** One decrypted template of a subject with an active identification consent. Lives in memory only. */
public record GalleryMember(UUID subjectId, String externalRef, UUID templateId, Template template) {
}
