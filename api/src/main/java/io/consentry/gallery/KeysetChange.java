package io.consentry.gallery;

import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's keyset was rotated or destroyed on some replica: the others drop their cached copy so that they
 * encrypt with the new primary key (or stop decrypting at all) without waiting to meet a ciphertext under it.
 * Travels on the same NOTIFY channel as {@link GalleryChange}, as {@code <replica>:<tenant>:keyset}; a replica of
 * an older version reads that as a malformed gallery change and ignores it.
 */
public record KeysetChange(String replica, UUID tenantId) {

    static final String MARKER = "keyset";

    public String payload() {
        return replica + ":" + tenantId + ":" + MARKER;
    }

    public static Optional<KeysetChange> parse(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(":");
        if (parts.length != 3 || !MARKER.equals(parts[2])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeysetChange(parts[0], UUID.fromString(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
