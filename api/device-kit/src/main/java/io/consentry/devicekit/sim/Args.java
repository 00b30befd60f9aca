package io.consentry.devicekit.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code [--option value | --option=value | --flag]… command [--option value]…}: small enough not to need a library. */
final class Args {

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> options = new HashMap<>();
    private String command;

    static Args parse(String[] argv, Set<String> flags) {
        Args args = new Args();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new Invalid("--" + name + " needs a value");
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (args.command == null) {
                args.command = a;
            } else {
                throw new Invalid("Unexpected argument: " + a);
            }
        }
        return args;
    }

    String command() {
        return command;
    }

    String get(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    String require(String name) {
        String value = get(name);
        if (value == null || value.isBlank()) {
            throw new Invalid("--" + name + " is required");
        }
        return value;
    }

    boolean flag(String name) {
        return "true".equals(get(name));
    }

    int integer(String name, int fallback) {
        String value = get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Invalid("--" + name + " must be a whole number, not " + value);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or an ISO-8601 duration; null when absent. */
    Duration duration(String name) {
        String value = get(name);
        return value == null ? null : duration(value, name);
    }

    static Duration duration(String value, String name) {
        try {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new Invalid("--" + name + " must be a duration such as 30s, 5m or 500ms, not " + value);
        }
    }

    /** {@code 5/s}, {@code 5}, {@code 300/m}: requests per second; 0 when absent (as fast as the workers go). */
    double rate(String name) {
        String value = get(name);
        if (value == null) {
            return 0;
        }
        try {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.endsWith("/s")) {
                return Double.parseDouble(v.substring(0, v.length() - 2));
            }
            if (v.endsWith("/m")) {
                return Double.parseDouble(v.substring(0, v.length() - 2)) / 60.0;
            }
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new Invalid("--" + name + " must be a rate such as 5/s or 300/m, not " + value);
        }
    }
}
