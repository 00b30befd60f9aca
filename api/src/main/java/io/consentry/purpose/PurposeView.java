package io.consentry.purpose;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A purpose with its current notice, as admins and the portal see it. */
public record PurposeView(UUID id, String code, String title, PurposeKind kind, int retentionDays, Notice notice) {

    /**
     * @param language the language the notice is written in first ({@code text} is in it)
     * @param material grants given to earlier versions need re-consent once this one is published
     * @param content  the structured notice (controller, method, where, retention, rights, …); null for a version
     *                 published before notices were structured
     * @param rendered the human-readable text per language the notice is written in
     */
    public record Notice(UUID id, int version, String language, String text, String contentHash, Instant publishedAt,
                         boolean material, StructuredNotice content, Map<String, String> rendered) {
        static Notice of(NoticeVersion n) {
            if (n == null) {
                return null;
            }
            StructuredNotice content = n.content == null ? null : NoticeJson.read(n.content);
            Map<String, String> rendered = content == null ? Map.of(n.language, n.text) : NoticeRendering.all(content);
            return new Notice(n.id, n.version, n.language, n.text, n.contentHash, n.publishedAt, n.material, content, rendered);
        }
    }

    static PurposeView of(Purpose p, NoticeVersion current) {
        return new PurposeView(p.id, p.code, p.title, p.kind, p.retentionDays, Notice.of(current));
    }
}
