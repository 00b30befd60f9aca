package io.consentry.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package owns which table, and which source file names a table it does not own in a SQL or JPQL string.
 * Owners are read from the code itself ({@code @Table(name = ...)} on entities, plus {@link #EXTRA_OWNERS} for tables
 * written only with native SQL); a string literal that names a table or an entity after FROM, JOIN, INTO, UPDATE or
 * TABLE counts as a query of it.
 */
final class TableOwnership {

    /** Tables that have no entity class: their owner, by package. */
    static final Map<String, String> EXTRA_OWNERS = Map.of("receipt_signing_key", "io.consentry.receipt");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TABLE_ANNOTATION = Pattern.compile("@Table\\(name\\s*=\\s*\"(\\w+)\"");
    private static final Pattern ENTITY_CLASS = Pattern.compile("@Entity[\\s\\S]*?\\bclass (\\w+)");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern SQL_NAME = Pattern.compile("\\b(?:from|join|into|update|table)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    record Violation(Path file, String table, String owner) {
        @Override
        public String toString() {
            return file + " queries " + table + ", which belongs to " + owner;
        }
    }

    /** table (lower case) or entity simple name → owning package */
    private final Map<String, String> owners = new HashMap<>(EXTRA_OWNERS);
    private final Map<Path, String> sources = new HashMap<>();

    static TableOwnership of(Path sourceRoot) {
        TableOwnership ownership = new TableOwnership();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(ownership::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ownership;
    }

    void add(Path file, String source) {
        sources.put(file, source);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            return;
        }
        Matcher table = TABLE_ANNOTATION.matcher(source);
        if (table.find()) {
            owners.put(table.group(1).toLowerCase(Locale.ROOT), pkg.group(1));
            Matcher entity = ENTITY_CLASS.matcher(source);
            if (entity.find()) {
                owners.put(entity.group(1), pkg.group(1));
            }
        }
    }

    List<Violation> violations() {
        List<Violation> out = new ArrayList<>();
        sources.forEach((file, source) -> {
            Matcher pkg = PACKAGE.matcher(source);
            if (!pkg.find()) {
                return;
            }
            Matcher literal = STRING.matcher(source);
            while (literal.find()) {
                Matcher name = SQL_NAME.matcher(literal.group(1));
                while (name.find()) {
                    String word = name.group(1);
                    String owner = owners.getOrDefault(word.toLowerCase(Locale.ROOT), owners.get(word));
                    if (owner != null && !owner.equals(pkg.group(1))) {
                        out.add(new Violation(file, word, owner));
                    }
                }
            }
        });
        return out;
    }

    int tablesKnown() {
        return (int) owners.keySet().stream().filter(k -> k.equals(k.toLowerCase(Locale.ROOT))).count();
    }

    private void read(Path file) {
        try {
            add(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
