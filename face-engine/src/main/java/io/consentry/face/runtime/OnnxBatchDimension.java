package io.consentry.face.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Makes the batch dimension of an ONNX model symbolic, so that one call can carry several faces (flip TTA: the face
 * and its mirror as a batch of two). The pack's models declare a fixed batch of 1; OpenCV DNN ignored that, ONNX
 * Runtime enforces it. Only the declared shapes of the graph's real inputs and its outputs change (their first
 * dimension becomes {@code dim_param "batch"}); weights and nodes are untouched, so a batch-1 call computes exactly
 * what the original model computes (tested). Works on the protobuf wire format directly (field numbers from
 * onnx.proto: ModelProto.graph 7; GraphProto.initializer 5, input 11, output 12; TensorProto.name 8;
 * ValueInfoProto.name 1, type 2; TypeProto.tensor_type 1; Tensor.shape 2; TensorShapeProto.dim 1;
 * Dimension.dim_value 1, dim_param 2).
 */
final class OnnxBatchDimension {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_I64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_I32 = 5;

    private OnnxBatchDimension() {
    }

    /**
     * @return the model with a symbolic first dimension on every non-initialiser input and every output
     * @throws IllegalArgumentException if the bytes are not a model whose inputs have a fixed first dimension
     */
    static byte[] symbolic(byte[] model) {
        byte[] graph = firstPayload(model, 7);
        if (graph == null) {
            throw new IllegalArgumentException("not an ONNX model (no graph)");
        }
        Set<String> initialisers = new HashSet<>();
        for (byte[] tensor : payloads(graph, 5)) {
            byte[] name = firstPayload(tensor, 8);
            if (name != null) {
                initialisers.add(new String(name, StandardCharsets.UTF_8));
            }
        }
        int[] changed = {0};
        UnaryOperator<byte[]> batch = valueInfo -> forEach(valueInfo, 2, type -> forEach(type, 1,
                tensor -> forEach(tensor, 2, shape -> {
                    byte[] s = symbolicFirstDim(shape);
                    if (s != shape) {
                        changed[0]++;
                    }
                    return s;
                })));
        byte[] g = forEach(graph, 11, vi -> {
            byte[] name = firstPayload(vi, 1);
            return name != null && initialisers.contains(new String(name, StandardCharsets.UTF_8)) ? vi : batch.apply(vi);
        });
        if (changed[0] == 0) {
            throw new IllegalArgumentException("the model's inputs have no fixed batch dimension");
        }
        byte[] newGraph = forEach(g, 12, batch);
        return forEach(model, 7, old -> newGraph);
    }

    /** The shape with its first dimension replaced by dim_param "batch" if it is a fixed value; else the same array. */
    private static byte[] symbolicFirstDim(byte[] shape) {
        boolean[] first = {true};
        byte[][] replaced = {null};
        byte[] out = forEach(shape, 1, dim -> {
            if (!first[0]) {
                return dim;
            }
            first[0] = false;
            if (!hasField(dim, 1)) {
                return dim;
            }
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            byte[] name = "batch".getBytes(StandardCharsets.UTF_8);
            varint(d, (2 << 3) | WIRE_LEN);
            varint(d, name.length);
            d.writeBytes(name);
            replaced[0] = d.toByteArray();
            return replaced[0];
        });
        return replaced[0] == null ? shape : out;
    }

    /** Copies {@code msg}, passing the payload of every length-delimited field {@code number} through {@code f}. */
    private static byte[] forEach(byte[] msg, int number, UnaryOperator<byte[]> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length + 16);
        int[] pos = {0};
        while (pos[0] < msg.length) {
            int start = pos[0];
            long tag = readVarint(msg, pos);
            int field = (int) (tag >>> 3), wire = (int) (tag & 7);
            if (wire == WIRE_LEN) {
                int len = Math.toIntExact(readVarint(msg, pos));
                if (len < 0 || pos[0] + len > msg.length) {
                    throw new IllegalArgumentException("truncated protobuf field " + field);
                }
                if (field == number) {
                    byte[] payload = java.util.Arrays.copyOfRange(msg, pos[0], pos[0] + len);
                    byte[] np = f.apply(payload);
                    varint(out, tag);
                    varint(out, np.length);
                    out.writeBytes(np);
                } else {
                    out.write(msg, start, pos[0] + len - start);
                }
                pos[0] += len;
            } else {
                skip(msg, pos, wire);
                out.write(msg, start, pos[0] - start);
            }
        }
        return out.toByteArray();
    }

    private static byte[] firstPayload(byte[] msg, int number) {
        List<byte[]> all = payloads(msg, number, true);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<byte[]> payloads(byte[] msg, int number) {
        return payloads(msg, number, false);
    }

    private static List<byte[]> payloads(byte[] msg, int number, boolean firstOnly) {
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < msg.length) {
            long tag = readVarint(msg, pos);
            int field = (int) (tag >>> 3), wire = (int) (tag & 7);
            if (wire == WIRE_LEN) {
                int len = Math.toIntExact(readVarint(msg, pos));
                if (len < 0 || pos[0] + len > msg.length) {
                    throw new IllegalArgumentException("truncated protobuf field " + field);
                }
                if (field == number) {
                    out.add(java.util.Arrays.copyOfRange(msg, pos[0], pos[0] + len));
                    if (firstOnly) {
                        return out;
                    }
                }
                pos[0] += len;
            } else {
                skip(msg, pos, wire);
            }
        }
        return out;
    }

    private static boolean hasField(byte[] msg, int number) {
        int[] pos = {0};
        while (pos[0] < msg.length) {
            long tag = readVarint(msg, pos);
            int field = (int) (tag >>> 3), wire = (int) (tag & 7);
            if (field == number) {
                return true;
            }
            if (wire == WIRE_LEN) {
                int len = Math.toIntExact(readVarint(msg, pos)); // read before adding: readVarint moves pos
                pos[0] += len;
            } else {
                skip(msg, pos, wire);
            }
        }
        return false;
    }

    private static void skip(byte[] msg, int[] pos, int wire) {
        switch (wire) {
            case WIRE_VARINT -> readVarint(msg, pos);
            case WIRE_I64 -> pos[0] += 8;
            case WIRE_I32 -> pos[0] += 4;
            default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
        }
        if (pos[0] > msg.length) {
            throw new IllegalArgumentException("truncated protobuf");
        }
    }

    private static long readVarint(byte[] b, int[] pos) {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            int x = b[pos[0]++] & 0xFF;
            r |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return r;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
