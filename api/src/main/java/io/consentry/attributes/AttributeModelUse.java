package io.consentry.attributes;

import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.work.TenantWork;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the attribute models (age, gender, expression) out of memory while no tenant uses attribute analysis. The
 * engine opens them on the first granted estimate, never before; this job closes them again once no live tenant has
 * a live ATTRIBUTE_ANALYSIS purpose (the last one was retired, or its tenant closed). Models nobody may use should not
 * sit in a process that handles faces all day.
 */
@ApplicationScoped
public class AttributeModelUse {

    private static final Logger LOG = Logger.getLogger(AttributeModelUse.class);

    private final TenantWork work;
    private final PurposeCatalog catalog;
    private final CurrentEngine engine;

    AttributeModelUse(TenantWork work, PurposeCatalog catalog, CurrentEngine engine) {
        this.work = work;
        this.catalog = catalog;
        this.engine = engine;
    }

    @Scheduled(every = "${consentry.attributes.idle-check:10m}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!engine.attributeModelsLoaded()) {
            return; // nothing to close: do not even look at the tenants
        }
        unloadUnlessUsedBy(tenantsUsingAttributes());
    }

    /**
     * The live tenants (by slug) with at least one live ATTRIBUTE_ANALYSIS purpose. A tenant whose catalogue cannot be
     * read counts as using it: closing models someone may need is the wrong way to fail.
     */
    public List<String> tenantsUsingAttributes() {
        List<String> using = new ArrayList<>();
        for (var tenant : work.liveTenants()) {
            try {
                if (work.as(tenant, () -> !catalog.ofKind(PurposeKind.ATTRIBUTE_ANALYSIS).isEmpty())) {
                    using.add(tenant.slug);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Could not read the purposes of tenant %s (%s); keeping the attribute models", tenant.slug, e.getMessage());
                using.add(tenant.slug);
            }
        }
        return using;
    }

    /** Closes the attribute models when {@code tenantsUsing} is empty; returns whether it closed any. */
    boolean unloadUnlessUsedBy(List<String> tenantsUsing) {
        if (!tenantsUsing.isEmpty()) {
            return false;
        }
        boolean unloaded = engine.unloadAttributeModels();
        if (unloaded) {
            LOG.info("No tenant uses attribute analysis any more: the attribute models were closed");
        }
        return unloaded;
    }
}
