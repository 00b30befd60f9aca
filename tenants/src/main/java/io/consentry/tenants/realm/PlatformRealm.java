package io.consentry.tenants.realm;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The realm of platform operators. Created at start-up when missing, so that a fresh installation needs no
 * manual Keycloak set-up; Keycloak may still be starting, so the api waits for it for a bounded time.
 */
@ApplicationScoped
public class PlatformRealm {

    public static final String NAME = "platform";
    private static final Logger LOG = Logger.getLogger(PlatformRealm.class);

    private final RealmAdministration keycloak;
    private final boolean bootstrap;
    private final Duration startupWait;
    private final String publicUrl;
    private final boolean cliDirectGrants;

    PlatformRealm(RealmAdministration keycloak,
                  @ConfigProperty(name = "consentry.keycloak.bootstrap-platform-realm", defaultValue = "true") boolean bootstrap,
                  @ConfigProperty(name = "consentry.keycloak.startup-wait", defaultValue = "120s") Duration startupWait,
                  @ConfigProperty(name = "consentry.public-url", defaultValue = "http://127.0.0.1:8080") String publicUrl,
                  @ConfigProperty(name = "consentry.keycloak.cli-direct-access-grants", defaultValue = "false")
                  boolean cliDirectGrants) {
        this.keycloak = keycloak;
        this.bootstrap = bootstrap;
        this.startupWait = startupWait;
        this.publicUrl = publicUrl;
        this.cliDirectGrants = cliDirectGrants;
    }

    void onStart(@Observes StartupEvent event) {
        if (bootstrap) {
            ensureExists();
        }
    }

    void ensureExists() {
        Instant deadline = Instant.now().plus(startupWait);
        while (true) {
            try {
                if (!exists()) {
                    keycloak.home().run(k -> k.realms().create(RealmFactory.realm(NAME, "Consentry platform",
                            List.of(RealmRoles.PLATFORM_OPERATOR), publicUrl, cliDirectGrants)));
                    keycloak.home().refreshToken();
                    LOG.info("Created the Keycloak realm 'platform' (role platform-operator)");
                }
                int closed = keycloak.home().call(k -> TenantRealms.closeDirectGrants(k.realm(NAME)));
                if (closed > 0) {
                    LOG.infof("Closed the password grant of %d built-in client(s) of the platform realm", closed);
                }
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Keycloak did not answer within " + startupWait
                            + "; cannot make sure the platform realm exists", e);
                }
                LOG.infof("Waiting for Keycloak (%s)", e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Keycloak", interrupted);
                }
            }
        }
    }

    private boolean exists() {
        try {
            keycloak.home().call(k -> k.realm(NAME).toRepresentation());
            return true;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return false;
            }
            throw e;
        }
    }
}
