package io.consentry.subjectrequest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * The statutory time to answer a request, per jurisdiction ({@code consentry.requests.deadline-days.<JURISDICTION>},
 * e.g. CN 15, EU 30, US-IL 30). Tenants carry no jurisdiction of their own yet, so the platform's
 * {@code consentry.requests.jurisdiction} applies to all of them.
 */
@ApplicationScoped
class RequestDeadlines {

    private static final int FALLBACK_DAYS = 15;

    private final Config config;
    private final String jurisdiction;

    RequestDeadlines(Config config, @ConfigProperty(name = "consentry.requests.jurisdiction", defaultValue = "CN") String jurisdiction) {
        this.config = config;
        this.jurisdiction = jurisdiction;
    }

    String jurisdiction() {
        return jurisdiction;
    }

    /** Days to answer in {@code jurisdiction}; the strictest common one (15) when none is configured for it. */
    int days(String jurisdiction) {
        return config.getOptionalValue("consentry.requests.deadline-days." + jurisdiction, Integer.class).orElse(FALLBACK_DAYS);
    }

    Instant dueAt(Instant filedAt, String jurisdiction) {
        return filedAt.plus(Duration.ofDays(days(jurisdiction)));
    }
}
