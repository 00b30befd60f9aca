package io.consentry.tenants.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Transactions on the tenant registry. Each method commits on its own so that provisioning steps can be undone. */
@ApplicationScoped
public class TenantRegistry {

    public static final String DEFAULT_BUCKET_PREFIX = "consentry-t-";

    /** Claims the slug: the unique constraint makes concurrent creations of one slug fail cleanly. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Tenant reserve(TenantSlug slug, String displayName, TenantKind kind, Cell cell, String bucketPrefix) {
        if (Tenant.findBySlug(slug.value()).isPresent()) {
            throw new TenantAlreadyExistsException(slug.value());
        }
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.slug = slug.value();
        tenant.displayName = displayName;
        tenant.kind = kind;
        tenant.status = TenantStatus.PROVISIONING;
        tenant.cell = cell.name();
        tenant.keycloakUrl = cell.keycloakUrl();
        tenant.realm = slug.realmName();
        tenant.databaseUrl = cell.databaseUrl();
        tenant.dbSchema = slug.schemaName();
        tenant.s3Endpoint = cell.s3Endpoint();
        tenant.bucket = slug.bucketName(bucketPrefix);
        tenant.createdAt = Instant.now();
        tenant.updatedAt = tenant.createdAt;
        try {
            tenant.persistAndFlush();
        } catch (ConstraintViolationException e) {
            throw new TenantAlreadyExistsException(slug.value());
        }
        return tenant;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Tenant setStatus(UUID id, TenantStatus status) {
        Tenant tenant = Tenant.findById(id);
        tenant.status = status;
        tenant.updatedAt = Instant.now();
        tenant.suspendedAt = status == TenantStatus.SUSPENDED ? tenant.updatedAt : null;
        return tenant;
    }

    /**
     * Marks an active or suspended tenant as moving; returns false (and changes nothing) when it is in any other state.
     * Every replica reads the status from this row on each request, so the refusal holds everywhere from the commit on.
     * Joins the caller's transaction: the move claims its record and marks the tenant in one commit.
     */
    @Transactional
    public boolean markMoving(UUID id) {
        Tenant tenant = Tenant.findById(id);
        if (tenant == null || (tenant.status != TenantStatus.ACTIVE && tenant.status != TenantStatus.SUSPENDED)) {
            return false;
        }
        tenant.status = TenantStatus.MOVING;
        tenant.updatedAt = Instant.now();
        return true;
    }

    /**
     * Ends a move: the tenant returns to {@code status} (the one it had before), placed on {@code cell} when the move
     * switched it over, or where it was when the move gave up ({@code cell} null). Joins the caller's transaction, so
     * that the switch and the move's own record commit together.
     */
    @Transactional
    public Tenant endMove(UUID id, TenantStatus status, Cell cell) {
        Tenant tenant = Tenant.findById(id);
        if (cell != null) {
            tenant.cell = cell.name();
            tenant.keycloakUrl = cell.keycloakUrl();
            tenant.databaseUrl = cell.databaseUrl();
            tenant.s3Endpoint = cell.s3Endpoint();
        }
        tenant.status = status;
        tenant.updatedAt = Instant.now();
        return tenant;
    }

    /** The tenant's schema is at {@code version} now; clears the error of an earlier failed attempt. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordSchemaVersion(UUID id, int version) {
        Tenant tenant = Tenant.findById(id);
        if (tenant != null) {
            tenant.schemaVersion = version;
            tenant.schemaError = null;
        }
    }

    /** A migration of the tenant's schema failed; it stays at its version (and refused) until one succeeds. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordSchemaFailure(UUID id, String error) {
        Tenant tenant = Tenant.findById(id);
        if (tenant != null) {
            tenant.schemaError = error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 2000));
        }
    }

    /** Live tenants (active or suspended) whose schema is older than {@code version}, in a stable order. */
    @Transactional
    public List<Tenant> behindSchemaVersion(int version) {
        return Tenant.list("schemaVersion < ?1 and status in ?2 order by slug", version,
                List.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED));
    }

    /** How many live tenants lag behind {@code version}: one indexed count, whatever the number of tenants. */
    @Transactional
    public long countBehindSchemaVersion(int version) {
        return Tenant.count("schemaVersion < ?1 and status in ?2", version, List.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void forget(UUID id) {
        TenantKeyset.deleteById(id);
        Tenant.deleteById(id);
    }

    @Transactional
    public Optional<Tenant> findBySlug(String slug) {
        return Tenant.findBySlug(slug);
    }

    @Transactional
    public Optional<Tenant> findByIssuer(String issuer) {
        int realmStart = issuer.lastIndexOf("/realms/");
        if (realmStart < 0) {
            return Optional.empty();
        }
        String keycloakUrl = issuer.substring(0, realmStart);
        String realm = issuer.substring(realmStart + "/realms/".length());
        return Tenant.find("realm = ?1 and keycloakUrl = ?2", realm, keycloakUrl).firstResultOptional();
    }

    /** How many tenants (in any state but being deleted) each cell holds, for placement; cells with none are absent. */
    @Transactional
    public java.util.Map<String, Long> countByCell() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        Tenant.getEntityManager()
                .createQuery("select t.cell, count(t) from Tenant t where t.status <> ?1 group by t.cell", Object[].class)
                .setParameter(1, TenantStatus.DELETING)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    @Transactional
    public List<Tenant> list() {
        return Tenant.listOrdered();
    }
}
