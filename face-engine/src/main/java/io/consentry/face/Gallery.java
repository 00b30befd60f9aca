package io.consentry.face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory 1:N index for one tenant/site.
 *
 * <p>Each unit vector v is stored as 12-bit fixed-point codes {@code c_j = round(v_j / s)} in
 * [-2047, 2047] with one per-vector scale {@code s = max|v_j| / 2047}, split in two arrays:
 * <ul>
 *   <li>the high 4 bits of every code, packed in {@code long[] coarse} in blocks of 4 vectors
 *   (per group of 4 dimensions one long; 16-bit lane k holds the 4 nibbles of vector k) -
 *   {@code d / 2} bytes per vector, the only array the search scans;</li>
 *   <li>the low 8 bits in {@code byte[] fine} ({@code d} bytes per vector), read only for the
 *   short-list.</li>
 * </ul>
 * Memory: {@code 1.5 d + 4} bytes per template (d padded to a multiple of 64 in the coarse array) (772 B for d = 512, 772 MB at 1 M) plus the id.
 *
 * <p>Search: the query is quantised to 6 bits (+-31); the scan multiplies 4 vectors' nibbles per 64-bit
 * multiply (SWAR: four signed 16-bit lanes, flushed every 64 dimensions), which Java 17's C2 compiles
 * to plain scalar multiplies - no {@code jdk.incubator.vector}. The scan is split over the
 * scan pool (one thread per core). The best {@code max(k + 256, 4k)} coarse candidates are
 * re-scored with the full 12-bit vectors against the float query; that score differs from the
 * float32 cosine by at most {@code ~||q||_1 * s / 2} (typically below 2e-5), so the top-1 equals an
 * exhaustive float search unless two candidates tie within that margin.
 *
 * <p>Thread-safe: searches run concurrently; add/remove/replace take a write lock.
 */
public final class Gallery {
    /** A search hit. */
    public record Hit(String id, float score) {
    }

    static final int SHORTLIST_EXTRA = 256;
    static final int CODE_MAX = 2047;
    private static final int MIN_SLICE = 16_384;
    private static final long NIBBLE_MASK = 0x000F000F000F000FL;
    /** query code range +-QMAX: 64 dims * 15 * 31 fits a signed 16-bit lane, so lanes flush every 64 dims */
    private static final int QMAX = 31;
    private static final int FLUSH_DIMS = 64;
    private static final int FLUSH_LONGS = FLUSH_DIMS / 4;

    private final String packId;
    private final int dim;
    /** dimension rounded up to a multiple of 16 (one lane flush) */
    private final int dimP;
    /** longs per block of 4 vectors */
    private final int lpb;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> index = new HashMap<>();
    private String[] ids = new String[0];
    private long[] coarse = new long[0];
    private byte[] fine = new byte[0];
    private float[] scales = new float[0];
    private int size;
    private final ForkJoinPool pool;

    /** Scan threads shared by all galleries: one per core (the common pool has cores - 1). */
    private static final ForkJoinPool SCAN_POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            p -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setDaemon(true);
                t.setName("gallery-scan-" + t.getPoolIndex());
                return t;
            }, null, false);

    public Gallery(String packId, int dim) {
        this(packId, dim, SCAN_POOL);
    }

    public Gallery(String packId, int dim, ForkJoinPool pool) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dimension " + dim);
        }
        this.packId = packId;
        this.dim = dim;
        this.dimP = (dim + FLUSH_DIMS - 1) / FLUSH_DIMS * FLUSH_DIMS;
        this.lpb = dimP / 4;
        this.pool = pool;
        grow(1024);
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int dimension() {
        return dim;
    }

    /** Bytes of vector storage per template (codes + scale, without the id). */
    public int bytesPerTemplate() {
        return dimP / 2 + dim + 4;
    }

    /** Pre-allocates room for n templates (avoids repeated growth when bulk loading). */
    public void ensureCapacity(int n) {
        lock.writeLock().lock();
        try {
            grow(n);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds or replaces the template stored under {@code id}. Returns true if it replaced one. */
    public boolean put(String id, Template t) {
        check(t);
        return putVector(id, t.vectorUnsafe());
    }

    /** Adds a new id; fails if it exists. */
    public void add(String id, Template t) {
        check(t);
        lock.writeLock().lock();
        try {
            if (index.containsKey(id)) {
                throw new IllegalArgumentException("id already in gallery: " + id);
            }
            putVector(id, t.vectorUnsafe());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces an existing id; fails if it is absent. */
    public void replace(String id, Template t) {
        check(t);
        lock.writeLock().lock();
        try {
            if (!index.containsKey(id)) {
                throw new IllegalArgumentException("id not in gallery: " + id);
            }
            putVector(id, t.vectorUnsafe());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void check(Template t) {
        if (!t.packId().equals(packId) || t.dimension() != dim) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE,
                    "template from pack " + t.packId() + "/" + t.dimension() + ", gallery is " + packId + "/" + dim);
        }
    }

    /** Low-level add/replace of a unit vector (used by benchmarks with synthetic data). */
    public boolean putVector(String id, float[] unit) {
        if (unit.length != dim) {
            throw new IllegalArgumentException("dimension " + unit.length + " != " + dim);
        }
        lock.writeLock().lock();
        try {
            Integer at = index.get(id);
            boolean replaced = at != null;
            int i;
            if (at == null) {
                grow(size + 1);
                i = size++;
                index.put(id, i);
                ids[i] = id;
            } else {
                i = at;
            }
            store(i, unit);
            return replaced;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void store(int i, float[] v) {
        float max = 1e-12f;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float s = max / CODE_MAX;
        float inv = 1f / s;
        scales[i] = s;
        for (int j = 0; j < dimP; j++) {
            int c = j < dim ? Math.max(-CODE_MAX, Math.min(CODE_MAX, Math.round(v[j] * inv))) : 0;
            setNibble(i, j, (c >> 8) + 8);
            if (j < dim) {
                fine[i * dim + j] = (byte) c;
            }
        }
    }

    private int nibble(int i, int j) {
        long w = coarse[(i >> 2) * lpb + (j >> 2)];
        return (int) (w >>> (16 * (i & 3) + 4 * (j & 3))) & 0xF;
    }

    private void setNibble(int i, int j, int u) {
        int at = (i >> 2) * lpb + (j >> 2);
        int sh = 16 * (i & 3) + 4 * (j & 3);
        coarse[at] = (coarse[at] & ~(0xFL << sh)) | ((long) u << sh);
    }

    /** 12-bit code of vector i, dimension j. */
    private int code(int i, int j) {
        return ((nibble(i, j) - 8) << 8) | (fine[i * dim + j] & 0xFF);
    }

    /** Removes {@code id}; returns false if absent. O(d): the last entry moves into the hole. */
    public boolean remove(String id) {
        lock.writeLock().lock();
        try {
            Integer at = index.remove(id);
            if (at == null) {
                return false;
            }
            int last = size - 1;
            if (at != last) {
                for (int j = 0; j < dimP; j++) {
                    setNibble(at, j, nibble(last, j));
                }
                System.arraycopy(fine, last * dim, fine, at * dim, dim);
                scales[at] = scales[last];
                ids[at] = ids[last];
                index.put(ids[at], at);
            }
            for (int j = 0; j < dimP; j++) {
                setNibble(last, j, 8);
            }
            ids[last] = null;
            size--;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean contains(String id) {
        lock.readLock().lock();
        try {
            return index.containsKey(id);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void grow(int need) {
        if (need <= ids.length) {
            return;
        }
        long cap = Math.max(need, ids.length * 3L / 2);
        cap = (cap + 3) / 4 * 4;
        long maxByFine = (Integer.MAX_VALUE - 8) / dim / 4 * 4;
        long maxByCoarse = (Integer.MAX_VALUE - 8) / lpb * 4;
        cap = Math.min(cap, Math.min(maxByFine, maxByCoarse));
        if (cap < need) {
            throw new IllegalStateException("gallery full");
        }
        int c = (int) cap;
        int oldCap = ids.length;
        ids = Arrays.copyOf(ids, c);
        scales = Arrays.copyOf(scales, c);
        fine = Arrays.copyOf(fine, c * dim);
        coarse = Arrays.copyOf(coarse, c / 4 * lpb);
        // empty slots: nibble 8 = code 0, so padded block lanes score 0 and are never offered
        for (int b = oldCap / 4 * lpb; b < coarse.length; b++) {
            coarse[b] = 0x8888_8888_8888_8888L;
        }
    }

    /** Top-k by cosine similarity (12-bit re-scored short-list of the coarse scan), best first. */
    public List<Hit> search(Template query, int k) {
        check(query);
        return search(query.vectorUnsafe(), k);
    }

    public List<Hit> search(float[] q, int k) {
        if (k <= 0) {
            return List.of();
        }
        if (q.length != dim) {
            throw new IllegalArgumentException("dimension " + q.length + " != " + dim);
        }
        lock.readLock().lock();
        try {
            int n = size;
            if (n == 0) {
                return List.of();
            }
            // 6-bit query (+-31), padded with zeros
            float qmax = 1e-12f;
            for (float x : q) {
                qmax = Math.max(qmax, Math.abs(x));
            }
            long[] qi = new long[dimP];
            long qsum = 0;
            for (int j = 0; j < dim; j++) {
                qi[j] = Math.round(q[j] * QMAX / qmax);
                qsum += qi[j];
            }
            // coarse estimate of sum_j code_j * qi_j = 256 * (sum u*qi - 8 qsum) + 127.5 qsum
            float offset = (float) (-2048.0 * qsum + 127.5 * qsum);
            int shortlist = Math.min(n, Math.max(k + SHORTLIST_EXTRA, 4 * k));
            int blocks = (n + 3) / 4;
            int slices = Math.max(1, Math.min(pool.getParallelism(), n / MIN_SLICE));
            int[] cand;
            if (slices == 1) {
                cand = scan(qi, offset, 0, blocks, n, shortlist).indices();
            } else {
                List<Future<TopK>> fs = new ArrayList<>(slices);
                int per = (blocks + slices - 1) / slices;
                for (int s = 0; s < slices; s++) {
                    int from = s * per, to = Math.min(blocks, from + per);
                    fs.add(pool.submit(() -> scan(qi, offset, from, to, n, shortlist)));
                }
                TopK all = new TopK(shortlist);
                for (Future<TopK> f : fs) {
                    TopK t = f.get();
                    for (int i = 0; i < t.size; i++) {
                        all.offer(t.score[i], t.idx[i]);
                    }
                }
                cand = all.indices();
            }
            TopK exact = new TopK(Math.min(k, cand.length));
            for (int c : cand) {
                exact.offer(score(q, c), c);
            }
            return hits(exact);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "search interrupted");
        } catch (ExecutionException e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "search failed", e.getCause());
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Hit> hits(TopK t) {
        int[] order = t.sortedIndicesDesc();
        float[] sc = t.sortedScoresDesc();
        List<Hit> hits = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            hits.add(new Hit(ids[order[i]], sc[i]));
        }
        return hits;
    }

    /** Exhaustive search over the stored (12-bit) vectors: the reference for the coarse scan. */
    public List<Hit> searchExact(float[] q, int k) {
        lock.readLock().lock();
        try {
            TopK t = new TopK(Math.min(k, size));
            for (int i = 0; i < size; i++) {
                t.offer(score(q, i), i);
            }
            return hits(t);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cosine of the float query with stored vector i (12-bit codes, float accumulation). */
    private float score(float[] q, int i) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < dim; j += 4) {
            s0 += q[j] * code(i, j);
            s1 += q[j + 1] * code(i, j + 1);
            s2 += q[j + 2] * code(i, j + 2);
            s3 += q[j + 3] * code(i, j + 3);
        }
        for (; j < dim; j++) {
            s0 += q[j] * code(i, j);
        }
        return ((s0 + s1) + (s2 + s3)) * scales[i];
    }

    /** Coarse scan of blocks [from, to): 4 vectors per 64-bit multiply. */
    private TopK scan(long[] qi, float offset, int from, int to, int n, int k) {
        TopK t = new TopK(k);
        long[] g = coarse;
        float[] sc = scales;
        int lp = lpb;
        for (int b = from; b < to; b++) {
            int base = b * lp;
            int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int l = 0; l < lp; l += FLUSH_LONGS) {
                long acc = 0, acc2 = 0;
                for (int m = l; m < l + FLUSH_LONGS; m += 2) {
                    int j = m * 4;
                    long w0 = g[base + m], w1 = g[base + m + 1];
                    acc += (w0 & NIBBLE_MASK) * qi[j] + ((w0 >>> 4) & NIBBLE_MASK) * qi[j + 1]
                            + ((w0 >>> 8) & NIBBLE_MASK) * qi[j + 2] + ((w0 >>> 12) & NIBBLE_MASK) * qi[j + 3];
                    acc2 += (w1 & NIBBLE_MASK) * qi[j + 4] + ((w1 >>> 4) & NIBBLE_MASK) * qi[j + 5]
                            + ((w1 >>> 8) & NIBBLE_MASK) * qi[j + 6] + ((w1 >>> 12) & NIBBLE_MASK) * qi[j + 7];
                }
                acc += acc2;
                // four signed 16-bit lanes (|lane| <= 64 * 15 * 31 < 2^15): peel from the bottom
                short l0 = (short) acc;
                acc = (acc - l0) >> 16;
                short l1 = (short) acc;
                acc = (acc - l1) >> 16;
                short l2 = (short) acc;
                acc = (acc - l2) >> 16;
                a0 += l0;
                a1 += l1;
                a2 += l2;
                a3 += (short) acc;
            }
            int i = b * 4;
            offer(t, (256f * a0 + offset) * sc[i], i, n);
            offer(t, (256f * a1 + offset) * sc[i + 1], i + 1, n);
            offer(t, (256f * a2 + offset) * sc[i + 2], i + 2, n);
            offer(t, (256f * a3 + offset) * sc[i + 3], i + 3, n);
        }
        return t;
    }

    private static void offer(TopK t, float s, int i, int n) {
        if (s > t.min && i < n) {
            t.offer(s, i);
        }
    }

    /** Bounded top-k (min-heap) of (score, index). */
    static final class TopK {
        final float[] score;
        final int[] idx;
        int size;
        float min = Float.NEGATIVE_INFINITY;

        TopK(int k) {
            score = new float[Math.max(1, k)];
            idx = new int[Math.max(1, k)];
        }

        void offer(float s, int i) {
            int k = score.length;
            if (size < k) {
                score[size] = s;
                idx[size] = i;
                siftUp(size++);
                if (size == k) {
                    min = score[0];
                }
            } else if (s > score[0]) {
                score[0] = s;
                idx[0] = i;
                siftDown(0);
                min = score[0];
            }
        }

        private void siftUp(int i) {
            while (i > 0) {
                int p = (i - 1) >> 1;
                if (score[p] <= score[i]) {
                    break;
                }
                swap(i, p);
                i = p;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < size && score[l] < score[m]) {
                    m = l;
                }
                if (r < size && score[r] < score[m]) {
                    m = r;
                }
                if (m == i) {
                    return;
                }
                swap(i, m);
                i = m;
            }
        }

        private void swap(int a, int b) {
            float s = score[a];
            score[a] = score[b];
            score[b] = s;
            int x = idx[a];
            idx[a] = idx[b];
            idx[b] = x;
        }

        int[] indices() {
            return Arrays.copyOf(idx, size);
        }

        private Integer[] order() {
            Integer[] o = new Integer[size];
            for (int i = 0; i < size; i++) {
                o[i] = i;
            }
            Arrays.sort(o, (a, b) -> {
                int c = Float.compare(score[b], score[a]);
                return c != 0 ? c : Integer.compare(idx[a], idx[b]);
            });
            return o;
        }

        int[] sortedIndicesDesc() {
            Integer[] o = order();
            int[] r = new int[size];
            for (int i = 0; i < size; i++) {
                r[i] = idx[o[i]];
            }
            return r;
        }

        float[] sortedScoresDesc() {
            Integer[] o = order();
            float[] r = new float[size];
            for (int i = 0; i < size; i++) {
                r[i] = score[o[i]];
            }
            return r;
        }
    }
}
