package io.consentry.gallery;

import java.util.UUID;

/** The best gallery hit for a probe (whether it clears the site's threshold is the caller's decision). */
public record GalleryMatch(UUID subjectId, String externalRef, float score) {
}
