package io.monocoque.internal.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Prefix subscriptions of many subscribers, matched against a message in time that does not grow
 * with the number of subscriptions that do not match.
 *
 * <p>Subscriptions are kept in a hash table keyed by the subscribed prefix, together with the
 * sorted set of distinct prefix lengths. Matching a message hashes its leading bytes once,
 * incrementally, and probes the table once per distinct length that fits the message: for the
 * usual topic schemes (a few lengths) that is a handful of probes whether 10 or 100,000 prefixes
 * are subscribed. A byte trie (libzmq's {@code mtrie_t}) walks one node per distinguishing byte
 * instead, so its cost grows with the logarithm of the number of prefixes and with cache misses;
 * measured in {@code SubscriptionMatchBenchmark}, this index stays flat where the trie did not.
 *
 * <pre>
 *  lengths: [0, 8, 13]          table: "" → {p3×1}   "sensor.1" → {p1×1}   "sensor.1.temp" → {p2×2}
 *  match("sensor.1.temp 21C"): hash("") → p3, hash("sensor.1") → p1, hash("sensor.1.temp") → p2
 * </pre>
 *
 * <p>Each prefix keeps its subscribers with a count, because subscriptions are additive (RFC 29:
 * subscribing to "A" twice needs two cancels): in small parallel arrays while there are few, in an
 * identity map beyond that. The hash is seeded per index at random so a peer cannot aim
 * subscriptions at one bucket. Removing every subscription shrinks the table back to its initial
 * capacity. Not thread-safe: used under the socket's lock.
 *
 * @param <T> the subscriber type (compared by identity)
 */
public final class SubscriptionIndex<T> {
    static final int INITIAL_CAPACITY = 16;
    private static final int SMALL = 8;

    private static final class Entry {
        final byte[] prefix;
        final int hash;
        Entry next;
        Object[] subs;
        int[] counts;
        int subCount;
        Map<Object, int[]> bigSubs;

        Entry(byte[] prefix, int hash) {
            this.prefix = prefix;
            this.hash = hash;
        }

        boolean hasSubscribers() {
            return subCount > 0 || bigSubs != null;
        }

        /** Adds one subscription; true when the prefix had no subscriber before. */
        boolean add(Object s) {
            boolean first = !hasSubscribers();
            if (bigSubs != null) {
                bigSubs.computeIfAbsent(s, k -> new int[1])[0]++;
                return first;
            }
            for (int i = 0; i < subCount; i++) {
                if (subs[i] == s) {
                    counts[i]++;
                    return first;
                }
            }
            if (subCount == SMALL) {
                bigSubs = new IdentityHashMap<>(SMALL * 4);
                for (int i = 0; i < subCount; i++) {
                    bigSubs.put(subs[i], new int[] {counts[i]});
                }
                bigSubs.put(s, new int[] {1});
                subs = null;
                counts = null;
                subCount = 0;
                return first;
            }
            if (subs == null) {
                subs = new Object[1];
                counts = new int[1];
            } else if (subCount == subs.length) {
                subs = Arrays.copyOf(subs, subCount * 2);
                counts = Arrays.copyOf(counts, subCount * 2);
            }
            subs[subCount] = s;
            counts[subCount++] = 1;
            return first;
        }

        int countOf(Object s) {
            if (bigSubs != null) {
                int[] c = bigSubs.get(s);
                return c == null ? 0 : c[0];
            }
            for (int i = 0; i < subCount; i++) {
                if (subs[i] == s) {
                    return counts[i];
                }
            }
            return 0;
        }

        /** Removes one (or, with {@code all}, every) subscription of {@code s}; returns how many. */
        int remove(Object s, boolean all) {
            if (bigSubs != null) {
                int[] c = bigSubs.get(s);
                if (c == null) {
                    return 0;
                }
                int removed = all ? c[0] : 1;
                c[0] -= removed;
                if (c[0] == 0) {
                    bigSubs.remove(s);
                    if (bigSubs.isEmpty()) {
                        bigSubs = null;
                    }
                }
                return removed;
            }
            for (int i = 0; i < subCount; i++) {
                if (subs[i] == s) {
                    int removed = all ? counts[i] : 1;
                    counts[i] -= removed;
                    if (counts[i] == 0) {
                        subCount--;
                        subs[i] = subs[subCount];
                        counts[i] = counts[subCount];
                        subs[subCount] = null;
                        if (subCount == 0) {
                            subs = null;
                            counts = null;
                        }
                    }
                    return removed;
                }
            }
            return 0;
        }

        @SuppressWarnings("unchecked")
        <T> void visit(Consumer<T> visitor) {
            if (bigSubs != null) {
                for (Object s : bigSubs.keySet()) {
                    visitor.accept((T) s);
                }
                return;
            }
            Object[] s = subs;
            for (int i = 0, n = subCount; i < n; i++) {
                visitor.accept((T) s[i]);
            }
        }
    }

    private final int seed = ThreadLocalRandom.current().nextInt() | 1;
    private Entry[] table = new Entry[INITIAL_CAPACITY];
    private int entries;
    private long subscriptions;
    /** Distinct prefix lengths, ascending, and how many entries have each. */
    private int[] lengths = new int[4];
    private int[] lengthRefs = new int[4];
    private int lengthCount;

    private int step(int h, byte b) {
        return (h ^ (b & 0xFF)) * 0x01000193; // FNV-1a step, from a random basis
    }

    private int hash(byte[] data, int len) {
        int h = seed;
        for (int i = 0; i < len; i++) {
            h = step(h, data[i]);
        }
        return h;
    }

    private static int bucket(int hash, int mask) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    private Entry find(byte[] data, int len, int h) {
        for (Entry e = table[bucket(h, table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.prefix.length == len && Arrays.equals(e.prefix, 0, len, data, 0, len)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Adds one subscription of {@code subscriber} to {@code prefix}.
     *
     * @return true when {@code prefix} had no subscription from anyone before
     */
    public boolean add(byte[] prefix, T subscriber) {
        int h = hash(prefix, prefix.length);
        Entry e = find(prefix, prefix.length, h);
        if (e == null) {
            e = new Entry(prefix.clone(), h);
            int b = bucket(h, table.length - 1);
            e.next = table[b];
            table[b] = e;
            entries++;
            addLength(prefix.length);
            if (entries > table.length * 3 / 4) {
                resize(table.length * 2);
            }
        }
        subscriptions++;
        return e.add(subscriber);
    }

    /**
     * Removes one subscription of {@code subscriber} to {@code prefix}, if it has one.
     *
     * @return true when that was the last subscription to {@code prefix} from anyone
     */
    public boolean remove(byte[] prefix, T subscriber) {
        return remove(prefix, subscriber, false);
    }

    private boolean remove(byte[] prefix, T subscriber, boolean all) {
        int h = hash(prefix, prefix.length);
        Entry e = find(prefix, prefix.length, h);
        if (e == null) {
            return false;
        }
        int removed = e.remove(subscriber, all);
        if (removed == 0) {
            return false;
        }
        subscriptions -= removed;
        if (e.hasSubscribers()) {
            return false;
        }
        unlink(e);
        return true;
    }

    private void unlink(Entry e) {
        int b = bucket(e.hash, table.length - 1);
        if (table[b] == e) {
            table[b] = e.next;
        } else {
            Entry p = table[b];
            while (p.next != e) {
                p = p.next;
            }
            p.next = e.next;
        }
        entries--;
        removeLength(e.prefix.length);
        if (table.length > INITIAL_CAPACITY && entries < table.length / 8) {
            resize(Math.max(INITIAL_CAPACITY, table.length / 4));
        }
    }

    private void resize(int capacity) {
        Entry[] old = table;
        Entry[] fresh = new Entry[capacity];
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int b = bucket(e.hash, capacity - 1);
                e.next = fresh[b];
                fresh[b] = e;
                e = next;
            }
        }
        table = fresh;
    }

    private void addLength(int len) {
        int i = Arrays.binarySearch(lengths, 0, lengthCount, len);
        if (i >= 0) {
            lengthRefs[i]++;
            return;
        }
        i = -i - 1;
        if (lengthCount == lengths.length) {
            lengths = Arrays.copyOf(lengths, lengthCount * 2);
            lengthRefs = Arrays.copyOf(lengthRefs, lengthCount * 2);
        }
        System.arraycopy(lengths, i, lengths, i + 1, lengthCount - i);
        System.arraycopy(lengthRefs, i, lengthRefs, i + 1, lengthCount - i);
        lengths[i] = len;
        lengthRefs[i] = 1;
        lengthCount++;
    }

    private void removeLength(int len) {
        int i = Arrays.binarySearch(lengths, 0, lengthCount, len);
        if (--lengthRefs[i] == 0) {
            System.arraycopy(lengths, i + 1, lengths, i, lengthCount - i - 1);
            System.arraycopy(lengthRefs, i + 1, lengthRefs, i, lengthCount - i - 1);
            lengthCount--;
        }
    }

    /**
     * Removes every subscription of {@code subscriber} (it disconnected).
     *
     * @param onLastGone told of each prefix that no longer has any subscriber
     */
    public void removeAll(T subscriber, Consumer<byte[]> onLastGone) {
        List<Entry> owned = new ArrayList<>();
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                if (e.countOf(subscriber) > 0) {
                    owned.add(e);
                }
            }
        }
        for (Entry e : owned) {
            subscriptions -= e.remove(subscriber, true);
            if (!e.hasSubscribers()) {
                unlink(e);
                onLastGone.accept(e.prefix.clone());
            }
        }
    }

    /**
     * Visits every subscriber with a subscription that is a prefix of {@code data}. A subscriber
     * with several matching prefixes is visited once per prefix; callers de-duplicate.
     */
    public void match(byte[] data, Consumer<T> visitor) {
        int h = seed;
        int hashed = 0;
        Entry[] t = table;
        int mask = t.length - 1;
        for (int li = 0; li < lengthCount; li++) {
            int len = lengths[li];
            if (len > data.length) {
                return;
            }
            while (hashed < len) {
                h = step(h, data[hashed++]);
            }
            for (Entry e = t[bucket(h, mask)]; e != null; e = e.next) {
                if (e.hash == h && e.prefix.length == len && Arrays.equals(e.prefix, 0, len, data, 0, len)) {
                    e.visit(visitor);
                    break;
                }
            }
        }
    }

    /** True when some subscription is a prefix of {@code data}. */
    public boolean matchesAny(byte[] data) {
        int h = seed;
        int hashed = 0;
        for (int li = 0; li < lengthCount; li++) {
            int len = lengths[li];
            if (len > data.length) {
                return false;
            }
            while (hashed < len) {
                h = step(h, data[hashed++]);
            }
            if (find(data, len, h) != null) {
                return true;
            }
        }
        return false;
    }

    /** How many subscriptions {@code subscriber} has to exactly {@code prefix} (0 if none). */
    public int count(byte[] prefix, T subscriber) {
        Entry e = find(prefix, prefix.length, hash(prefix, prefix.length));
        return e == null ? 0 : e.countOf(subscriber);
    }

    /** Every distinct prefix that has at least one subscriber. */
    public List<byte[]> prefixes() {
        List<byte[]> out = new ArrayList<>(entries);
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                out.add(e.prefix.clone());
            }
        }
        return out;
    }

    /** Number of subscriptions held (counting repeats). */
    public long size() {
        return subscriptions;
    }

    /** Number of distinct prefixes subscribed. */
    public int prefixCount() {
        return entries;
    }

    /** Current hash-table capacity (for memory accounting: it returns to the initial one when emptied). */
    public int capacity() {
        return table.length;
    }
}
