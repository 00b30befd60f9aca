package io.consentry.face.image;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;

import java.util.zip.CRC32;

/**
 * Pure-Java header parser: identifies the format from magic bytes, reads dimensions and EXIF
 * orientation, and rejects structurally broken, truncated or unsupported variants before the
 * native decoder sees the bytes. Never reads outside the array.
 */
public final class HeaderReader {
    private HeaderReader() {
    }

    public static ImageHeader read(byte[] d) {
        if (d == null || d.length == 0) {
            throw unsupported("empty body");
        }
        if (d.length >= 3 && u8(d, 0) == 0xFF && u8(d, 1) == 0xD8 && u8(d, 2) == 0xFF) {
            return jpeg(d);
        }
        if (d.length >= 8 && u8(d, 0) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G'
                && d[4] == 0x0D && d[5] == 0x0A && d[6] == 0x1A && d[7] == 0x0A) {
            return png(d);
        }
        if (d.length >= 2 && d[0] == 'B' && d[1] == 'M') {
            return bmp(d);
        }
        if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
            return webp(d);
        }
        if (d.length >= 4 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8') {
            throw unsupported("GIF is not accepted (use JPEG, PNG, BMP or WebP)");
        }
        throw unsupported("not a JPEG, PNG, BMP or WebP image");
    }

    // ---------------------------------------------------------------- JPEG

    private static ImageHeader jpeg(byte[] d) {
        int pos = 2;
        int width = -1;
        int height = -1;
        int orientation = 1;
        boolean sos = false;
        while (pos < d.length) {
            if (u8(d, pos) != 0xFF) {
                throw corrupt("JPEG marker expected at " + pos);
            }
            while (pos < d.length && u8(d, pos) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos >= d.length) {
                throw corrupt("truncated JPEG");
            }
            int marker = u8(d, pos++);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // no length
            }
            if (marker == 0xD9) {
                throw corrupt("JPEG ends before any image data");
            }
            if (pos + 2 > d.length) {
                throw corrupt("truncated JPEG segment");
            }
            int len = u16be(d, pos);
            if (len < 2 || pos + len > d.length) {
                throw corrupt("truncated JPEG segment");
            }
            int seg = pos + 2;
            int segLen = len - 2;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (segLen < 6) {
                    throw corrupt("short SOF segment");
                }
                int precision = u8(d, seg);
                height = u16be(d, seg + 1);
                width = u16be(d, seg + 3);
                int comps = u8(d, seg + 5);
                if (precision != 8) {
                    throw unsupported(precision + "-bit JPEG");
                }
                if (comps == 4) {
                    throw unsupported("CMYK/YCCK JPEG (convert to RGB)");
                }
                if (comps != 1 && comps != 3) {
                    throw unsupported("JPEG with " + comps + " components");
                }
                if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF) {
                    throw unsupported("lossless JPEG");
                }
                if (height == 0 || width == 0) {
                    throw unsupported("JPEG without dimensions in SOF");
                }
            } else if (marker == 0xE1 && segLen >= 14 && d[seg] == 'E' && d[seg + 1] == 'x' && d[seg + 2] == 'i'
                    && d[seg + 3] == 'f' && d[seg + 4] == 0 && d[seg + 5] == 0) {
                orientation = exifOrientation(d, seg + 6, segLen - 6);
            } else if (marker == 0xDA) {
                sos = true;
                pos += len;
                break;
            }
            pos += len;
        }
        if (!sos || width < 0) {
            throw corrupt("truncated JPEG (no frame or scan header)");
        }
        // the entropy-coded data must be terminated by an EOI marker somewhere after SOS
        boolean eoi = false;
        for (int i = d.length - 2; i >= pos; i--) {
            if (u8(d, i) == 0xFF && u8(d, i + 1) == 0xD9) {
                eoi = true;
                break;
            }
        }
        if (!eoi) {
            throw corrupt("truncated JPEG (no end-of-image marker)");
        }
        return new ImageHeader(ImageFormat.JPEG, width, height, orientation);
    }

    /** Reads tag 0x0112 from IFD0 of a TIFF block; returns 1 on anything odd. */
    static int exifOrientation(byte[] d, int tiff, int len) {
        try {
            int end = tiff + len;
            if (len < 8) {
                return 1;
            }
            boolean le;
            if (d[tiff] == 'I' && d[tiff + 1] == 'I') {
                le = true;
            } else if (d[tiff] == 'M' && d[tiff + 1] == 'M') {
                le = false;
            } else {
                return 1;
            }
            long ifd = u32(d, tiff + 4, le);
            if (ifd < 8 || ifd > len - 2) {
                return 1;
            }
            int p = tiff + (int) ifd;
            int n = u16(d, p, le);
            p += 2;
            for (int i = 0; i < n && p + 12 <= end; i++, p += 12) {
                if (u16(d, p, le) == 0x0112) {
                    int v = u16(d, p + 8, le);
                    return (v >= 1 && v <= 8) ? v : 1;
                }
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    // ---------------------------------------------------------------- PNG

    private static ImageHeader png(byte[] d) {
        int pos = 8;
        int width = -1;
        int height = -1;
        boolean iend = false;
        boolean idat = false;
        int orientation = 1;
        CRC32 crc = new CRC32();
        boolean first = true;
        while (pos + 12 <= d.length) {
            long len = u32(d, pos, false);
            if (len > d.length - pos - 12) {
                throw corrupt("truncated PNG chunk");
            }
            int type = pos + 4;
            int data = pos + 8;
            crc.reset();
            crc.update(d, type, 4 + (int) len);
            if ((int) crc.getValue() != (int) u32(d, data + (int) len, false)) {
                throw corrupt("PNG chunk CRC mismatch");
            }
            String t = new String(d, type, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (first) {
                if (!t.equals("IHDR") || len != 13) {
                    throw corrupt("PNG does not start with IHDR");
                }
                width = (int) Math.min(Integer.MAX_VALUE, u32(d, data, false));
                height = (int) Math.min(Integer.MAX_VALUE, u32(d, data + 4, false));
                int depth = u8(d, data + 8);
                int colour = u8(d, data + 9);
                if (depth == 16) {
                    throw unsupported("16-bit PNG (save as 8-bit)");
                }
                if (!(colour == 0 || colour == 2 || colour == 3 || colour == 4 || colour == 6)
                        || !(depth == 1 || depth == 2 || depth == 4 || depth == 8)) {
                    throw corrupt("invalid PNG colour type/bit depth");
                }
                if (width == 0 || height == 0) {
                    throw corrupt("PNG with zero dimension");
                }
                first = false;
            } else if (t.equals("acTL")) {
                throw unsupported("animated PNG");
            } else if (t.equals("IDAT")) {
                idat = true;
            } else if (t.equals("eXIf") && len >= 8) {
                orientation = exifOrientation(d, data, (int) len);
            } else if (t.equals("IEND")) {
                iend = true;
                break;
            }
            pos = data + (int) len + 4;
        }
        if (first) {
            throw corrupt("truncated PNG header");
        }
        if (!idat || !iend) {
            throw corrupt("truncated PNG (no image data or end chunk)");
        }
        return new ImageHeader(ImageFormat.PNG, width, height, orientation);
    }

    // ---------------------------------------------------------------- BMP

    private static ImageHeader bmp(byte[] d) {
        if (d.length < 26) {
            throw corrupt("truncated BMP header");
        }
        long offBits = u32(d, 10, true);
        long hdr = u32(d, 14, true);
        int width;
        int height;
        int bpp;
        long compression = 0;
        if (hdr == 12) {
            width = u16(d, 18, true);
            height = u16(d, 20, true);
            bpp = u16(d, 24, true);
        } else if (hdr >= 40 && hdr <= 124) {
            if (d.length < 14 + 40) {
                throw corrupt("truncated BMP header");
            }
            width = (int) u32(d, 18, true);
            height = (int) u32(d, 22, true);
            bpp = u16(d, 28, true);
            compression = u32(d, 30, true);
        } else {
            throw unsupported("unknown BMP header size " + hdr);
        }
        if (height == Integer.MIN_VALUE || width <= 0) {
            throw corrupt("invalid BMP dimensions");
        }
        height = Math.abs(height);
        if (height == 0) {
            throw corrupt("invalid BMP dimensions");
        }
        if (!(bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32)) {
            throw unsupported("BMP with " + bpp + " bits per pixel");
        }
        if (compression != 0 && compression != 3 && compression != 1 && compression != 2) {
            throw unsupported("compressed BMP (" + compression + ")");
        }
        if (offBits < 14 + hdr || offBits > d.length) {
            throw corrupt("BMP pixel offset outside the file");
        }
        if (compression == 0 || compression == 3) {
            long stride = (((long) width * bpp + 31) / 32) * 4;
            if (offBits + stride * height > d.length) {
                throw corrupt("truncated BMP pixel data");
            }
        }
        return new ImageHeader(ImageFormat.BMP, width, height, 1);
    }

    // ---------------------------------------------------------------- WebP

    private static ImageHeader webp(byte[] d) {
        long riff = u32(d, 4, true);
        if (riff + 8 > d.length || riff < 12) {
            throw corrupt("truncated WebP (RIFF size " + riff + ", file " + d.length + ")");
        }
        if (d.length < 30) {
            throw corrupt("truncated WebP header");
        }
        String fourcc = new String(d, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        int w;
        int h;
        switch (fourcc) {
            case "VP8 " -> {
                // frame tag (3 bytes) then start code 9d 01 2a then 14-bit w, h
                int p = 20;
                if (u8(d, p + 3) != 0x9d || u8(d, p + 4) != 0x01 || u8(d, p + 5) != 0x2a) {
                    throw corrupt("bad VP8 start code");
                }
                w = u16(d, p + 6, true) & 0x3fff;
                h = u16(d, p + 8, true) & 0x3fff;
            }
            case "VP8L" -> {
                int p = 20;
                if (u8(d, p) != 0x2f) {
                    throw corrupt("bad VP8L signature");
                }
                long bits = u32(d, p + 1, true);
                w = (int) (bits & 0x3fff) + 1;
                h = (int) ((bits >> 14) & 0x3fff) + 1;
            }
            case "VP8X" -> {
                int flags = u8(d, 20);
                if ((flags & 0x02) != 0) {
                    throw unsupported("animated WebP");
                }
                w = (u8(d, 24) | u8(d, 25) << 8 | u8(d, 26) << 16) + 1;
                h = (u8(d, 27) | u8(d, 28) << 8 | u8(d, 29) << 16) + 1;
            }
            default -> throw corrupt("unknown WebP chunk " + fourcc);
        }
        if (w <= 0 || h <= 0) {
            throw corrupt("invalid WebP dimensions");
        }
        return new ImageHeader(ImageFormat.WEBP, w, h, 1);
    }

    // ---------------------------------------------------------------- helpers

    private static int u8(byte[] d, int i) {
        if (i < 0 || i >= d.length) {
            throw corrupt("truncated image header");
        }
        return d[i] & 0xff;
    }

    private static int u16be(byte[] d, int i) {
        return u8(d, i) << 8 | u8(d, i + 1);
    }

    private static int u16(byte[] d, int i, boolean le) {
        return le ? (u8(d, i) | u8(d, i + 1) << 8) : u16be(d, i);
    }

    private static long u32(byte[] d, int i, boolean le) {
        if (le) {
            return (u8(d, i) | u8(d, i + 1) << 8 | u8(d, i + 2) << 16 | (long) u8(d, i + 3) << 24) & 0xffffffffL;
        }
        return ((long) u8(d, i) << 24 | u8(d, i + 1) << 16 | u8(d, i + 2) << 8 | u8(d, i + 3)) & 0xffffffffL;
    }

    static FaceEngineException unsupported(String m) {
        return new FaceEngineException(ErrorCode.UNSUPPORTED_IMAGE, m);
    }

    static FaceEngineException corrupt(String m) {
        return new FaceEngineException(ErrorCode.CORRUPT_IMAGE, m);
    }
}
