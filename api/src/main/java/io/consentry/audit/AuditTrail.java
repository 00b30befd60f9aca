package io.consentry.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/** STUB of the lead's audit contract (replaced when main's audit log is merged): logs instead of chaining. */
@ApplicationScoped
public class AuditTrail {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    public UUID append(AuditEvent event) {
        LOG.infof("audit %s %s %s %s", event.actor(), event.action(), event.purpose(), event.outcome());
        return UUID.randomUUID();
    }
}
