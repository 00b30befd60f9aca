package io.consentry.purpose;

import java.util.UUID;

/** A live purpose without its notice text: what consent checks on a hot path need. */
public record PurposeRef(UUID id, String code, String title, PurposeKind kind) {

    static PurposeRef of(Purpose p) {
        return new PurposeRef(p.id, p.code, p.title, p.kind);
    }
}
