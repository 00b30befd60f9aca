package io.consentry.tenants.placement;

import java.util.List;

/** An operator named a cell this api is not configured for. */
public class UnknownCellException extends RuntimeException {

    private final List<String> known;

    public UnknownCellException(String name, List<String> known) {
        super("No cell is called '" + name + "'; this platform has " + String.join(", ", known) + ".");
        this.known = List.copyOf(known);
    }

    public List<String> known() {
        return known;
    }
}
