package io.consentry.face.convert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Minimal protobuf wire-format writer (just what an ONNX model needs): varint, 32-bit float,
 * length-delimited bytes/strings/sub-messages and packed int64. Fields are written in the order
 * the caller adds them, so the output is deterministic.
 */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    Proto varint(int field, long v) {
        tag(field, 0);
        rawVarint(v);
        return this;
    }

    Proto float32(int field, float f) {
        tag(field, 5);
        int b = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) {
            out.write((b >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    Proto bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    Proto string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto m) {
        return bytes(field, m.toBytes());
    }

    Proto packedInt64(int field, long[] vs) {
        Proto p = new Proto();
        for (long v : vs) {
            p.rawVarint(v);
        }
        return bytes(field, p.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
