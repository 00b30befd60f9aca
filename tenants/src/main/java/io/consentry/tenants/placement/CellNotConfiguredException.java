package io.consentry.tenants.placement;

/**
 * A tenant lives on a cell this api has no configuration for (the cell was removed from {@code consentry.cells.names},
 * or this api was deployed without it). A deployment error, not the caller's: nothing of the tenant can be reached
 * until the cell is configured again.
 */
public class CellNotConfiguredException extends RuntimeException {

    private final String tenantSlug;
    private final String cell;

    public CellNotConfiguredException(String tenantSlug, String cell) {
        super("Tenant " + tenantSlug + " lives on cell '" + cell + "', which this api is not configured for (consentry.cells.names)");
        this.tenantSlug = tenantSlug;
        this.cell = cell;
    }

    public String tenantSlug() {
        return tenantSlug;
    }

    public String cell() {
        return cell;
    }
}
