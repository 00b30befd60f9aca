package io.consentry.core.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the start-up warm-ups are over (see {@link StartupWarmUps}); the data names each one's state. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    private final StartupWarmUps warmUps;

    WarmUpReadiness(StartupWarmUps warmUps) {
        this.warmUps = warmUps;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("warm-up");
        warmUps.states().forEach((name, state) -> check.withData(name, state.detail().isEmpty() ? state.status()
                : state.status() + ": " + state.detail()));
        if (warmUps.waitedTooLong()) {
            check.withData("stopped-waiting", true);
        }
        return check.status(warmUps.over()).build();
    }
}
