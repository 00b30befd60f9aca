package io.consentry.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Stops a child process together with everything it started. Launch scripts such as kc.sh run the
 * real JVM as their own child; destroying only the script would leave that JVM orphaned.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /** Asks the whole tree to terminate, waits up to {@code grace}, then kills what is left. */
    public static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = root.descendants().collect(Collectors.toList());
        tree.add(0, root);
        // Deepest first: the JVM under a wrapper script gets the signal directly, not via the script's trap.
        for (int i = tree.size() - 1; i >= 0; i--) {
            tree.get(i).destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining > 0) {
                    process.onExit().get(remaining, TimeUnit.NANOSECONDS);
                }
            } catch (Exception stillRunning) {
                // handled below
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a process that survives SIGKILL for 5 s is beyond our control; the caller's check will report it
            }
        }
    }

    /** True if the process or any of its descendants still runs. */
    public static boolean anyAlive(ProcessHandle root) {
        return root.isAlive() || root.descendants().anyMatch(ProcessHandle::isAlive);
    }
}
