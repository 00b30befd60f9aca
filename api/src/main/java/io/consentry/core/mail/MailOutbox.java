package io.consentry.core.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.security.CallerTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.UUID;

/**
 * Mail to data subjects, queued inside the caller's transaction: a consent decision and the notice that tells the
 * subject about it commit together or not at all, and an SMTP outage only delays the notice. The {@link MailWorker}
 * sends after commit.
 */
@ApplicationScoped
public class MailOutbox {

    private final TenantCrypto crypto;
    private final CallerTenant caller;
    private final ObjectMapper json;
    private final Event<MailWorker.Enqueued> enqueued;

    MailOutbox(TenantCrypto crypto, CallerTenant caller, ObjectMapper json, Event<MailWorker.Enqueued> enqueued) {
        this.crypto = crypto;
        this.caller = caller;
        this.json = json;
        this.enqueued = enqueued;
    }

    /** Queues the mail; returns its outbox id. {@code kind} names what it is, for operators (never its content). */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID queue(MailMessage message, String kind) {
        MailOutboxEntry entry = new MailOutboxEntry();
        entry.id = UUID.randomUUID();
        entry.kind = kind;
        try {
            entry.ciphertext = crypto.encrypt(json.writeValueAsBytes(message), crypto.mailBinding(entry.id));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A mail could not be written", e);
        }
        entry.keyId = TenantCrypto.keyIdOf(entry.ciphertext);
        entry.createdAt = Instant.now();
        entry.nextAttemptAt = entry.createdAt;
        entry.persist();
        enqueued.fire(new MailWorker.Enqueued(caller.require().id));
        return entry.id;
    }

    /** Mails not yet accepted by the SMTP server. */
    @Transactional
    public long pending() {
        return MailOutboxEntry.count();
    }

    MailMessage open(MailOutboxEntry entry) throws GeneralSecurityException {
        try {
            return json.readValue(crypto.decrypt(entry.ciphertext, crypto.mailBinding(entry.id)), MailMessage.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A queued mail is unreadable", e);
        }
    }
}
