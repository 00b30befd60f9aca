package io.consentry.core.audit;

public enum ActorType {
    /** A person signed in to a tenant realm (admin, guard, auditor) or the platform realm. */
    USER,
    /** A gate, turnstile or kiosk, by its client id. */
    DEVICE,
    /** A data subject acting through the consent portal. */
    SUBJECT,
    /** The platform itself: scheduled jobs, outbox workers. */
    SYSTEM
}
