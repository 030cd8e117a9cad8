package io.monocoque.internal.pattern;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prefix subscriptions of many subscribers, matched against messages in time that depends on the
 * message's bytes and on the subscribers that match, never on the subscriptions that do not
 * (libzmq's {@code mtrie_t} idea).
 *
 * <p>A node per prefix byte; each node holds the subscribers whose subscription ends there, with a
 * count, because subscriptions are additive (RFC 29: subscribing to "A" twice needs two cancels).
 * Children are kept in a dense table spanning the smallest to the largest child byte, so a step
 * down the trie is one array index. Removing a subscription prunes nodes that become empty, so
 * unsubscribing everything returns the trie to its initial size.
 *
 * <pre>
 *  root ──'A'──▶ node{subs: p1×1} ──'B'──▶ node{subs: p2×2}
 *    └──'X'──▶ node{} ──'Y'──▶ node{subs: p1×1}
 *  match("ABC") visits p1 (at "A") then p2 (at "AB")
 * </pre>
 *
 * <p>Not thread-safe: used under the socket's lock.
 *
 * @param <T> the subscriber type (compared by identity)
 */
public final class SubscriptionTrie<T> {

    private static final class Node<T> {
        Map<T, int[]> subscribers;
        Node<T>[] children;
        int min;
        int liveChildren;

        boolean isEmpty() {
            return (subscribers == null || subscribers.isEmpty()) && liveChildren == 0;
        }

        Node<T> child(int b) {
            if (children == null) {
                return null;
            }
            int i = b - min;
            return i >= 0 && i < children.length ? children[i] : null;
        }

        @SuppressWarnings("unchecked")
        Node<T> childOrCreate(int b) {
            if (children == null) {
                children = (Node<T>[]) new Node[1];
                min = b;
            } else if (b < min) {
                Node<T>[] grown = (Node<T>[]) new Node[children.length + (min - b)];
                System.arraycopy(children, 0, grown, min - b, children.length);
                children = grown;
                min = b;
            } else if (b - min >= children.length) {
                Node<T>[] grown = (Node<T>[]) new Node[b - min + 1];
                System.arraycopy(children, 0, grown, 0, children.length);
                children = grown;
            }
            Node<T> c = children[b - min];
            if (c == null) {
                c = new Node<>();
                children[b - min] = c;
                liveChildren++;
            }
            return c;
        }

        @SuppressWarnings("unchecked")
        void removeChild(int b) {
            children[b - min] = null;
            if (--liveChildren == 0) {
                children = null;
                return;
            }
            int lo = 0;
            while (children[lo] == null) {
                lo++;
            }
            int hi = children.length - 1;
            while (children[hi] == null) {
                hi--;
            }
            if (lo > 0 || hi < children.length - 1) {
                Node<T>[] shrunk = (Node<T>[]) new Node[hi - lo + 1];
                System.arraycopy(children, lo, shrunk, 0, shrunk.length);
                children = shrunk;
                min += lo;
            }
        }
    }

    private final Node<T> root = new Node<>();
    private int nodes = 1;
    private long subscriptions;

    /**
     * Adds one subscription of {@code subscriber} to {@code prefix}.
     *
     * @return true when {@code prefix} had no subscription from anyone before
     */
    public boolean add(byte[] prefix, T subscriber) {
        Node<T> n = root;
        for (byte b : prefix) {
            Node<T> c = n.child(b & 0xFF);
            if (c == null) {
                c = n.childOrCreate(b & 0xFF);
                nodes++;
            }
            n = c;
        }
        boolean first = n.subscribers == null || n.subscribers.isEmpty();
        if (n.subscribers == null) {
            n.subscribers = new IdentityHashMap<>(2);
        }
        n.subscribers.computeIfAbsent(subscriber, k -> new int[1])[0]++;
        subscriptions++;
        return first;
    }

    /**
     * Removes one subscription of {@code subscriber} to {@code prefix}, if it has one.
     *
     * @return true when that was the last subscription to {@code prefix} from anyone
     */
    public boolean remove(byte[] prefix, T subscriber) {
        return remove(root, prefix, 0, subscriber, false);
    }

    private boolean remove(Node<T> n, byte[] prefix, int depth, T subscriber, boolean all) {
        if (depth == prefix.length) {
            if (n.subscribers == null) {
                return false;
            }
            int[] count = n.subscribers.get(subscriber);
            if (count == null) {
                return false;
            }
            if (all || --count[0] == 0) {
                subscriptions -= all ? count[0] : 1;
                n.subscribers.remove(subscriber);
            } else {
                subscriptions--;
            }
            if (n.subscribers.isEmpty()) {
                n.subscribers = null;
                return true;
            }
            return false;
        }
        int b = prefix[depth] & 0xFF;
        Node<T> c = n.child(b);
        if (c == null) {
            return false;
        }
        boolean last = remove(c, prefix, depth + 1, subscriber, all);
        if (c.isEmpty()) {
            n.removeChild(b);
            nodes--;
        }
        return last;
    }

    /**
     * Removes every subscription of {@code subscriber} (it disconnected).
     *
     * @param onLastGone told of each prefix that no longer has any subscriber
     */
    public void removeAll(T subscriber, Consumer<byte[]> onLastGone) {
        List<byte[]> owned = new ArrayList<>();
        walk(root, new byte[16], 0, n -> n.subscribers.containsKey(subscriber), owned);
        for (byte[] prefix : owned) {
            if (remove(root, prefix, 0, subscriber, true)) {
                onLastGone.accept(prefix);
            }
        }
    }

    /** Collects the prefix of every node with subscribers that {@code wanted} accepts. */
    private void walk(Node<T> n, byte[] path, int depth, java.util.function.Predicate<Node<T>> wanted, List<byte[]> out) {
        if (n.subscribers != null && wanted.test(n)) {
            out.add(java.util.Arrays.copyOf(path, depth));
        }
        if (n.children == null) {
            return;
        }
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, path.length * 2);
        }
        for (int i = 0; i < n.children.length; i++) {
            Node<T> c = n.children[i];
            if (c != null) {
                path[depth] = (byte) (n.min + i);
                walk(c, path, depth + 1, wanted, out);
            }
        }
    }

    /**
     * Visits every subscriber with a subscription that is a prefix of {@code data}. A subscriber
     * with several matching prefixes is visited once per prefix; callers de-duplicate.
     */
    public void match(byte[] data, Consumer<T> visitor) {
        Node<T> n = root;
        int i = 0;
        while (true) {
            if (n.subscribers != null) {
                for (T t : n.subscribers.keySet()) {
                    visitor.accept(t);
                }
            }
            if (i == data.length) {
                return;
            }
            n = n.child(data[i++] & 0xFF);
            if (n == null) {
                return;
            }
        }
    }

    /** True when some subscription is a prefix of {@code data}. */
    public boolean matchesAny(byte[] data) {
        Node<T> n = root;
        int i = 0;
        while (true) {
            if (n.subscribers != null) {
                return true;
            }
            if (i == data.length) {
                return false;
            }
            n = n.child(data[i++] & 0xFF);
            if (n == null) {
                return false;
            }
        }
    }

    /** Tells {@code out} how many subscriptions {@code subscriber} has to exactly {@code prefix} (0 if none). */
    public void countExact(byte[] prefix, T subscriber, java.util.function.LongConsumer out) {
        Node<T> n = root;
        for (byte b : prefix) {
            n = n.child(b & 0xFF);
            if (n == null) {
                out.accept(0);
                return;
            }
        }
        int[] c = n.subscribers == null ? null : n.subscribers.get(subscriber);
        out.accept(c == null ? 0 : c[0]);
    }

    /** Every distinct prefix that has at least one subscriber. */
    public List<byte[]> prefixes() {
        List<byte[]> out = new ArrayList<>();
        walk(root, new byte[16], 0, n -> true, out);
        return out;
    }

    /** Number of subscriptions held (counting repeats). */
    public long size() {
        return subscriptions;
    }

    /** Number of trie nodes, including the root (for memory accounting). */
    public int nodeCount() {
        return nodes;
    }
}
