package io.consentry.face.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An npm package tarball ({@code npm pack} output: gzip-compressed ustar, paths under {@code package/}) read with the
 * JDK alone, so the pack build needs no archive library. Only regular files are read; links and directories are
 * skipped.
 */
public final class NpmTarball {
    private static final int BLOCK = 512;

    private final Path file;

    public NpmTarball(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    public String sha256() throws IOException {
        return Sha256.of(file);
    }

    /** Contents of the regular files {@code names} (archive paths); names the archive lacks are missing from the map. */
    public Map<String, byte[]> read(Set<String> names) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        each((name, size, content) -> {
            if (!names.contains(name)) {
                return;
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("entry too large: " + name);
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream((int) size);
            content.transferTo(b);
            out.put(name, b.toByteArray());
        });
        return out;
    }

    /**
     * Writes each archive path of {@code targets} to its file and returns the SHA-256 of what was written per archive
     * path (hashed while writing, so a model file is read once); names the archive lacks are missing from the map.
     */
    public Map<String, String> extract(Map<String, Path> targets) throws IOException {
        Map<String, String> written = new HashMap<>();
        each((name, size, content) -> {
            Path target = targets.get(name);
            if (target == null) {
                return;
            }
            MessageDigest md = Sha256.digest();
            try (OutputStream os = new DigestOutputStream(Files.newOutputStream(target), md)) {
                content.transferTo(os);
            }
            written.put(name, HexFormat.of().formatHex(md.digest()));
        });
        return written;
    }

    /** What to do with one regular file; {@code content} yields exactly its bytes and may be left unread. */
    private interface EntryHandler {
        void handle(String name, long size, InputStream content) throws IOException;
    }

    private void each(EntryHandler handler) throws IOException {
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (readFully(gz, header) && !isZero(header)) {
                String name = cstring(header, 0, 100);
                String prefix = cstring(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                String sz = cstring(header, 124, 12).trim();
                long size = sz.isEmpty() ? 0 : Long.parseLong(sz, 8);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == '0' || type == 0) {
                    Bounded content = new Bounded(gz, size);
                    handler.handle(name, size, content);
                    content.skipRest();
                    discard(gz, padded - size);
                } else {
                    discard(gz, padded);
                }
            }
        }
    }

    /** The next {@code remaining} bytes of the archive stream; closing it does not close the archive. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, remaining));
            if (r < 0) {
                throw new IOException("truncated tar entry");
            }
            remaining -= r;
            return r;
        }

        void skipRest() throws IOException {
            discard(in, remaining);
            remaining = 0;
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

    private static void discard(InputStream in, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("truncated tar entry");
            }
            n -= r;
        }
    }
}
