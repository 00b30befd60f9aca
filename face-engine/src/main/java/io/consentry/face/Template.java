package io.consentry.face;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An L2-normalised face embedding tied to the model pack that produced it.
 *
 * <p>Binary format v1 (big-endian), exactly:
 * <pre>
 *   4  bytes  magic "CFT" + version byte 0x01
 *   1  byte   n = length of pack id (1..64), then n bytes UTF-8 pack id
 *   1  byte   m = length of pack version (1..32), then m bytes UTF-8 pack version
 *   2  bytes  dimension d (1..4096)
 *   4  bytes  float32 quality score (0..1)
 *   4*d bytes float32 vector (finite, L2 norm 1 +- 1e-3)
 *   4  bytes  CRC-32 of all preceding bytes
 * </pre>
 * Format v2 (big-endian), for packs with more than one recogniser (one unit vector each, in the
 * pack's recogniser order; the first is the primary vector used by {@link #similarity} and the gallery):
 * <pre>
 *   4  bytes  magic "CFT" + version byte 0x02
 *   1+n, 1+m  pack id, pack version as in v1
 *   1  byte   k = number of vectors (2..8)
 *   4  bytes  float32 quality score (0..1)
 *   k times:  2 bytes dimension d_i (1..4096), then 4*d_i bytes float32 unit vector
 *   4  bytes  CRC-32 of all preceding bytes
 * </pre>
 * Single-vector templates are always written as v1 (byte-identical to earlier releases); both
 * versions parse. {@link #parse(byte[])} rejects anything else (unknown version, truncated,
 * trailing bytes, foreign magic, bad CRC, non-finite or non-normalised vector) with
 * {@link ErrorCode#INVALID_TEMPLATE}.
 */
public final class Template {
    static final byte[] MAGIC = {'C', 'F', 'T', 1};
    static final byte VERSION_MULTI = 2;
    public static final int MAX_DIM = 4096;
    public static final int MAX_VECTORS = 8;

    private final String packId;
    private final String packVersion;
    private final float[] vector;
    /** all vectors, [0] == vector */
    private final float[][] vectors;
    private final float quality;

    private Template(String packId, String packVersion, float[][] vectors, float quality) {
        this.packId = packId;
        this.packVersion = packVersion;
        this.vectors = vectors;
        this.vector = vectors[0];
        this.quality = quality;
    }

    /**
     * A template with one raw embedding per recogniser of the pack (each L2-normalised, copied),
     * in the pack's recogniser order; the first is the primary vector.
     */
    public static Template ofMulti(String packId, String packVersion, List<float[]> embeddings, float quality) {
        if (embeddings.isEmpty() || embeddings.size() > MAX_VECTORS) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "1.." + MAX_VECTORS + " vectors, got " + embeddings.size());
        }
        float[][] vs = new float[embeddings.size()][];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = of(packId, packVersion, embeddings.get(i), quality).vector;
        }
        return new Template(packId, packVersion, vs, Math.max(0f, Math.min(1f, quality)));
    }

    /** Builds a template from a raw embedding; the vector is L2-normalised (copied). */
    public static Template of(String packId, String packVersion, float[] embedding, float quality) {
        checkId(packId, 64, "pack id");
        checkId(packVersion, 32, "pack version");
        if (embedding.length == 0 || embedding.length > MAX_DIM) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "dimension " + embedding.length);
        }
        double s = 0;
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "non-finite embedding value");
            }
            s += (double) v * v;
        }
        if (s <= 1e-12) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "zero embedding");
        }
        float inv = (float) (1.0 / Math.sqrt(s));
        float[] v = new float[embedding.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = embedding[i] * inv;
        }
        return new Template(packId, packVersion, new float[][] {v}, Math.max(0f, Math.min(1f, quality)));
    }

    private static void checkId(String s, int max, String what) {
        if (s == null || s.isEmpty() || s.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, what + " must be 1.." + max + " bytes");
        }
    }

    public String packId() {
        return packId;
    }

    public String packVersion() {
        return packVersion;
    }

    public int dimension() {
        return vector.length;
    }

    public float quality() {
        return quality;
    }

    /** A copy of the unit vector. */
    public float[] vector() {
        return vector.clone();
    }

    /** Direct access for hot loops inside the engine (do not modify). */
    float[] vectorUnsafe() {
        return vector;
    }

    /** Number of vectors (recognisers) in this template. */
    public int vectorCount() {
        return vectors.length;
    }

    /** A copy of vector {@code i} (0 = primary). */
    public float[] vector(int i) {
        return vectors[i].clone();
    }

    float[] vectorUnsafe(int i) {
        return vectors[i];
    }

    /**
     * Cosine similarity of vector {@code i} of both templates.
     *
     * @throws FaceEngineException INVALID_TEMPLATE if the templates come from different packs or differ in layout
     */
    public float similarity(Template other, int i) {
        checkComparable(other);
        return dot(vectors[i], other.vectors[i]);
    }

    private void checkComparable(Template other) {
        if (!packId.equals(other.packId) || vectors.length != other.vectors.length) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE,
                    "templates from different packs: " + packId + " vs " + other.packId);
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != other.vectors[i].length) {
                throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "templates differ in vector " + i + " dimension");
            }
        }
    }

    /**
     * Cosine similarity (dot product of unit vectors), in [-1,1].
     *
     * @throws FaceEngineException INVALID_TEMPLATE if the templates come from different packs
     */
    public float similarity(Template other) {
        checkComparable(other);
        return dot(vector, other.vector);
    }

    /** Dot product, unrolled so the JIT vectorises it. */
    public static float dot(float[] a, float[] b) {
        int n = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public byte[] toBytes() {
        byte[] id = packId.getBytes(StandardCharsets.UTF_8);
        byte[] ver = packVersion.getBytes(StandardCharsets.UTF_8);
        boolean multi = vectors.length > 1;
        int len = 4 + 1 + id.length + 1 + ver.length + (multi ? 1 : 0) + 4 + 4;
        for (float[] v : vectors) {
            len += 2 + 4 * v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC, 0, 3).put(multi ? VERSION_MULTI : MAGIC[3]).put((byte) id.length).put(id).put((byte) ver.length).put(ver);
        if (multi) {
            b.put((byte) vectors.length).putFloat(quality);
            for (float[] v : vectors) {
                b.putShort((short) v.length);
                for (float x : v) {
                    b.putFloat(x);
                }
            }
        } else {
            b.putShort((short) vector.length).putFloat(quality);
            for (float v : vector) {
                b.putFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, len - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Strict parser (format v1 or v2), see the class comment. */
    public static Template parse(byte[] data) {
        if (data == null || data.length < 4 + 1 + 1 + 1 + 1 + 2 + 4 + 4 + 4) {
            throw bad("too short");
        }
        for (int i = 0; i < 3; i++) {
            if (data[i] != MAGIC[i]) {
                throw bad("not a Consentry face template");
            }
        }
        int version = data[3] & 0xff;
        if (version != MAGIC[3] && version != VERSION_MULTI) {
            throw bad("unsupported template version " + version);
        }
        // the CRC covers everything: check it first, so no corrupted field is ever interpreted
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - 4, 4).order(ByteOrder.BIG_ENDIAN).getInt()) {
            throw bad("checksum mismatch");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, data.length - 4).order(ByteOrder.BIG_ENDIAN);
        b.position(4);
        int n = b.get() & 0xff;
        if (n < 1 || n > 64 || b.remaining() < n + 1) {
            throw bad("bad pack id length");
        }
        byte[] id = new byte[n];
        b.get(id);
        int m = b.get() & 0xff;
        if (m < 1 || m > 32 || b.remaining() < m + 2 + 4) {
            throw bad("bad pack version length");
        }
        byte[] ver = new byte[m];
        b.get(ver);
        float[][] vs;
        float q;
        if (version == MAGIC[3]) {
            int d = dimension(b);
            q = b.getFloat();
            if (b.remaining() != 4 * d) {
                throw bad("length mismatch: expected " + (4 * d + 4) + " more bytes, found " + (b.remaining() + 4));
            }
            vs = new float[][] {unitVector(b, d)};
        } else {
            int k = b.get() & 0xff;
            if (k < 2 || k > MAX_VECTORS || b.remaining() < 4) {
                throw bad("bad vector count " + k);
            }
            q = b.getFloat();
            vs = new float[k][];
            for (int i = 0; i < k; i++) {
                if (b.remaining() < 2) {
                    throw bad("truncated at vector " + i);
                }
                int d = dimension(b);
                if (b.remaining() < 4 * d) {
                    throw bad("truncated in vector " + i);
                }
                vs[i] = unitVector(b, d);
            }
            if (b.hasRemaining()) {
                throw bad("length mismatch: " + b.remaining() + " trailing bytes");
            }
        }
        if (!(q >= 0f && q <= 1f)) {
            throw bad("quality out of range");
        }
        String packId = decodeUtf8(id);
        String packVersion = decodeUtf8(ver);
        return new Template(packId, packVersion, vs, q);
    }

    private static int dimension(ByteBuffer b) {
        int d = b.getShort() & 0xffff;
        if (d < 1 || d > MAX_DIM) {
            throw bad("bad dimension " + d);
        }
        return d;
    }

    private static float[] unitVector(ByteBuffer b, int d) {
        // One bulk copy and the four-lane dot product: a gallery's cold load parses every template it holds, and the
        // element-by-element version (one dependent double addition per value) was a third of that load's parsing.
        float[] v = new float[d];
        b.asFloatBuffer().get(v);
        b.position(b.position() + 4 * d);
        double norm = dot(v, v);
        // Squares are never negative: a NaN or an infinity anywhere makes the sum NaN or infinite.
        if (!Double.isFinite(norm)) {
            throw bad("non-finite value");
        }
        if (Math.abs(norm - 1.0) > 2e-3) {
            throw bad("vector is not unit length");
        }
        return v;
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw bad("pack id is not UTF-8");
        }
    }

    /** Parses and additionally requires the given pack id. */
    public static Template parse(byte[] data, String expectedPackId) {
        Template t = parse(data);
        if (!t.packId.equals(expectedPackId)) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE,
                    "template from pack " + t.packId + ", engine uses " + expectedPackId + " (re-enrol)");
        }
        return t;
    }

    private static FaceEngineException bad(String why) {
        return new FaceEngineException(ErrorCode.INVALID_TEMPLATE, why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.packId.equals(packId) && t.packVersion.equals(packVersion)
                && Arrays.deepEquals(t.vectors, vectors) && Float.compare(t.quality, quality) == 0;
    }

    @Override
    public int hashCode() {
        return packId.hashCode() * 31 + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        StringBuilder d = new StringBuilder();
        for (float[] v : vectors) {
            d.append(d.length() == 0 ? "" : "+").append(v.length);
        }
        return "Template[" + packId + "/" + packVersion + ", d=" + d + ", q=" + quality + "]";
    }
}
