package io.consentry.devicekit.sim;

import io.consentry.devicekit.Alternative;
import io.consentry.devicekit.Claim;
import io.consentry.devicekit.Decision;
import io.consentry.devicekit.DeviceClient;
import io.consentry.devicekit.DeviceKitException;
import io.consentry.devicekit.RetryPolicy;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The device simulator: a gate in a terminal, built on the device kit. See "Device kit" in api/DEVICES.md.
 * <pre>
 * java -jar consentry-device-sim.jar --api URL --keycloak URL --tenant SLUG --client-id ID --client-secret SECRET COMMAND …
 *   heartbeat   [--version V] [--health OK|DEGRADED|FAILING] [--detail TEXT]
 *   replay      --frames DIR [--mode verify|identify] [--subject REF] [--claim-type SUBJECT_REF|CARD|QR]
 *               [--rate N/s] [--duration 30s] [--count N] [--workers N] [--retry]
 *   alternative --pin PIN --subject REF | --qr PAYLOAD | --card ID
 *   events      --listen 127.0.0.1:PORT --secret S [--secret S2] [--count N] [--duration D]   (no api options needed)
 * </pre>
 * The client secret may also come from the environment ({@code CONSENTRY_DEVICE_SECRET}), so it stays out of the
 * shell history. Exit status: 0 done, 1 the api refused (a problem), 2 bad arguments.
 */
public final class DeviceSim {

    private static final Set<String> FLAGS = Set.of("retry", "help");

    private DeviceSim() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out));
    }

    /** Runs one command, printing to {@code out}; returns the exit status (the tests call this in-process). */
    public static int run(String[] argv, PrintStream out) {
        try {
            Args args = Args.parse(argv, FLAGS);
            if (args.command() == null || args.flag("help")) {
                out.println(usage());
                return args.flag("help") ? 0 : 2;
            }
            return switch (args.command()) {
                case "heartbeat" -> heartbeat(args, out);
                case "replay" -> replay(args, out);
                case "alternative" -> alternative(args, out);
                case "events" -> events(args, out);
                default -> throw new Args.Invalid("Unknown command " + args.command() + "\n" + usage());
            };
        } catch (Args.Invalid e) {
            out.println("error: " + e.getMessage());
            return 2;
        } catch (DeviceKitException e) {
            out.println("error: " + e.code() + " (" + e.status() + "): " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.io.IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                usage: consentry-device-sim --api URL --keycloak URL --tenant SLUG --client-id ID --client-secret SECRET COMMAND
                  heartbeat   [--version V] [--health OK|DEGRADED|FAILING] [--detail TEXT]
                  replay      --frames DIR [--mode verify|identify] [--subject REF] [--claim-type SUBJECT_REF|CARD|QR]
                              [--rate N/s] [--duration 30s] [--count N] [--workers N] [--retry]
                  alternative --pin PIN --subject REF | --qr PAYLOAD | --card ID
                  events      --listen 127.0.0.1:PORT --secret S [--secret S2] [--count N] [--duration D]""";
    }

    static DeviceClient client(Args args) {
        String secret = args.get("client-secret") != null ? args.get("client-secret") : System.getenv("CONSENTRY_DEVICE_SECRET");
        if (secret == null) {
            throw new Args.Invalid("--client-secret (or CONSENTRY_DEVICE_SECRET) is required");
        }
        DeviceClient.Builder b = DeviceClient.builder().api(uri(args.require("api"), "api"))
                .credentials(args.require("client-id"), secret)
                .retries(args.flag("retry") ? RetryPolicy.defaults() : RetryPolicy.none());
        if (args.get("token-url") != null) {
            b.tokenEndpoint(uri(args.get("token-url"), "token-url"));
        } else {
            b.keycloak(uri(args.require("keycloak"), "keycloak"), args.require("tenant"));
        }
        Duration timeout = args.duration("timeout");
        if (timeout != null) {
            b.timeout(timeout);
        }
        return b.build();
    }

    private static int heartbeat(Args args, PrintStream out) {
        DeviceClient.Health health;
        try {
            health = DeviceClient.Health.valueOf(args.get("health") == null ? "OK" : args.get("health").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.Invalid("--health must be OK, DEGRADED or FAILING");
        }
        var ack = client(args).heartbeat(args.get("version") == null ? "consentry-device-sim" : args.get("version"), health, args.get("detail"));
        out.println("heartbeat: " + ack.status() + " at " + ack.receivedAt());
        return 0;
    }

    private static int replay(Args args, PrintStream out) throws InterruptedException {
        Replay.Mode mode;
        try {
            mode = Replay.Mode.valueOf((args.get("mode") == null ? "verify" : args.get("mode")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.Invalid("--mode must be verify or identify");
        }
        Claim claim = null;
        if (mode == Replay.Mode.VERIFY) {
            Claim.Type type;
            try {
                type = Claim.Type.valueOf(args.get("claim-type") == null ? "SUBJECT_REF" : args.get("claim-type").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Args.Invalid("--claim-type must be SUBJECT_REF, CARD or QR");
            }
            claim = new Claim(type, args.require("subject"));
        }
        var frames = Replay.frames(Path.of(args.require("frames")));
        Replay replay = new Replay(client(args), mode, claim, out);
        Replay.Summary summary = replay.run(frames, args.integer("count", 0), args.duration("duration"), args.rate("rate"),
                args.integer("workers", 1));
        out.println("-- summary (" + mode.name().toLowerCase(Locale.ROOT) + ", " + frames.size() + " frames)");
        summary.print(out);
        return summary.decisions() == 0 && summary.requests() > 0 ? 1 : 0;
    }

    private static int alternative(Args args, PrintStream out) {
        Alternative credential;
        if (args.get("pin") != null) {
            credential = Alternative.pin(args.require("subject"), args.get("pin"));
        } else if (args.get("qr") != null) {
            credential = Alternative.qr(args.get("qr"));
        } else if (args.get("card") != null) {
            credential = Alternative.card(args.get("card"));
        } else {
            throw new Args.Invalid("alternative needs --pin (with --subject), --qr or --card");
        }
        Decision d = client(args).alternative(credential);
        out.printf(Locale.ROOT, "%s %s %s subject=%s decision=%s%n", credential.method(), d.outcome(), d.reason(),
                d.subjectId() == null ? "-" : d.subjectId(), d.decisionId());
        return 0;
    }

    private static int events(Args args, PrintStream out) throws java.io.IOException, InterruptedException {
        String listen = args.require("listen");
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new Args.Invalid("--listen must be HOST:PORT, e.g. 127.0.0.1:8099");
        }
        List<String> secrets = args.all("secret");
        if (secrets.isEmpty()) {
            throw new Args.Invalid("--secret is required (give it twice while the secret is being rotated)");
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Args.Invalid("--listen must be HOST:PORT, e.g. 127.0.0.1:8099");
        }
        int count = args.integer("count", 0);
        Duration duration = args.duration("duration");
        if (count <= 0 && duration == null) {
            duration = Duration.ofDays(365); // until interrupted
        }
        try (EventReceiver receiver = new EventReceiver(new InetSocketAddress(listen.substring(0, colon), port),
                WebhookVerifier.withDefaults(secrets), out, count)) {
            receiver.start();
            out.println("listening on " + receiver.address() + " (Ctrl-C to stop)");
            Thread onInterrupt = new Thread(() -> receiver.printSummary(out));
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            receiver.awaitEvents(duration == null ? Duration.ofDays(365) : duration);
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            out.println("-- summary");
            receiver.printSummary(out);
        }
        return 0;
    }

    private static URI uri(String value, String name) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new Args.Invalid("--" + name + " must be a URL such as https://consentry.example.com, not " + value);
        }
    }
}
