package io.consentry.core.mail;

import java.util.List;
import java.util.Objects;

/** One plain-text mail to one recipient. It may carry a secret (an invitation link, a code): never log it. */
public record MailMessage(String to, String subject, String text, List<Attachment> attachments) {

    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public record Attachment(String name, String contentType, byte[] content) {
    }
}
