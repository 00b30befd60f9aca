package io.consentry.devstack;

/** A fixed port requested for one of the local servers is already taken on 127.0.0.1. */
public final class PortInUseException extends IllegalStateException {

    public PortInUseException(String server, int port, String howToChange) {
        super(server + " cannot bind 127.0.0.1:" + port + ": the port is already in use. "
                + "Stop whatever listens there (e.g. `ss -ltnp | grep :" + port + "`, often a previous run "
                + "that did not stop) or choose another port with " + howToChange + ".");
    }
}
