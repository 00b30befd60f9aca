package io.consentry.face;

import io.consentry.face.image.ImageDecoder;
import io.consentry.face.image.ImageLimits;
import io.consentry.face.internal.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class DecoderTest {
    static ImageDecoder decoder;

    @BeforeAll
    static void init() {
        OpenCv.load();
        decoder = new ImageDecoder(ImageLimits.defaults());
    }

    static void assertCode(byte[] data, ErrorCode code) {
        assertThatThrownBy(() -> decoder.decode(data)).isInstanceOfSatisfying(FaceEngineException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    static byte[] encode(Mat m, String ext, int... params) {
        MatOfByte b = new MatOfByte();
        MatOfInt p = new MatOfInt(params);
        assertThat(Imgcodecs.imencode(ext, m, b, p)).isTrue();
        byte[] out = b.toArray();
        b.release();
        p.release();
        return out;
    }

    static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 c = new CRC32();
        c.update(b.array(), 4, 4 + data.length);
        b.putInt((int) c.getValue());
        return b.array();
    }

    static byte[] png(int w, int h, int depth, int colour, byte[] idat) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        o.writeBytes(pngChunk("IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) depth).put((byte) colour)
                .put((byte) 0).put((byte) 0).put((byte) 0).array()));
        o.writeBytes(pngChunk("IDAT", idat));
        o.writeBytes(pngChunk("IEND", new byte[0]));
        return o.toByteArray();
    }

    @Test
    void acceptsJpegPngBmpWebp() {
        Mat src = decoder.decode(TestData.face("obama_7_small.jpg"));
        try {
            assertThat(src.cols()).isEqualTo(320);
            for (String ext : List.of(".png", ".bmp", ".webp", ".jpg")) {
                Mat m = decoder.decode(encode(src, ext));
                assertThat(m.size()).as(ext).isEqualTo(src.size());
                assertThat(m.type()).isEqualTo(CvType.CV_8UC3);
                m.release();
            }
            // lossless WebP too
            Mat m = decoder.decode(encode(src, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101));
            assertThat(m.size()).isEqualTo(src.size());
            m.release();
        } finally {
            src.release();
        }
        Mat rgba = decoder.decode(TestData.face("format_32bit.png"));
        assertThat(rgba.channels()).isEqualTo(3);
        rgba.release();
    }

    @Test
    void honoursExifOrientation() {
        byte[] jpg = TestData.face("obama_7_small.jpg");
        // APP1 Exif, big-endian TIFF, IFD0 with one entry: Orientation (0x0112) SHORT = 6 (rotate 90 CW)
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy("Exif".getBytes(), 0, exif, 0, 4);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xFF);
        o.write(0xD8);
        o.write(0xFF);
        o.write(0xE1);
        o.write((exif.length + 2) >> 8);
        o.write((exif.length + 2) & 0xff);
        o.writeBytes(exif);
        o.write(jpg, 2, jpg.length - 2);
        Mat m = decoder.decode(o.toByteArray());
        assertThat(m.cols()).isEqualTo(240);
        assertThat(m.rows()).isEqualTo(320);
        m.release();
    }

    @Test
    void hostileInputsGiveTypedErrors() throws Exception {
        assertCode(new byte[0], ErrorCode.UNSUPPORTED_IMAGE);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        random[0] = 0x12;
        assertCode(random, ErrorCode.UNSUPPORTED_IMAGE);
        assertCode("this is a text file named photo.jpg\n".getBytes(), ErrorCode.UNSUPPORTED_IMAGE);

        byte[] jpg = TestData.face("obama_1.jpg");
        assertCode(Arrays.copyOf(jpg, jpg.length / 2), ErrorCode.CORRUPT_IMAGE);
        assertCode(Arrays.copyOf(jpg, 100), ErrorCode.CORRUPT_IMAGE);
        byte[] png = TestData.face("alex_lacamoire_3.png");
        assertCode(Arrays.copyOf(png, png.length / 2), ErrorCode.CORRUPT_IMAGE);
        assertCode(Arrays.copyOf(png, 20), ErrorCode.CORRUPT_IMAGE);

        Mat one = new Mat(1, 1, CvType.CV_8UC3, new Scalar(1, 2, 3));
        assertCode(encode(one, ".png"), ErrorCode.IMAGE_TOO_SMALL);
        assertCode(encode(one, ".jpg"), ErrorCode.IMAGE_TOO_SMALL);
        one.release();

        // 30000 x 30000 declared in the header (tiny body)
        assertCode(png(30000, 30000, 8, 2, new byte[] {0x78, (byte) 0x9c, 3, 0, 0, 0, 0, 1}), ErrorCode.IMAGE_TOO_LARGE);
        byte[] sof = jpegHeaderOnly(30000, 30000, 3);
        assertCode(sof, ErrorCode.IMAGE_TOO_LARGE);

        // decompression bomb: 20000 x 20000 1-bit grey, ~50 MB of zeros deflated to ~50 KB
        Deflater def = new Deflater(9);
        byte[] row = new byte[1 + 2500];
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < 20000; y++) {
            def.setInput(row);
            while (!def.needsInput()) {
                z.write(buf, 0, def.deflate(buf));
            }
        }
        def.finish();
        while (!def.finished()) {
            z.write(buf, 0, def.deflate(buf));
        }
        byte[] bomb = png(20000, 20000, 1, 0, z.toByteArray());
        assertThat(bomb.length).isLessThan(1_000_000);
        assertCode(bomb, ErrorCode.IMAGE_TOO_LARGE);

        // CMYK JPEG (4-component, written by ImageIO from a raster)
        assertCode(cmykJpeg(), ErrorCode.UNSUPPORTED_IMAGE);

        // 16-bit PNG
        Mat deep = new Mat(64, 64, CvType.CV_16UC3, new Scalar(1000, 20000, 40000));
        assertCode(encode(deep, ".png"), ErrorCode.UNSUPPORTED_IMAGE);
        deep.release();

        // animated GIF
        assertCode(animatedGif(), ErrorCode.UNSUPPORTED_IMAGE);

        // oversize body
        ImageDecoder small = new ImageDecoder(new ImageLimits(1000, 8192, 36_000_000, 32));
        assertThatThrownBy(() -> small.decode(jpg)).isInstanceOfSatisfying(FaceEngineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE));
    }

    static byte[] jpegHeaderOnly(int w, int h, int comps) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0});
        int len = 8 + 3 * comps;
        o.write(len >> 8);
        o.write(len & 0xff);
        o.write(8);
        o.write(h >> 8);
        o.write(h & 0xff);
        o.write(w >> 8);
        o.write(w & 0xff);
        o.write(comps);
        for (int c = 0; c < comps; c++) {
            o.writeBytes(new byte[] {(byte) (c + 1), 0x11, 0});
        }
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0, (byte) 0xFF, (byte) 0xD9});
        return o.toByteArray();
    }

    static byte[] cmykJpeg() throws Exception {
        WritableRaster r = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 64, 64, 4, null);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                r.setPixel(x, y, new int[] {x * 4, y * 4, 128, 30});
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(o)) {
            w.setOutput(s);
            w.write(null, new IIOImage(r, null, null), null);
        }
        w.dispose();
        byte[] b = o.toByteArray();
        // sanity: it really is a 4-component JPEG
        assertThat(b[0] & 0xff).isEqualTo(0xFF);
        return b;
    }

    static byte[] animatedGif() throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(o)) {
            w.setOutput(s);
            w.prepareWriteSequence(null);
            for (int i = 0; i < 2; i++) {
                BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_INDEXED);
                img.getGraphics().fillRect(i * 10, 0, 10, 10);
                w.writeToSequence(new IIOImage(img, null, null), null);
            }
            w.endWriteSequence();
        }
        w.dispose();
        return o.toByteArray();
    }

    /** >= 10,000 mutated images through the full decoder: only decoded Mats or typed errors, no crash. */
    @Test
    void fuzzDecoderWithTenThousandMutations() {
        Mat face = decoder.decode(TestData.face("obama_7_small.jpg"));
        Mat small = new Mat();
        Imgproc.resize(face, small, new Size(48, 40));
        face.release();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(encode(small, ".jpg"));
        seeds.add(encode(small, ".jpg", Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1));
        seeds.add(encode(small, ".png"));
        seeds.add(encode(small, ".bmp"));
        seeds.add(encode(small, ".webp"));
        seeds.add(encode(small, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101));
        small.release();
        Random rnd = new Random(20261127);
        int decoded = 0, typed = 0;
        java.util.EnumMap<ErrorCode, Integer> codes = new java.util.EnumMap<>(ErrorCode.class);
        for (int i = 0; i < 10_000; i++) {
            byte[] m = mutate(seeds.get(i % seeds.size()), rnd);
            try {
                Mat out = decoder.decode(m);
                assertThat(out.empty()).isFalse();
                out.release();
                decoded++;
            } catch (FaceEngineException e) {
                typed++;
                codes.merge(e.code(), 1, Integer::sum);
            } catch (Throwable t) {
                fail("untyped failure on mutation " + i + ": " + t, t);
            }
        }
        System.out.println("[fuzz] 10000 mutations: decoded " + decoded + ", typed errors " + typed + " " + codes);
        assertThat(decoded + typed).isEqualTo(10_000);
        assertThat(codes.keySet()).doesNotContain(ErrorCode.ENGINE_ERROR);
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // flip a few bytes (avoid only the first 2 so most stay the same format)
                int n = 1 + r.nextInt(8);
                for (int k = 0; k < n; k++) {
                    b[2 + r.nextInt(b.length - 2)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, 1 + r.nextInt(b.length)); // truncate
            case 2 -> { // interesting values in the header area
                int n = 1 + r.nextInt(4);
                int[] vals = {0, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
                for (int k = 0; k < n; k++) {
                    b[r.nextInt(Math.min(b.length, 64))] = (byte) vals[r.nextInt(vals.length)];
                }
            }
            case 3 -> { // duplicate a block
                int from = r.nextInt(b.length), len = Math.min(b.length - from, 1 + r.nextInt(64));
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, from, c, at, len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                b = c;
            }
            default -> { // bit flips anywhere
                int n = 1 + r.nextInt(16);
                for (int k = 0; k < n; k++) {
                    int p = r.nextInt(b.length);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return b;
    }
}
