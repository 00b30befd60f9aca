package io.consentry.subjectrequest;

import io.consentry.controller.ControllerProfile;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * The statutory time to answer a request, per jurisdiction ({@code consentry.requests.deadline-days.<JURISDICTION>},
 * e.g. CN 15, EU 30, US-IL 30). The jurisdiction is the one of the tenant's data controller (its controller profile);
 * the platform's {@code consentry.requests.jurisdiction} applies while a tenant has not stated one.
 */
@ApplicationScoped
class RequestDeadlines {

    private static final int FALLBACK_DAYS = 15;

    private final Config config;
    private final String platformJurisdiction;
    private final ControllerProfile controller;

    RequestDeadlines(Config config, ControllerProfile controller,
                     @ConfigProperty(name = "consentry.requests.jurisdiction", defaultValue = "CN") String platformJurisdiction) {
        this.config = config;
        this.controller = controller;
        this.platformJurisdiction = platformJurisdiction;
    }

    /** The current tenant's jurisdiction: its controller's, else the platform default. */
    String jurisdiction() {
        String own = controller.current().jurisdiction();
        return own == null || own.isBlank() ? platformJurisdiction : own;
    }

    /** Days to answer in {@code jurisdiction}; the strictest common one (15) when none is configured for it. */
    int days(String jurisdiction) {
        return config.getOptionalValue("consentry.requests.deadline-days." + jurisdiction, Integer.class).orElse(FALLBACK_DAYS);
    }

    Instant dueAt(Instant filedAt, String jurisdiction) {
        return filedAt.plus(Duration.ofDays(days(jurisdiction)));
    }
}
