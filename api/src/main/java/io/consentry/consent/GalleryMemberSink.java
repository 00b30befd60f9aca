package io.consentry.consent;

import java.util.List;

/**
 * Receives an identification gallery's members as the vault opens them: first how many templates there will be (so
 * that a gallery too large for its replica is declined before anything is decrypted), then the members in batches.
 */
public interface GalleryMemberSink {

    /**
     * Called once, before anything is decrypted, with the number of templates the gallery will have (at most: a
     * template that does not open is left out). False declines them all: nothing is decrypted or handed on.
     */
    boolean expect(long templates);

    /** Called with each batch in turn — never two at once — on whichever thread opened it. */
    void accept(List<GalleryMember> batch);
}
