package io.consentry.device;

import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every replica looks, each {@code consentry.devices.silence-check-interval}, for devices that stopped sending heartbeats
 * and reports each silence once ({@link Devices#reportSilences}); the next heartbeat reports that it came back.
 */
@ApplicationScoped
public class DeviceSilence {

    private static final Logger LOG = Logger.getLogger(DeviceSilence.class);

    private final TenantWork work;
    private final Devices devices;

    DeviceSilence(TenantWork work, Devices devices) {
        this.work = work;
        this.devices = devices;
    }

    @Scheduled(every = "${consentry.devices.silence-check-interval:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweepAll(Instant.now());
    }

    /** Reports the silences as of {@code now} in every live tenant; returns how many per tenant slug. */
    public Map<String, Integer> sweepAll(Instant now) {
        Map<String, Integer> reported = new LinkedHashMap<>();
        for (var tenant : work.liveTenants()) {
            try {
                reported.put(tenant.slug, work.as(tenant, () -> devices.reportSilences(now)));
            } catch (RuntimeException e) {
                LOG.warnf("Device silence check for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
        return reported;
    }
}
