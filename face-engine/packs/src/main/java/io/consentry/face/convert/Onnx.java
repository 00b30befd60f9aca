package io.consentry.face.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny ONNX graph builder on {@link Proto}: float32/int64 initialisers (little-endian raw_data),
 * nodes with int / ints / float attributes, one float input and one float output. Field numbers
 * follow onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto).
 */
final class Onnx {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initialisers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private int counter;

    String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    String floats(String name, long[] dims, float[] data) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        initialisers.add(new Proto().packedInt64(1, dims).varint(2, FLOAT).string(8, name).bytes(9, b.array()));
        return name;
    }

    String int64s(String name, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        initialisers.add(new Proto().packedInt64(1, new long[] {data.length}).varint(2, INT64).string(8, name).bytes(9, b.array()));
        return name;
    }

    static Proto intAttr(String name, long v) {
        return new Proto().string(1, name).varint(3, v).varint(20, ATTR_INT);
    }

    static Proto intsAttr(String name, long... v) {
        Proto p = new Proto().string(1, name);
        for (long x : v) {
            p.varint(8, x);
        }
        return p.varint(20, ATTR_INTS);
    }

    static Proto floatAttr(String name, float v) {
        return new Proto().string(1, name).float32(2, v).varint(20, ATTR_FLOAT);
    }

    /** Adds a node; returns its (single) output name. */
    String node(String op, List<String> in, Proto... attrs) {
        return nodeOut(op, in, fresh(op.toLowerCase()), attrs);
    }

    String nodeOut(String op, List<String> in, String outName, Proto... attrs) {
        Proto n = new Proto();
        for (String i : in) {
            n.string(1, i);
        }
        n.string(2, outName).string(3, outName).string(4, op);
        for (Proto a : attrs) {
            n.message(5, a);
        }
        nodes.add(n);
        return outName;
    }

    void input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
    }

    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, new Proto().varint(1, d));
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    byte[] model(String graphName, String producer, int opset) {
        Proto g = new Proto();
        for (Proto n : nodes) {
            g.message(1, n);
        }
        g.string(2, graphName);
        for (Proto t : initialisers) {
            g.message(5, t);
        }
        for (Proto i : inputs) {
            g.message(11, i);
        }
        for (Proto o : outputs) {
            g.message(12, o);
        }
        return new Proto().varint(1, 6).string(2, producer).string(3, "1").message(7, g)
                .message(8, new Proto().string(1, "").varint(2, opset)).toBytes();
    }
}
