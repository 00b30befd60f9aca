package io.consentry.gallery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while this replica hears the others' changes. A replica that does not would identify subjects who
 * withdrew on another replica, so it should get no traffic until it listens again (and has forgotten its galleries).
 */
@Readiness
@ApplicationScoped
public class ReplicaChannelReadiness implements HealthCheck {

    private final GallerySync sync;
    private final boolean listen;

    ReplicaChannelReadiness(GallerySync sync,
                            @ConfigProperty(name = "consentry.gallery.listen", defaultValue = "true") boolean listen) {
        this.sync = sync;
        this.listen = listen;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("replica-changes").status(!listen || sync.listening())
                .withData("listening", sync.listening()).build();
    }
}
