package io.consentry.face.pack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * Build-time tool (run by exec-maven-plugin in process-classes): verifies the npm tarball of the
 * default pack against the pinned SHA-256, extracts the model files named in the pinned manifest
 * template ({@code src/main/resources/io/consentry/face/packs/<pack-id>.properties}), verifies each
 * file's SHA-256 and writes {@code <out>/<pack-id>/pack.properties}. Any mismatch fails the build.
 *
 * <p>Usage: {@code PackBuilder <tarball.tgz> <out-root> <pack-id>}
 */
public final class PackBuilder {
    private PackBuilder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PackBuilder <tarball.tgz> <out-root> <pack-id>");
            System.exit(2);
        }
        Path out = build(Path.of(args[0]), Path.of(args[1]), args[2]);
        System.out.println("[face-engine] model pack verified and ready: " + out.toAbsolutePath());
    }

    public static Path build(Path tarball, Path outRoot, String packId) throws IOException {
        Properties tpl = new Properties();
        String res = "/io/consentry/face/packs/" + packId + ".properties";
        try (InputStream in = PackBuilder.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no pinned manifest template " + res);
            }
            try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                tpl.load(r);
            }
        }
        String expectedTar = tpl.getProperty("pack.source.sha256");
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("model pack tarball not found: " + tarball);
        }
        String actualTar = ModelPack.sha256(tarball);
        if (!actualTar.equals(expectedTar)) {
            throw new IllegalStateException("SHA-256 MISMATCH for " + tarball + ": expected " + expectedTar
                    + ", found " + actualTar + ". Refusing to build the model pack (delete the file to re-fetch).");
        }
        // archive path -> (file name, expected sha)
        Map<String, String[]> wanted = new HashMap<>();
        for (String role : tpl.getProperty("models").split(",")) {
            role = role.trim();
            String pre = "model." + role + ".";
            wanted.put(tpl.getProperty(pre + "source"), new String[] {tpl.getProperty(pre + "file"),
                    tpl.getProperty(pre + "sha256"), role});
        }
        for (String extra : tpl.getProperty("pack.source.extra-files", "").split(",")) {
            if (!extra.isBlank()) {
                String[] kv = extra.trim().split("=", 2);
                wanted.put(kv[0], new String[] {kv[1], null, null});
            }
        }
        Path dir = outRoot.resolve(packId);
        Path tmp = outRoot.resolve(packId + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        int found = 0;
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            while (readFully(gz, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = cstring(header, 0, 100);
                String prefix = cstring(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(cstring(header, 124, 12).trim().isEmpty() ? "0" : cstring(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                String[] w = (type == '0' || type == 0) ? wanted.get(name) : null;
                if (w != null) {
                    Path target = tmp.resolve(w[0]);
                    MessageDigest md = sha();
                    try (OutputStream os = new DigestOutputStream(Files.newOutputStream(target), md)) {
                        copy(gz, os, size);
                    }
                    skip(gz, padded - size);
                    if (w[1] != null) {
                        String actual = HexFormat.of().formatHex(md.digest());
                        if (!actual.equals(w[1])) {
                            deleteTree(tmp);
                            throw new IllegalStateException("SHA-256 MISMATCH for model '" + w[2] + "' (" + name
                                    + "): expected " + w[1] + ", found " + actual);
                        }
                    }
                    found++;
                } else {
                    skip(gz, padded);
                }
            }
        }
        if (found != wanted.size()) {
            deleteTree(tmp);
            throw new IllegalStateException("tarball lacks some pinned files: found " + found + " of " + wanted.size());
        }
        try (Writer wr = Files.newBufferedWriter(tmp.resolve(ModelPack.MANIFEST), StandardCharsets.UTF_8)) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (InputStream in = PackBuilder.class.getResourceAsStream(res)) {
                in.transferTo(raw);
            }
            wr.write(raw.toString(StandardCharsets.UTF_8));
        }
        // final check through the runtime loader
        ModelPack.load(tmp, true);
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** Contents of the regular files {@code names} (archive paths) in a .tgz; absent names are missing from the map. */
    public static Map<String, byte[]> readEntries(Path tarball, java.util.Set<String> names) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            while (readFully(gz, header) && !isZero(header)) {
                String name = cstring(header, 0, 100);
                String prefix = cstring(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                String sz = cstring(header, 124, 12).trim();
                long size = sz.isEmpty() ? 0 : Long.parseLong(sz, 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if ((type == '0' || type == 0) && names.contains(name)) {
                    if (size > Integer.MAX_VALUE - 8) {
                        throw new IOException("entry too large: " + name);
                    }
                    ByteArrayOutputStream b = new ByteArrayOutputStream((int) size);
                    copy(gz, b, size);
                    skip(gz, padded - size);
                    out.put(name, b.toByteArray());
                } else {
                    skip(gz, padded);
                }
            }
        }
        return out;
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new IOException("truncated tar archive");
            }
            off += n;
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("truncated tar entry");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        copy(in, OutputStream.nullOutputStream(), n);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
