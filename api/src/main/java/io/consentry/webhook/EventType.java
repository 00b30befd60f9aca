package io.consentry.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent types a subscription may ask for (the contract between the platform and receivers). */
public enum EventType {
    DECISION_MADE("io.consentry.decision.made"),
    CONSENT_GRANTED("io.consentry.consent.granted"),
    CONSENT_WITHDRAWN("io.consentry.consent.withdrawn"),
    ENROLMENT_COMPLETED("io.consentry.enrolment.completed"),
    ERASURE_COMPLETED("io.consentry.erasure.completed"),
    DEVICE_HEALTH("io.consentry.device.health");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    public static Optional<EventType> find(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    static EventType of(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("Unknown event type " + type));
    }
}
