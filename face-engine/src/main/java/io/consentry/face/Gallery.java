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
 * <p>Each unit vector v is stored as 12-bit fixed-point codes {@code c_j = round(v_j / s)} in [-2047, 2047] with one
 * per-vector scale {@code s = max|v_j| / 2047}, split in two parts:
 * <ul>
 *   <li>the high 4 bits of every code in {@link NibbleBlocks} ({@code d / 2} bytes per vector, dimension-major
 *   blocks of 2,048 templates): the only data the search scans;</li>
 *   <li>the low 8 bits in {@code byte[] fine} ({@code d} bytes per vector, template-major), read only for the
 *   short-list.</li>
 * </ul>
 * Memory: {@code 1.5 d + 4} bytes per template (772 B for d = 512, 772 MB at 1 M) plus the id.
 *
 * <p>Search: the query is quantised to 6 bits (±31); the scan computes every template's exact integer dot product
 * of its nibbles with that query (a SIMD loop, see {@link NibbleBlocks}), split over the scan pool (one thread per
 * core). The best {@code max(k + 256, 4k)} coarse candidates are re-scored with the full 12-bit vectors against the
 * float query; that score differs from the float32 cosine by at most {@code ~||q||_1 * s / 2} (typically below
 * 2e-5; at most 7.8e-5 for the ten short-listed members of 662 searches of real faces, {@code IdentificationTest}), so
 * the top-1 equals an exhaustive float search unless two candidates tie within that margin.
 *
 * <p>Thread-safe: searches run concurrently; add/remove/replace take a write lock.
 */
public final class Gallery {
    /** A search hit. */
    public record Hit(String id, float score) {
    }

    static final int SHORTLIST_EXTRA = 256;
    static final int CODE_MAX = 2047;
    /** below this many templates one thread scans: forking costs more than it saves */
    private static final int MIN_SLICE = 16_384;
    /** query code range ±QMAX: keeps each 64-dimension short-lane sum below 2^15 (see NibbleBlocks) */
    private static final int QMAX = 31;

    private final String packId;
    private final int dim;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Slot of each id; replaced only by {@link #ensureCapacity} while empty. */
    private Map<String, Integer> index = new HashMap<>();
    private final NibbleBlocks coarse;
    private String[] ids = new String[0];
    private byte[] fine = new byte[0];
    private float[] scales = new float[0];
    private int size;
    /** Changes whenever a template enters or leaves a slot (removal moves the last one): {@link Subset}s follow it. */
    private long layout;
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
        this.coarse = new NibbleBlocks(dim);
        this.pool = pool;
        grow(1);
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
        return coarse.paddedDimensions() / 2 + dim + 4;
    }

    /** Pre-allocates room for n templates (avoids repeated growth when bulk loading). */
    public void ensureCapacity(int n) {
        lock.writeLock().lock();
        try {
            if (index.isEmpty() && n > ids.length) {
                index = new HashMap<>((int) (n / 0.75f) + 1); // sized once, not rehashed over and over on the way to n
            }
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
                layout++;
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
        byte[] nibbles = new byte[dim];
        quantise(i, v, nibbles);
        coarse.setColumn(i, nibbles);
    }

    /** Writes one new template into slot {@code slot}: its scale and 8-bit remainders, and its 4-bit codes into {@code nibbles}. */
    @FunctionalInterface
    private interface SlotWriter {
        void write(int slot, int item, byte[] nibbles);
    }

    /**
     * Writes new templates into slots {@code from .. to - 1} (slot i holds item {@code i - first}), the 4-bit codes a tile
     * at a time ({@link NibbleBlocks#setColumns}); {@code tile} is scratch of {@link NibbleBlocks#TILE} × {@code dim} bytes
     * (one per thread).
     */
    private void storeAll(int from, int to, int first, SlotWriter writer, byte[][] tile) {
        for (int i = from; i < to; ) {
            int end = Math.min(to, (i / NibbleBlocks.TILE + 1) * NibbleBlocks.TILE);
            for (int k = i; k < end; k++) {
                writer.write(k, k - first, tile[k - i]);
            }
            coarse.setColumns(i, tile, end - i);
            i = end;
        }
    }

    /**
     * Quantises a unit vector to 12-bit codes {@code round(v_j / s)} in [-2047, 2047] with {@code s = max|v_j| / 2047};
     * returns s. {@link IndexedTemplate} quantises with it where templates are decrypted; {@link #quantise(int, float[],
     * byte[])} is the same, written straight into a slot.
     */
    static float quantise(float[] v, short[] codes) {
        float s = scaleOf(v);
        float inv = 1f / s;
        for (int j = 0; j < v.length; j++) {
            codes[j] = (short) round12(v[j], inv);
        }
        return s;
    }

    /** Quantises v into slot i's scale and 8-bit remainders, and its 4-bit codes (stored + 8) into {@code nibbles}. */
    private void quantise(int i, float[] v, byte[] nibbles) {
        float s = scaleOf(v);
        float inv = 1f / s;
        scales[i] = s;
        int at = i * dim;
        for (int j = 0; j < dim; j++) {
            int c = round12(v[j], inv);
            nibbles[j] = (byte) ((c >> 8) + 8);
            fine[at + j] = (byte) c;
        }
    }

    private static float scaleOf(float[] v) {
        float max = 1e-12f;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max / CODE_MAX;
    }

    /**
     * The nearest code (ties to even), clamped. {@code Math.rint} rather than {@code Math.round}: one instruction instead of
     * a branchy bit-twiddle, which halved the rounding loop (about 0.9 → 0.5 µs per 512-d vector) — quantisation is
     * part of every gallery load.
     */
    private static int round12(float x, float inverseScale) {
        return Math.max(-CODE_MAX, Math.min(CODE_MAX, (int) Math.rint(x * inverseScale)));
    }

    /** Slot i's scale and 8-bit remainders from its codes, and its 4-bit codes (stored + 8) into {@code nibbles}. */
    private void place(int i, float scale, short[] codes, byte[] nibbles) {
        scales[i] = scale;
        int at = i * dim;
        for (int j = 0; j < dim; j++) {
            int c = codes[j];
            nibbles[j] = (byte) ((c >> 8) + 8);
            fine[at + j] = (byte) c;
        }
    }

    /** Below this many new templates one thread quantises them: forking costs more than it saves. */
    static final int PARALLEL_ADD_FROM = 2 * NibbleBlocks.BLOCK;

    /**
     * Adds or replaces many templates at once, as {@link #put} would one by one (a repeated id: the last one wins). The
     * new templates are quantised on the scan pool, one task per block of {@value NibbleBlocks#BLOCK} slots: templates
     * of different blocks share no char of the coarse codes and no byte of the fine ones, so the tasks never write the
     * same memory. Within a task the 4-bit codes are written a tile of {@value NibbleBlocks#TILE} templates at a time.
     * Ids and the id index are filled on the calling thread.
     */
    public void putAll(List<String> newIds, List<Template> templates) {
        for (Template t : templates) {
            check(t);
        }
        Template[] items = templates.toArray(Template[]::new);
        putMany(newIds, items.length, (slot, item, nibbles) -> quantise(slot, items[item].vectorUnsafe(), nibbles));
    }

    /**
     * As {@link #putAll}, for templates quantised already (a gallery's load, where they were decrypted): their codes are
     * copied into the index as they are, so the index holds exactly what {@link #putAll} would have made of the same
     * vectors.
     */
    public void putAllIndexed(List<String> newIds, List<IndexedTemplate> templates) {
        for (IndexedTemplate t : templates) {
            if (!t.packId().equals(packId) || t.dimension() != dim) {
                throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE,
                        "template from pack " + t.packId() + "/" + t.dimension() + ", gallery is " + packId + "/" + dim);
            }
        }
        IndexedTemplate[] items = templates.toArray(IndexedTemplate[]::new);
        putMany(newIds, items.length, (slot, item, nibbles) -> place(slot, items[item].scale(), items[item].codes(), nibbles));
    }

    private void putMany(List<String> newIds, int count, SlotWriter writer) {
        if (newIds.size() != count) {
            throw new IllegalArgumentException(newIds.size() + " ids for " + count + " templates");
        }
        lock.writeLock().lock();
        try {
            int first = size;
            grow(first + count);
            int[] itemOfSlot = new int[count];
            List<Integer> again = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String id = newIds.get(k);
                if (index.containsKey(id)) {
                    again.add(k); // already held (or earlier in this batch): replaced in order after the new ones
                    continue;
                }
                int i = size++;
                index.put(id, i);
                ids[i] = id;
                itemOfSlot[i - first] = k;
            }
            layout++;
            int end = size;
            SlotWriter fresh = (slot, offset, nibbles) -> writer.write(slot, itemOfSlot[offset], nibbles);
            if (end - first < PARALLEL_ADD_FROM || pool.getParallelism() < 2) {
                storeAll(first, end, first, fresh, new byte[NibbleBlocks.TILE][dim]);
            } else {
                List<Future<?>> tasks = new ArrayList<>();
                int block = NibbleBlocks.BLOCK;
                for (int from = first; from < end; from = (from / block + 1) * block) {
                    int lo = from, hi = Math.min(end, (from / block + 1) * block);
                    tasks.add(pool.submit(() -> storeAll(lo, hi, first, fresh, new byte[NibbleBlocks.TILE][dim])));
                }
                for (Future<?> task : tasks) {
                    task.get();
                }
            }
            byte[] nibbles = new byte[dim];
            for (int k : again) {
                int slot = index.get(newIds.get(k));
                writer.write(slot, k, nibbles);
                coarse.setColumn(slot, nibbles);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "bulk add interrupted");
        } catch (ExecutionException e) {
            throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "bulk add failed", e.getCause());
        } finally {
            lock.writeLock().unlock();
        }
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
                coarse.copy(last, at);
                System.arraycopy(fine, last * dim, fine, at * dim, dim);
                scales[at] = scales[last];
                ids[at] = ids[last];
                index.put(ids[at], at);
            }
            coarse.clear(last);
            ids[last] = null;
            size--;
            layout++;
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

    /**
     * The primary vector as the index holds it (its 12-bit codes times its scale), or null when {@code id} is not held:
     * what the short-list is re-scored with, for a score that needs the vector itself (a fused pack's).
     */
    public float[] storedVector(String id) {
        lock.readLock().lock();
        try {
            Integer at = index.get(id);
            if (at == null) {
                return null;
            }
            byte[] column = new byte[dim];
            coarse.column(at, column);
            float[] v = new float[dim];
            int f = at * dim;
            for (int j = 0; j < dim; j++) {
                v[j] = code(column[j], fine[f + j]) * scales[at];
            }
            return v;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Room for {@code need} templates: ids, scales and fine codes grow by half each time; the coarse codes grow in
     * whole blocks ({@value NibbleBlocks#BLOCK} templates, 512 KiB at d = 512), so a small gallery costs one block.
     */
    private void grow(int need) {
        if (need <= ids.length) {
            return;
        }
        long cap = Math.max(need, Math.max(16, ids.length * 3L / 2));
        long max = Math.min((Integer.MAX_VALUE - 8) / dim, coarse.maxCapacity());
        cap = Math.min(cap, max);
        if (cap < need) {
            throw new IllegalStateException("gallery full");
        }
        int c = (int) cap;
        ids = Arrays.copyOf(ids, c);
        scales = Arrays.copyOf(scales, c);
        fine = Arrays.copyOf(fine, c * dim);
        if (c > coarse.capacity()) {
            coarse.grow(c);
        }
    }

    /** Top-k by cosine similarity (12-bit re-scored short-list of the coarse scan), best first. */
    public List<Hit> search(Template query, int k) {
        check(query);
        return search(query.vectorUnsafe(), k);
    }

    public List<Hit> search(float[] q, int k) {
        return search(q, k, (long[]) null);
    }

    /**
     * Top-k among the slots whose bit is set in {@code admitted} (null: all). The mask is tested inside the scan, only
     * for a template that would enter the short-list, so the short-list and the re-scored top-k hold admitted
     * templates only. The caller holds the read lock when it passes a mask (slots must not move meanwhile).
     */
    private List<Hit> search(float[] q, int k, long[] admitted) {
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
            // 6-bit query (±31), padded with zeros
            float qmax = 1e-12f;
            for (float x : q) {
                qmax = Math.max(qmax, Math.abs(x));
            }
            short[] qi = new short[coarse.paddedDimensions()];
            long qsum = 0;
            for (int j = 0; j < dim; j++) {
                qi[j] = (short) Math.round(q[j] * QMAX / qmax);
                qsum += qi[j];
            }
            // coarse estimate of sum_j code_j * qi_j, code_j ~ 256 * (nibble_j - 8) + 127.5: 256 * (sum nibble*qi) + offset
            float offset = (float) (-2048.0 * qsum + 127.5 * qsum);
            int shortlist = Math.min(n, Math.max(k + SHORTLIST_EXTRA, 4 * k));
            int blocks = (n + NibbleBlocks.BLOCK - 1) / NibbleBlocks.BLOCK;
            int slices = Math.max(1, Math.min(pool.getParallelism(), n / MIN_SLICE));
            int[] cand;
            if (slices == 1) {
                cand = scan(qi, offset, 0, blocks, n, shortlist, admitted).indices();
            } else {
                List<Future<TopK>> fs = new ArrayList<>(slices);
                int per = (blocks + slices - 1) / slices;
                for (int s = 0; s < slices; s++) {
                    int from = s * per, to = Math.min(blocks, from + per);
                    fs.add(pool.submit(() -> scan(qi, offset, from, to, n, shortlist, admitted)));
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
            byte[] column = new byte[dim];
            for (int c : cand) {
                exact.offer(score(q, c, column), c);
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

    /**
     * A fixed set of template ids to search among, e.g. the templates of the people allowed at one place. Its slot mask
     * is built on first use and rebuilt only when the gallery's slots changed, so repeated searches over the same
     * subset cost one bit test per candidate.
     */
    public static final class Subset {
        private final String[] ids;
        private volatile Mask mask;

        private record Mask(Gallery gallery, long layout, long[] bits) {
        }

        private Subset(String[] ids) {
            this.ids = ids;
        }

        public int size() {
            return ids.length;
        }

        /** Under the gallery's read lock. */
        long[] bits(Gallery g) {
            Mask m = mask;
            if (m != null && m.gallery == g && m.layout == g.layout) {
                return m.bits;
            }
            long[] bits = new long[(g.size + 63) >>> 6];
            for (String id : ids) {
                Integer at = g.index.get(id);
                if (at != null) {
                    bits[at >>> 6] |= 1L << at;
                }
            }
            mask = new Mask(g, g.layout, bits);
            return bits;
        }
    }

    /** A subset of this gallery's templates (ids it does not hold are ignored). */
    public static Subset subset(String[] ids) {
        return new Subset(ids.clone());
    }

    /** Top-k among the subset's templates: the coarse scan skips every other slot by its mask bit. */
    public List<Hit> search(Template query, int k, Subset subset) {
        check(query);
        lock.readLock().lock();
        try {
            long[] bits = subset.bits(this);
            return search(query.vectorUnsafe(), k, bits);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Top-k among the named templates only, each scored exactly (12-bit vectors), without the coarse scan: for a small
     * subset of a large gallery this costs a few hundred dot products instead of a pass over every template. Unknown
     * ids are skipped.
     */
    public List<Hit> searchAmong(Template query, int k, String[] among) {
        check(query);
        float[] q = query.vectorUnsafe();
        if (k <= 0) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            TopK t = new TopK(Math.min(k, Math.max(1, among.length)));
            byte[] column = new byte[dim];
            for (String id : among) {
                Integer at = index.get(id);
                if (at != null) {
                    t.offer(score(q, at, column), at);
                }
            }
            return hits(t);
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
            byte[] column = new byte[dim];
            for (int i = 0; i < size; i++) {
                t.offer(score(q, i, column), i);
            }
            return hits(t);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Cosine of the float query with stored vector i (12-bit codes, float accumulation).
     *
     * @param column scratch for the vector's high nibbles
     */
    private float score(float[] q, int i, byte[] column) {
        coarse.column(i, column);
        int f = i * dim;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < dim; j += 4) {
            s0 += q[j] * code(column[j], fine[f + j]);
            s1 += q[j + 1] * code(column[j + 1], fine[f + j + 1]);
            s2 += q[j + 2] * code(column[j + 2], fine[f + j + 2]);
            s3 += q[j + 3] * code(column[j + 3], fine[f + j + 3]);
        }
        for (; j < dim; j++) {
            s0 += q[j] * code(column[j], fine[f + j]);
        }
        return ((s0 + s1) + (s2 + s3)) * scales[i];
    }

    /** The 12-bit code from its high nibble (stored +8) and low byte. */
    private static int code(byte nibble, byte low) {
        return ((nibble - 8) << 8) | (low & 0xFF);
    }

    /** Coarse scan of blocks [from, to): exact integer nibble dot products, scaled to estimated cosines. */
    private TopK scan(short[] qi, float offset, int from, int to, int n, int k, long[] admitted) {
        TopK t = new TopK(k);
        NibbleBlocks.Scratch scratch = new NibbleBlocks.Scratch();
        float[] sc = scales;
        for (int b = from; b < to; b++) {
            coarse.dot(b, qi, scratch);
            int first = b * NibbleBlocks.BLOCK;
            int count = Math.min(NibbleBlocks.BLOCK, n - first);
            int[] sums = scratch.sums;
            for (int x = 0; x < count; x++) {
                float s = (256f * sums[x] + offset) * sc[first + x];
                int slot = first + x;
                if (s > t.min && (admitted == null || (admitted[slot >>> 6] & (1L << slot)) != 0)) {
                    t.offer(s, first + x);
                }
            }
        }
        return t;
    }
}
