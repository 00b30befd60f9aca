package io.consentry.tenants.placement;

import io.consentry.tenants.registry.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the cell a new tenant lives on: the one asked for, or else the least loaded — the fewest tenants per unit
 * of {@link CellSettings#weight() weight}, the home cell first on a tie. Counting tenants is the measure because
 * what fills a cell first is per tenant (a realm, a schema of tables, a bucket), not per request.
 */
@ApplicationScoped
public class CellPlacement {

    private final Cells cells;
    private final TenantRegistry registry;

    CellPlacement(Cells cells, TenantRegistry registry) {
        this.cells = cells;
        this.registry = registry;
    }

    /**
     * @param requested the cell the operator asked for, or empty to let the platform choose
     * @throws UnknownCellException if the requested cell is not configured
     */
    public CellSettings placeNewTenant(Optional<String> requested) {
        if (requested.isPresent()) {
            return cells.named(requested.get()).orElseThrow(() -> new UnknownCellException(requested.get(), names()));
        }
        return leastLoaded(cells.all(), registry.countByCell());
    }

    static CellSettings leastLoaded(List<CellSettings> candidates, Map<String, Long> tenantsPerCell) {
        List<CellSettings> open = candidates.stream().filter(cell -> cell.weight() > 0).toList();
        if (open.isEmpty()) {
            // Every cell closed to new tenants by configuration: the home cell still takes them rather than none.
            return candidates.get(0);
        }
        Comparator<CellSettings> byLoad = Comparator.comparingDouble(
                cell -> tenantsPerCell.getOrDefault(cell.name(), 0L) / (double) cell.weight());
        // min() keeps the first of equals, and candidates come home cell first.
        return open.stream().min(byLoad).orElseThrow();
    }

    private List<String> names() {
        return cells.all().stream().map(CellSettings::name).toList();
    }
}
