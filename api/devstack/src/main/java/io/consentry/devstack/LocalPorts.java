package io.consentry.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice for servers that only ever bind to the loopback address. */
public final class LocalPorts {

    public static final String LOOPBACK = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * Returns {@code requested} after checking it is free, or a free port when {@code requested} is 0.
     * Checking up front turns a server's obscure bind failure into a message naming the port.
     */
    public static int claim(int requested, String server, String howToChange) {
        if (requested == 0) {
            return freePort();
        }
        if (!isFree(requested)) {
            throw new PortInUseException(server, requested, howToChange);
        }
        return requested;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
