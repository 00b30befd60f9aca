package io.consentry.device;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.site.Sites;
import io.consentry.tenants.registry.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Device registration, secret rotation, revocation and heartbeats. Keycloak holds the credential; the tenant schema
 * holds the device row, whose status is checked on every device call (so revocation does not wait for tokens to expire).
 */
@ApplicationScoped
public class Devices {

    private final CallerTenant caller;
    private final Sites sites;
    private final DeviceClients clients;
    private final AuditTrail audit;
    private final java.time.Duration silentAfter;

    Devices(CallerTenant caller, Sites sites, DeviceClients clients, AuditTrail audit,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "consentry.devices.silent-after", defaultValue = "PT5M")
            java.time.Duration silentAfter) {
        this.caller = caller;
        this.sites = sites;
        this.clients = clients;
        this.audit = audit;
        this.silentAfter = silentAfter;
    }

    /** Keycloak work happens outside the database transaction; a failed insert removes the client again. */
    public DeviceView register(DeviceRequest request) {
        Tenant tenant = caller.require();
        QuarkusTransaction.requiringNew().run(() -> sites.find(request.siteId()).orElseThrow(() ->
                new ApiException(ProblemCode.SITE_NOT_FOUND, 400, "There is no site " + request.siteId() + " in this tenant.")));
        UUID id = UUID.randomUUID();
        String clientId = "device-" + id;
        String secret = clients.create(tenant, clientId, request.name());
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Device device = new Device();
                device.id = id;
                device.siteId = request.siteId();
                device.name = request.name().strip();
                device.clientId = clientId;
                device.status = Device.Status.ACTIVE;
                device.createdAt = Instant.now();
                device.persist();
                audit("device.registered", device);
                return view(device).withSecret(secret);
            });
        } catch (RuntimeException e) {
            clients.removeQuietly(tenant, clientId);
            throw e;
        }
    }

    @Transactional
    public List<DeviceView> list(UUID siteFilter) {
        List<Device> devices = siteFilter == null
                ? Device.list("order by createdAt")
                : Device.list("siteId = ?1 order by createdAt", siteFilter);
        return devices.stream().map(this::view).toList();
    }

    @Transactional
    public DeviceView get(UUID id) {
        return view(require(id));
    }

    /** The old secret stops working at once for new tokens; the new one is shown in this answer only. */
    @Transactional
    public DeviceView rotateSecret(UUID id) {
        Device device = require(id);
        requireActive(device);
        String secret = clients.rotateSecret(caller.require(), device.clientId);
        device.secretRotatedAt = Instant.now();
        audit("device.secret-rotated", device);
        return view(device).withSecret(secret);
    }

    /** Revocation is immediate: the row is marked first (refusing tokens already issued), then the client goes. */
    public DeviceView revoke(UUID id) {
        DeviceView revoked = QuarkusTransaction.requiringNew().call(() -> {
            Device device = require(id);
            if (device.status == Device.Status.ACTIVE) {
                device.status = Device.Status.REVOKED;
                device.revokedAt = Instant.now();
                audit("device.revoked", device);
            }
            return view(device);
        });
        clients.remove(caller.require(), revoked.clientId());
        return revoked;
    }

    /**
     * A heartbeat that changes the device's health (a fault reported, a recovery) or that ends a silence longer than
     * {@code consentry.devices.silent-after} (reported or not by {@link DeviceSilence}) is audited as
     * {@code device.health-changed}, in this transaction, so that subscribers of device health learn of it (the webhook
     * outbox observes the audit). Steady heartbeats are not.
     */
    @Transactional
    public DeviceView heartbeat(UUID deviceId, HeartbeatRequest beat) {
        Device device = require(deviceId);
        Instant now = Instant.now();
        Device.Health previous = device.health;
        boolean cameBack = device.silentReportedAt != null
                || device.lastSeenAt != null && device.lastSeenAt.isBefore(now.minus(silentAfter));
        device.silentReportedAt = null;
        boolean changed = previous == null ? beat.health() != Device.Health.OK : previous != beat.health();
        device.lastSeenAt = now;
        device.softwareVersion = beat.softwareVersion().strip();
        device.health = beat.health();
        device.healthDetail = beat.detail();
        if (changed || cameBack) {
            Map<String, String> details = new java.util.LinkedHashMap<>();
            details.put("device", device.id.toString());
            details.put("site", device.siteId.toString());
            details.put("health", beat.health().name());
            details.put("previousHealth", previous == null ? "UNKNOWN" : previous.name());
            details.put("change", cameBack ? "came_back" : beat.health() == Device.Health.OK ? "recovered" : "fault");
            audit.append(new AuditEvent(Actor.device(device.clientId), "device.health-changed", null, null, AuditOutcome.OK, details));
        }
        return view(device);
    }

    /**
     * Active devices whose last heartbeat is older than {@code silentAfter} before {@code now} and whose silence was not
     * yet reported (a device that never sent one has no silence to report): each is marked and audited as {@code device.health-changed} with change {@code went_silent}. Rows are taken with SKIP
     * LOCKED, so replicas sweeping at once report each silence once.
     */
    @Transactional
    public int reportSilences(Instant now) {
        @SuppressWarnings("unchecked")
        List<Device> silent = Device.getEntityManager().createNativeQuery("""
                        SELECT * FROM device d
                         WHERE d.status = 'ACTIVE' AND d.silent_reported_at IS NULL AND d.last_seen_at < ?1
                         ORDER BY d.last_seen_at LIMIT 500
                           FOR UPDATE SKIP LOCKED""", Device.class)
                .setParameter(1, now.minus(silentAfter)).getResultList();
        for (Device device : silent) {
            device.silentReportedAt = now;
            Map<String, String> details = new java.util.LinkedHashMap<>();
            details.put("device", device.id.toString());
            details.put("site", device.siteId.toString());
            details.put("health", "SILENT");
            details.put("previousHealth", device.health == null ? "UNKNOWN" : device.health.name());
            details.put("change", "went_silent");
            details.put("lastSeenAt", device.lastSeenAt.toString());
            audit.append(new AuditEvent(Actor.system("device-silence"), "device.health-changed", null, null, AuditOutcome.OK, details));
        }
        return silent.size();
    }

    /** Ids and names only: the secret never reaches the log. */
    private void audit(String action, Device device) {
        audit.append(new AuditEvent(Actor.user(caller.username()), action, null, null, AuditOutcome.OK,
                Map.of("device", device.id.toString(), "site", device.siteId.toString(), "clientId", device.clientId)));
    }

    private Device require(UUID id) {
        Device device = Device.findById(id);
        if (device == null) {
            throw new ApiException(ProblemCode.DEVICE_NOT_FOUND, "There is no device " + id + " in this tenant.");
        }
        return device;
    }

    private static void requireActive(Device device) {
        if (device.status != Device.Status.ACTIVE) {
            throw new ApiException(ProblemCode.DEVICE_REVOKED, 409, "The device was revoked; register a new one instead.");
        }
    }

    private DeviceView view(Device device) {
        return DeviceView.of(device, caller.require().issuer() + "/protocol/openid-connect/token");
    }

    /** Fleet counts for the dashboard: active devices, those seen since {@code onlineSince}, unhealthy and revoked ones. */
    public record Counts(long active, long online, long unhealthy, long revoked) {
    }

    @Transactional
    public Counts counts(Instant onlineSince) {
        long active = Device.count("status", Device.Status.ACTIVE);
        long online = Device.count("status = ?1 and lastSeenAt >= ?2", Device.Status.ACTIVE, onlineSince);
        long unhealthy = Device.count("status = ?1 and health in ?2", Device.Status.ACTIVE, java.util.List.of(Device.Health.DEGRADED, Device.Health.FAILING));
        long revoked = Device.count("status", Device.Status.REVOKED);
        return new Counts(active, online, unhealthy, revoked);
    }
}
