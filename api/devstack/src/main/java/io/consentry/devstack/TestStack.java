package io.consentry.devstack;

import java.util.Map;

/**
 * One ephemeral dev stack per test JVM: started on the first {@link #config()} call (temporary state,
 * free ports), stopped and deleted when the JVM exits. Meant for the api's Quarkus test resource,
 * which passes the map on as configuration overrides.
 */
public final class TestStack {

    private static DevStack stack;

    private TestStack() {
    }

    /** The api configuration of the shared stack, starting it if this is the first call. */
    public static synchronized Map<String, String> config() {
        if (stack == null) {
            // DevStack registers its own shutdown hook, which stops the servers and deletes the state.
            stack = DevStack.start(DevStack.Options.ephemeral()
                    .withProgress(line -> System.out.println("[test-stack] " + line)));
        }
        return stack.apiConfig();
    }

    /** The running stack (starting it if needed), for tests that need more than the config. */
    public static synchronized DevStack stack() {
        config();
        return stack;
    }
}
