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

    private static final String UNPACKED_MARKER = ".consentry-unpacked";

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
     * Unpacks into {@code parentDir/keycloak-<version>} unless that was already done, and returns the
     * Keycloak home. A half-unpacked directory (interrupted earlier) is unpacked again.
     */
    public Path unpackInto(Path parentDir) {
        Path home = parentDir.resolve("keycloak-" + version);
        if (Files.exists(home.resolve(UNPACKED_MARKER))) {
            return home;
        }
        try {
            Files.createDirectories(parentDir);
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
            Files.createFile(home.resolve(UNPACKED_MARKER));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + parentDir, e);
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
