package io.consentry.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The official Keycloak server distribution (org.keycloak:keycloak-quarkus-dist zip). Maven puts
 * the zip into the local repository when this module is built (it is a declared dependency); here
 * we only find it and unpack it. Nothing is downloaded at run time.
 */
public final class KeycloakDistribution {

    /** Overrides where the zip is taken from (system property, then environment variable). */
    public static final String ZIP_PROPERTY = "consentry.keycloak.dist-zip";
    public static final String ZIP_ENV = "CONSENTRY_KEYCLOAK_DIST_ZIP";

    private static final String READY_MARKER = ".consentry-unpacked";
    private static final String TEMPLATE_MARKER = ".consentry-template";

    private final String version;
    private final Path zip;

    private KeycloakDistribution(String version, Path zip) {
        this.version = version;
        this.zip = zip;
    }

    public static KeycloakDistribution locate() {
        Properties build = buildProperties();
        String version = build.getProperty("keycloak.version");
        String relative = "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip";
        Stream<Path> candidates = Stream.of(
                        System.getProperty(ZIP_PROPERTY),
                        System.getenv(ZIP_ENV),
                        repoFile(System.getProperty("maven.repo.local"), relative),
                        repoFile(build.getProperty("maven.local-repository"), relative),
                        repoFile(System.getProperty("user.home") + "/.m2/repository", relative))
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of);
        Path zip = candidates.filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "Keycloak distribution zip " + relative + " is not in the local Maven repository. Build the dev "
                        + "stack first (mvn -pl api/devstack -am install puts it there), or set " + ZIP_ENV
                        + " to the zip's path."));
        return new KeycloakDistribution(version, zip);
    }

    public String version() {
        return version;
    }

    public Path zip() {
        return zip;
    }

    /**
     * Returns a Keycloak home under {@code parentDir} ({@code keycloak-<version>}), creating it on the
     * first call: from the built template if one exists (skips Keycloak's ~20 s build step on first
     * start), otherwise by unpacking the zip. A half-made home (interrupted earlier) is made again.
     */
    public Path prepareHome(Path parentDir) {
        Path home = parentDir.resolve("keycloak-" + version);
        if (Files.exists(home.resolve(READY_MARKER))) {
            return home;
        }
        try {
            Files.createDirectories(parentDir);
            Path template = templateDir();
            if (Files.exists(template.resolve(TEMPLATE_MARKER))) {
                copyTree(template, home);
            } else {
                unzip(parentDir);
            }
            Files.createFile(home.resolve(READY_MARKER));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak " + version + " in " + parentDir, e);
        }
    }

    /**
     * Keeps a copy of a home that has started successfully (so it is built for our build-time options)
     * as the template for later fresh homes, e.g. every test run's temporary stack. Data, logs and
     * markers are left out. Concurrent offers are harmless: the first complete copy wins.
     */
    void offerAsTemplate(Path home) {
        Path template = templateDir();
        if (Files.exists(template.resolve(TEMPLATE_MARKER))) {
            return;
        }
        Path scratch = template.resolveSibling(template.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        try {
            copyTree(home, scratch);
            Files.createFile(scratch.resolve(TEMPLATE_MARKER));
            Files.createDirectories(template.getParent());
            Files.move(scratch, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another JVM made the template first, or /tmp is full: starting without one is only slower.
            DevStack.deleteRecursively(scratch);
        }
    }

    private Path templateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "consentry-keycloak-template", "keycloak-" + version);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (isExcludedFromCopy(relative)) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Instance state that must never travel between homes. */
    private static boolean isExcludedFromCopy(Path relative) {
        String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
        return first.equals("data") || first.equals(READY_MARKER) || first.equals(TEMPLATE_MARKER);
    }

    private void unzip(Path parentDir) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path path = parentDir.resolve(entry.getName()).normalize();
                if (!path.startsWith(parentDir)) {
                    throw new IOException("zip entry escapes target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if (path.getFileName().toString().endsWith(".sh")) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static String repoFile(String repository, String relative) {
        return repository == null || repository.isBlank() || repository.contains("${")
                ? null : repository + "/" + relative;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("devstack.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("devstack.properties missing from the consentry-devstack jar", e);
        }
        return properties;
    }
}
