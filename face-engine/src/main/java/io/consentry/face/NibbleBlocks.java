package io.consentry.face;

import java.util.Arrays;

/**
 * The gallery's coarse codes: one 4-bit value per template and dimension, laid out for a scan that the JIT
 * vectorises.
 *
 * <p>Templates are grouped in blocks of {@value #BLOCK}. Inside a block the layout is dimension-major: for each
 * dimension one row of {@value #ROW} chars, and char {@code g} of a row holds the nibbles of templates {@code g},
 * {@code g + 512}, {@code g + 1024}, {@code g + 1536} (bits 0-3, 4-7, 8-11, 12-15). The scan then walks each row with
 * the same query value for every element ({@code acc[g] += q_j * nibble}): a plain element-wise loop over short
 * lanes, which C2 on JDK 17 compiles to SIMD (16 lanes per AVX2 instruction) without {@code jdk.incubator.vector}.
 * A template-major layout needs a byte-to-int dot product per template, which C2 17 does not vectorise (measured
 * ~1.8 GB/s per core for every scalar variant, 3 GB/s for the SWAR kernel this replaces).
 *
 * <p>Short lanes hold at most 64 dimensions × 15 × 31 = 29,760 before they are flushed into int sums, so the
 * sums are exact.
 */
final class NibbleBlocks {
    /** templates per block */
    static final int BLOCK = 2048;
    /** chars per dimension row of a block: four templates per char */
    static final int ROW = BLOCK / 4;
    /** dimensions accumulated in short lanes before a flush: 64 * 15 * 31 < 2^15 */
    static final int FLUSH_DIMS = 64;
    /** nibble 8 everywhere: the code of an empty slot is 0 */
    private static final char EMPTY = 0x8888;

    private final int dimP;
    private char[] data = new char[0];

    /**
     * @param dimensions vector length; rows are padded to a multiple of {@value #FLUSH_DIMS} (padding nibbles are 8,
     *                   i.e. code 0, and the query's padding is 0)
     */
    NibbleBlocks(int dimensions) {
        this.dimP = paddedDimensions(dimensions);
    }

    static int paddedDimensions(int dimensions) {
        return (dimensions + FLUSH_DIMS - 1) / FLUSH_DIMS * FLUSH_DIMS;
    }

    int paddedDimensions() {
        return dimP;
    }

    /** Templates the current storage holds (a multiple of {@value #BLOCK}). */
    int capacity() {
        return data.length / (dimP * ROW) * BLOCK;
    }

    /** Largest capacity a char array can hold. */
    long maxCapacity() {
        return (long) (Integer.MAX_VALUE - 8) / ((long) dimP * ROW) * BLOCK;
    }

    /** Grows to at least {@code templates} (whole blocks); new slots are empty. */
    void grow(int templates) {
        int blocks = (templates + BLOCK - 1) / BLOCK;
        int old = data.length;
        data = Arrays.copyOf(data, Math.multiplyExact(blocks, dimP * ROW));
        Arrays.fill(data, old, data.length, EMPTY);
    }

    private int index(int i, int j) {
        int t = i % BLOCK;
        return (i / BLOCK) * dimP * ROW + j * ROW + t % ROW;
    }

    private static int shift(int i) {
        return 4 * ((i % BLOCK) / ROW);
    }

    int get(int i, int j) {
        return (data[index(i, j)] >>> shift(i)) & 0xF;
    }

    void set(int i, int j, int nibble) {
        int at = index(i, j), sh = shift(i);
        data[at] = (char) ((data[at] & ~(0xF << sh)) | (nibble << sh));
    }

    /** Template i's nibbles of dimensions 0..out.length-1 (one strided walk down its block's rows). */
    void column(int i, byte[] out) {
        char[] d = data;
        int at = index(i, 0), sh = shift(i);
        for (int j = 0; j < out.length; j++, at += ROW) {
            out[j] = (byte) ((d[at] >>> sh) & 0xF);
        }
    }

    /**
     * Writes template i's nibbles of dimensions 0..nibbles.length-1 in one strided walk down its block's rows (a bulk
     * load's path: one index computation per template instead of one per dimension). Only template i's bits change, but
     * each char is shared with three other templates of the same block: callers writing concurrently must own whole
     * blocks.
     */
    void setColumn(int i, byte[] nibbles) {
        char[] d = data;
        int at = index(i, 0), sh = shift(i);
        char keep = (char) ~(0xF << sh);
        for (int j = 0; j < nibbles.length; j++, at += ROW) {
            d[at] = (char) ((d[at] & keep) | (nibbles[j] << sh));
        }
    }

    /** Templates whose nibbles {@link #setColumns} writes at once: their chars of one row share a cache line. */
    static final int TILE = 32;

    /**
     * Writes the nibbles of templates {@code first .. first + count - 1} (dimensions 0..nibbles[k].length-1), which
     * must lie in one tile ({@code first / TILE == (first + count - 1) / TILE}). Their chars in each row are
     * neighbours, so the write walks each row's cache line once for the whole tile instead of once per template —
     * the strided walk of {@link #setColumn} was about 40 % of quantising a gallery.
     */
    void setColumns(int first, byte[][] nibbles, int count) {
        if (count <= 0) {
            return;
        }
        if (first / TILE != (first + count - 1) / TILE) {
            throw new IllegalArgumentException("templates " + first + ".." + (first + count - 1) + " span two tiles");
        }
        char[] d = data;
        int sh = shift(first);
        char keep = (char) ~(0xF << sh);
        int dims = nibbles[0].length;
        for (int j = 0, at = index(first, 0); j < dims; j++, at += ROW) {
            for (int k = 0; k < count; k++) {
                d[at + k] = (char) ((d[at + k] & keep) | (nibbles[k][j] << sh));
            }
        }
    }

    /** Copies template {@code from}'s nibbles to slot {@code to}. */
    void copy(int from, int to) {
        for (int j = 0; j < dimP; j++) {
            set(to, j, get(from, j));
        }
    }

    void clear(int i) {
        for (int j = 0; j < dimP; j++) {
            set(i, j, 8);
        }
    }

    /** Scratch space of one scanning thread. */
    static final class Scratch {
        final short[][] lanes = new short[4][ROW];
        /** per template of the block: sum_j nibble_j * q_j */
        final int[] sums = new int[BLOCK];
    }

    /**
     * Exact integer dot products of the query with every template of {@code block}: {@code s.sums[t] = sum_j
     * nibble(t, j) * q[j]} for the block's templates t in slot order.
     *
     * @param q the quantised query, |q_j| ≤ 31, padded with zeros to {@link #paddedDimensions()}
     */
    void dot(int block, short[] q, Scratch s) {
        rows(data, block * dimP * ROW, dimP, ROW, q, s.lanes[0], s.lanes[1], s.lanes[2], s.lanes[3], s.sums);
    }

    /**
     * The kernel, static with every array a parameter and the row length a variable: written this way C2 vectorises
     * it fully (31.8 CPU-ms per 1 M templates); as an instance method reading fields, or with the row length as a
     * constant, the same loop measured 50-83 ms.
     */
    private static void rows(char[] d, int base, int dims, int rowLen, short[] q, short[] a0, short[] a1, short[] a2,
                             short[] a3, int[] sums) {
        Arrays.fill(sums, 0);
        for (int j0 = 0; j0 < dims; j0 += FLUSH_DIMS) {
            Arrays.fill(a0, (short) 0);
            Arrays.fill(a1, (short) 0);
            Arrays.fill(a2, (short) 0);
            Arrays.fill(a3, (short) 0);
            for (int j = j0; j < j0 + FLUSH_DIMS; j++) {
                int qj = q[j];
                int row = base + j * rowLen;
                // one element-wise loop over the row, four lanes per char: SIMD code
                for (int g = 0; g < rowLen; g++) {
                    int c = d[row + g];
                    a0[g] = (short) (a0[g] + qj * (c & 0xF));
                    a1[g] = (short) (a1[g] + qj * ((c >>> 4) & 0xF));
                    a2[g] = (short) (a2[g] + qj * ((c >>> 8) & 0xF));
                    a3[g] = (short) (a3[g] + qj * (c >>> 12));
                }
            }
            for (int g = 0; g < rowLen; g++) {
                sums[g] += a0[g];
                sums[rowLen + g] += a1[g];
                sums[2 * rowLen + g] += a2[g];
                sums[3 * rowLen + g] += a3[g];
            }
        }
    }
}
