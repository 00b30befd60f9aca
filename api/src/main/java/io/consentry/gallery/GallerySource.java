package io.consentry.gallery;

import io.consentry.consent.GalleryMemberSink;

/**
 * Where a gallery's load gets its members: it announces their number, then hands them to the sink as they are
 * decrypted (the consent guard's {@code identificationGallery}).
 */
@FunctionalInterface
public interface GallerySource {

    void feed(GalleryMemberSink sink);
}
