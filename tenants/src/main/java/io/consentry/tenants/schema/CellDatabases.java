package io.consentry.tenants.schema;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.quarkus.agroal.DataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL connection pools of every cell, two per cell as on the home cell: the <em>runtime</em> role's pool
 * serves requests (and joins the request's transaction), the <em>owner</em> role's small pool creates, migrates and
 * drops tenant schemas. The home cell's pools are the api's configured datasources; another cell's are created on
 * first use with the same limits, so a cell that no tenant uses costs no connection.
 */
@ApplicationScoped
public class CellDatabases {

    private static final Logger LOG = Logger.getLogger(CellDatabases.class);
    /** Owner work is rare and sequential (provisioning, migrations, moves), as on the home cell's owner pool. */
    private static final int OWNER_POOL_SIZE = 2;

    private final Cells cells;
    private final AgroalDataSource homeRuntime;
    private final AgroalDataSource homeOwner;
    private final TransactionManager transactions;
    private final TransactionSynchronizationRegistry synchronizations;
    private final int runtimePoolSize;
    private final Duration acquisitionTimeout;
    private final String sessionOptions;
    private final Map<String, AgroalDataSource> runtimePools = new ConcurrentHashMap<>();
    private final Map<String, AgroalDataSource> ownerPools = new ConcurrentHashMap<>();

    CellDatabases(Cells cells, AgroalDataSource homeRuntime,
                  @DataSource(TenantSchemas.OWNER_DATASOURCE) AgroalDataSource homeOwner,
                  TransactionManager transactions, TransactionSynchronizationRegistry synchronizations,
                  @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int runtimePoolSize,
                  @ConfigProperty(name = "quarkus.datasource.jdbc.acquisition-timeout", defaultValue = "10s") Duration acquisitionTimeout,
                  @ConfigProperty(name = "quarkus.datasource.jdbc.additional-jdbc-properties.options", defaultValue = "") String sessionOptions) {
        this.cells = cells;
        this.homeRuntime = homeRuntime;
        this.homeOwner = homeOwner;
        this.transactions = transactions;
        this.synchronizations = synchronizations;
        this.runtimePoolSize = runtimePoolSize;
        this.acquisitionTimeout = acquisitionTimeout;
        this.sessionOptions = sessionOptions;
    }

    /** The pool that serves requests of tenants on {@code cell}: joins JTA transactions. */
    public AgroalDataSource runtime(CellSettings cell) {
        if (isHome(cell)) {
            return homeRuntime;
        }
        return runtimePools.computeIfAbsent(cell.name(), name -> pool(cell, cell.runtimeUser(), cell.runtimePassword(), runtimePoolSize, true));
    }

    /** The owner role's pool on {@code cell}: schema creation, migrations, grants, drops and copies. */
    public AgroalDataSource owner(CellSettings cell) {
        if (isHome(cell)) {
            return homeOwner;
        }
        return ownerPools.computeIfAbsent(cell.name(), name -> pool(cell, cell.ownerUser(), cell.ownerPassword(), OWNER_POOL_SIZE, false));
    }

    public AgroalDataSource owner(Tenant tenant) {
        return owner(cells.of(tenant));
    }

    private boolean isHome(CellSettings cell) {
        return cell.name().equals(cells.home().name());
    }

    private AgroalDataSource pool(CellSettings cell, String user, String password, int maxSize, boolean joinsTransactions) {
        AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> {
                    pool.minSize(0).initialSize(0).maxSize(maxSize).acquisitionTimeout(acquisitionTimeout)
                            .connectionFactoryConfiguration(factory -> {
                                factory.jdbcUrl(cell.jdbcUrl())
                                        .principal(new NamePrincipal(user))
                                        .credential(new SimplePassword(password));
                                if (!sessionOptions.isBlank()) {
                                    // The same statement and lock limits as on the home cell: no request waits for ever.
                                    factory.jdbcProperty("options", sessionOptions);
                                }
                                return factory;
                            });
                    if (joinsTransactions) {
                        pool.transactionIntegration(new NarayanaTransactionIntegration(transactions, synchronizations));
                    }
                    return pool;
                });
        try {
            AgroalDataSource dataSource = AgroalDataSource.from(configuration);
            LOG.infof("Opened the %s pool of %s (at most %d connections)", joinsTransactions ? "runtime" : "owner", cell, maxSize);
            return dataSource;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not set up the database pool of " + cell + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        runtimePools.values().forEach(AgroalDataSource::close);
        ownerPools.values().forEach(AgroalDataSource::close);
    }
}
