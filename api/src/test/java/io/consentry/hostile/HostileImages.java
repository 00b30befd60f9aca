package io.consentry.hostile;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Images no camera produces: truncated, corrupt, decompression bombs, the wrong format, hostile EXIF. Built from a
 * synthetic picture without a face, so that none of them can be a legitimate success; {@link #withFace} are hostile
 * wrappings of a real face photo, which may be accepted.
 */
final class HostileImages {

    record Case(String name, byte[] bytes, boolean decodable) {
    }

    private HostileImages() {
    }

    static Map<String, Case> all() {
        byte[] jpeg = jpeg(scene(640, 480));
        byte[] png = png(scene(320, 240));
        Map<String, Case> cases = new LinkedHashMap<>();
        add(cases, "truncated JPEG (half)", Arrays.copyOf(jpeg, jpeg.length / 2), false);
        add(cases, "truncated JPEG (header only)", Arrays.copyOf(jpeg, 20), false);
        add(cases, "truncated PNG", Arrays.copyOf(png, png.length / 3), false);
        add(cases, "corrupt JPEG (random body)", corrupt(jpeg, 1), false);
        add(cases, "corrupt JPEG (flipped bits)", flip(jpeg, 2), false);
        add(cases, "corrupt PNG (bad CRC and data)", flip(png, 3), false);
        add(cases, "random bytes", random(4096, 4), false);
        add(cases, "empty", new byte[0], false);
        add(cases, "one byte", new byte[]{(byte) 0xFF}, false);
        add(cases, "PNG bomb header 60000x60000", pngHeader(60000, 60000), false);
        add(cases, "PNG bomb header 100000x1", pngHeader(100000, 1), false);
        add(cases, "PNG 0x0", pngHeader(0, 0), false);
        add(cases, "PNG bomb, real deflate stream (12000x12000 zeros)", zlibBomb(12000, 12000), false);
        add(cases, "JPEG SOF 65535x65535", jpegSof(jpeg, 65535, 65535), false);
        add(cases, "GIF", ascii("GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000"), false);
        add(cases, "TIFF", new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0}, false);
        add(cases, "PDF", ascii("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"), false);
        add(cases, "SVG", ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"/>"), false);
        add(cases, "HEIC (ftyp)", heic(), false);
        add(cases, "BMP with a lying header", bmpLying(), false);
        add(cases, "EXIF orientation 9", exif(jpeg, exifOrientation(9)), true);
        add(cases, "EXIF orientation -1 (65535)", exif(jpeg, exifOrientation(65535)), true);
        add(cases, "EXIF IFD offset beyond the end", exif(jpeg, exifBadOffset()), true);
        add(cases, "EXIF IFD with 65535 entries", exif(jpeg, exifHugeCount()), true);
        add(cases, "EXIF IFD pointing at itself", exif(jpeg, exifLoop()), true);
        add(cases, "EXIF 60000 bytes of garbage", exif(jpeg, random(60000, 5)), true);
        add(cases, "tiny 1x1 PNG", png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)), true);
        return cases;
    }

    /** A real face photo with hostile EXIF around it: decodes, may be accepted. */
    static Map<String, Case> withFace(byte[] photo) {
        Map<String, Case> cases = new LinkedHashMap<>();
        add(cases, "face, EXIF orientation 9", exif(photo, exifOrientation(9)), true);
        add(cases, "face, EXIF loop", exif(photo, exifLoop()), true);
        return cases;
    }

    private static void add(Map<String, Case> cases, String name, byte[] bytes, boolean decodable) {
        cases.put(name, new Case(name, bytes, decodable));
    }

    /** Shapes and noise, nothing like a face. */
    private static BufferedImage scene(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillRect(random.nextInt(w), random.nextInt(h), 10 + random.nextInt(w / 3), 10 + random.nextInt(h / 3));
        }
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpg");
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] corrupt(byte[] jpeg, long seed) {
        byte[] out = jpeg.clone();
        Random random = new Random(seed);
        for (int i = 200; i < out.length - 2; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] flip(byte[] data, long seed) {
        byte[] out = data.clone();
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            int at = 8 + random.nextInt(out.length - 8);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] random(int length, long seed) {
        byte[] out = new byte[length];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] pngHeader(int w, int h) {
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[0]);
        chunk(out, "IEND", new byte[0]);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** A small file whose pixels inflate to gigabytes: width x height x 3 bytes of zeros, deflated. */
    private static byte[] zlibBomb(int w, int h) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] row = new byte[1 + w * 3];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int y = 0; y < h; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buffer);
                compressed.write(buffer, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            compressed.write(buffer, 0, n);
        }
        byte[] idat = compressed.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(idat.length + 100);
        out.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        out.putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }

    /** Rewrites the first SOF0/SOF2 frame size. */
    private static byte[] jpegSof(byte[] jpeg, int w, int h) {
        byte[] out = jpeg.clone();
        for (int i = 2; i < out.length - 9; i++) {
            if ((out[i] & 0xff) == 0xFF && ((out[i + 1] & 0xff) == 0xC0 || (out[i + 1] & 0xff) == 0xC2)) {
                out[i + 5] = (byte) (h >> 8);
                out[i + 6] = (byte) h;
                out[i + 7] = (byte) (w >> 8);
                out[i + 8] = (byte) w;
                break;
            }
        }
        return out;
    }

    private static byte[] heic() {
        return new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
    }

    private static byte[] bmpLying() {
        ByteBuffer out = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        out.putInt(40).putInt(30000).putInt(30000).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0);
        out.putInt(0).putInt(0).putInt(0).putInt(0);
        return out.array();
    }

    /** Inserts an APP1 Exif segment right after SOI. */
    private static byte[] exif(byte[] jpeg, byte[] tiff) {
        byte[] header = "Exif\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + header.length + tiff.length;
        if (length > 65535) {
            tiff = Arrays.copyOf(tiff, 65535 - 2 - header.length);
            length = 65535;
        }
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + length + 2);
        out.put(jpeg, 0, 2);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    private static ByteBuffer tiffHeader(int size) {
        ByteBuffer t = ByteBuffer.allocate(size).order(java.nio.ByteOrder.BIG_ENDIAN);
        t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        return t;
    }

    private static byte[] exifOrientation(int value) {
        ByteBuffer t = tiffHeader(26);
        t.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) value).putShort((short) 0).putInt(0);
        return t.array();
    }

    private static byte[] exifBadOffset() {
        ByteBuffer t = ByteBuffer.allocate(8);
        t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(0x7fffff00);
        return t.array();
    }

    private static byte[] exifHugeCount() {
        ByteBuffer t = tiffHeader(16);
        t.putShort((short) 0xFFFF);
        return t.array();
    }

    private static byte[] exifLoop() {
        ByteBuffer t = tiffHeader(30);
        // one entry (orientation 1), then "next IFD" = 8: the same IFD again
        t.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0).putInt(8);
        return t.array();
    }
}
