package io.consentry.purpose;

import java.time.Instant;
import java.util.UUID;

/** A purpose with its current notice, as admins and the portal see it. */
public record PurposeView(UUID id, String code, String title, PurposeKind kind, int retentionDays, Notice notice) {

    /** @param material grants given to earlier versions need re-consent once this one is published */
    public record Notice(UUID id, int version, String language, String text, String contentHash, Instant publishedAt,
                         boolean material) {
        static Notice of(NoticeVersion n) {
            return n == null ? null : new Notice(n.id, n.version, n.language, n.text, n.contentHash, n.publishedAt, n.material);
        }
    }

    static PurposeView of(Purpose p, NoticeVersion current) {
        return new PurposeView(p.id, p.code, p.title, p.kind, p.retentionDays, Notice.of(current));
    }
}
