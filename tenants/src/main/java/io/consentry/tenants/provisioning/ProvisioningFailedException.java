package io.consentry.tenants.provisioning;

/** Provisioning stopped at {@link #step()}; every step done before it has been undone. */
public class ProvisioningFailedException extends RuntimeException {

    private final String step;
    private final boolean conflict;

    public ProvisioningFailedException(String step, boolean conflict, RuntimeException cause) {
        super("Provisioning failed at step '" + step + "' and was rolled back: " + cause.getMessage(), cause);
        this.step = step;
        this.conflict = conflict;
    }

    public String step() {
        return step;
    }

    /** True when the step failed because the resource already existed (not a transient outage). */
    public boolean conflict() {
        return conflict;
    }
}
