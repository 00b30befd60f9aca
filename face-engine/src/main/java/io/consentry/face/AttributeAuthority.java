package io.consentry.face;

import java.util.Objects;

/**
 * The right to have faces' attributes (age, gender, expression) estimated by one engine. Each engine hands it out
 * once ({@link FaceEngine#claimAttributeAuthority()}): the caller that claims it — in the api, the consent
 * enforcement point — is then the only one that can issue {@link AttributeGrant}s, and
 * {@link FaceEngine#attributes(byte[], AttributeGrant)} runs for nothing else. Attribute estimation is special
 * category processing; making it need an object that only one party can create turns "only after consent" from a
 * convention into something the compiler and the engine check.
 */
public final class AttributeAuthority {

    private final FaceEngine engine;

    AttributeAuthority(FaceEngine engine) {
        this.engine = engine;
    }

    /**
     * Allows one estimate of the face at {@code face} (in the coordinates of the image it will be given with). The
     * caller states with this that the person whose face it is has consented, for the purpose named.
     */
    public AttributeGrant grant(Box face, String purpose) {
        Objects.requireNonNull(face, "face");
        if (!(face.width() > 0 && face.height() > 0)) {
            throw new IllegalArgumentException("a granted face needs a box with an area");
        }
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("a grant names the purpose it was consented to");
        }
        return new AttributeGrant(this, face, purpose);
    }

    boolean issuedBy(FaceEngine candidate) {
        return engine == candidate;
    }
}
