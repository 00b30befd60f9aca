package io.consentry.face;

/**
 * Permission to estimate the attributes of one face: the box it is at and the purpose its owner consented to. Only an
 * {@link AttributeAuthority} creates grants, and an engine accepts only those of its own authority. Any other face in
 * the image is neither estimated nor reported.
 */
public final class AttributeGrant {

    private final AttributeAuthority issuer;
    private final Box face;
    private final String purpose;

    AttributeGrant(AttributeAuthority issuer, Box face, String purpose) {
        this.issuer = issuer;
        this.face = face;
        this.purpose = purpose;
    }

    /** Where the granted face is. */
    public Box face() {
        return face;
    }

    /** The purpose the estimate serves (what its owner consented to). */
    public String purpose() {
        return purpose;
    }

    AttributeAuthority issuer() {
        return issuer;
    }
}
