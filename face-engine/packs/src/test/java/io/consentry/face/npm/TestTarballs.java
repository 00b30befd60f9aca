package io.consentry.face.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes small .tgz files in npm's layout (ustar, gzip) for the pack-build tests: no real package needed. */
public final class TestTarballs {
    private TestTarballs() {
    }

    /** Regular files {@code path -> bytes}, in map order, plus one directory entry (skipped by readers). */
    public static Path write(Path tgz, Map<String, byte[]> files) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(header("package/", 0, '5'));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.write(header(f.getKey(), f.getValue().length, '0'));
                out.write(f.getValue());
                out.write(new byte[(512 - f.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return tgz;
    }

    /** A whole archive cut after {@code keep} bytes of its uncompressed tar stream. */
    public static Path writeTruncated(Path tgz, String name, byte[] content, int keep) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(header(name, content.length, '0'));
        tar.write(content);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(tar.toByteArray(), 0, keep);
        }
        return tgz;
    }

    private static byte[] header(String path, long size, char type) {
        byte[] h = new byte[512];
        String name = path;
        String prefix = "";
        if (path.length() > 100) { // ustar: the directory part goes to the prefix field
            int cut = path.lastIndexOf('/', 155);
            prefix = path.substring(0, cut);
            name = path.substring(cut + 1);
        }
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
