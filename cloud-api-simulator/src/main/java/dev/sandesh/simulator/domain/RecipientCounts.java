package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * Accepted sends per recipient, for the audit's "nobody messaged twice": it must hold every
 * recipient a run ever sent to, so its size is the campaign's. A wa_id of digits (every real one:
 * at most 15) is kept as a {@code long} key with an {@code int} count in one open-addressing table
 * — 12 bytes a recipient at a load of at most ½, about 24 MB for a million, where a
 * {@code ConcurrentHashMap<String, Integer>} took about 100 MB of the simulator's 256 MB heap —
 * anything else in a small map beside it. Updates take one short lock (a send is microseconds of
 * work; the lock is not what limits the simulator).
 */
public final class RecipientCounts {

    private static final int MAX_DIGITS = 18;

    private long[] keys = new long[1 << 12];
    private int[] counts = new int[1 << 12];
    private int size;
    private final Map<String, Integer> others = new ConcurrentHashMap<>();

    /** Counts one more send to {@code waId}. */
    public void increment(String waId) {
        long key = key(waId);
        if (key < 0) {
            others.merge(waId, 1, Integer::sum);
            return;
        }
        synchronized (this) {
            int slot = slot(keys, key);
            if (counts[slot] == 0) {
                keys[slot] = key;
                counts[slot] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
            } else {
                counts[slot]++;
            }
        }
    }

    /** Sends counted for {@code waId} (0 when none). */
    public int get(String waId) {
        long key = key(waId);
        if (key < 0) {
            return others.getOrDefault(waId, 0);
        }
        synchronized (this) {
            return counts[slot(keys, key)];
        }
    }

    /** Distinct recipients counted. */
    public synchronized long size() {
        return size + others.size();
    }

    /** Every recipient counted more than {@code min} times, with its count, in no particular order. */
    public void forEachAbove(int min, ObjIntConsumer<String> action) {
        List<long[]> found = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < keys.length; i++) {
                if (counts[i] > min) {
                    found.add(new long[] {keys[i], counts[i]});
                }
            }
        }
        for (long[] entry : found) {
            action.accept(Long.toString(entry[0]), (int) entry[1]);
        }
        others.forEach((waId, count) -> {
            if (count > min) {
                action.accept(waId, count);
            }
        });
    }

    public synchronized void clear() {
        keys = new long[1 << 12];
        counts = new int[1 << 12];
        size = 0;
        others.clear();
    }

    /** The digits as a number, or -1 for anything else (and for a leading 0, which the number would lose). */
    private static long key(String waId) {
        int length = waId.length();
        if (length == 0 || length > MAX_DIGITS || waId.charAt(0) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = waId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The slot holding {@code key}, or the empty one where it goes (linear probing; a count of 0 marks empty). */
    private int slot(long[] table, long key) {
        int mask = table.length - 1;
        int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (counts[i] != 0 && table[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
