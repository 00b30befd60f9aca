package io.consentry.face;

import java.util.Arrays;

/** Bounded top-k (min-heap) of (score, index). */
final class TopK {
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
