package io.consentry.gallery;

import java.util.Optional;
import java.util.UUID;

/**
 * A subject's identification data changed. Travels between api replicas as the payload of a PostgreSQL NOTIFY:
 * {@code <replica>:<tenant>:<subject>} — ids only, never biometric data.
 */
public record GalleryChange(String replica, UUID tenantId, UUID subjectId) {

    public static final String CHANNEL = "consentry_gallery";

    public String payload() {
        return replica + ":" + tenantId + ":" + subjectId;
    }

    public static Optional<GalleryChange> parse(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(":");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GalleryChange(parts[0], UUID.fromString(parts[1]), UUID.fromString(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
