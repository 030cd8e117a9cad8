package io.monocoque.bench.jmh;

import io.monocoque.internal.pattern.SubscriptionIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports heap bytes per subscription of the subscription index (distinct prefixes, one
 * subscriber each), and checks that removing them all returns the heap to where it started.
 * Run: {@code java -cp ... io.monocoque.bench.jmh.SubscriptionMemory}.
 */
public final class SubscriptionMemory {
    private SubscriptionMemory() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<byte[]> topics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            topics.add(SubscriptionMatchBenchmark.topic(i));
        }
        Object subscriber = new Object();
        long before = usedHeap();
        SubscriptionIndex<Object> index = new SubscriptionIndex<>();
        for (byte[] t : topics) {
            index.add(t, subscriber);
        }
        long after = usedHeap();
        System.out.printf("subscriptions: %,d, distinct prefixes: %,d, heap: %,d bytes, %.1f bytes/subscription%n",
                n, index.prefixCount(), after - before, (after - before) / (double) n);
        for (byte[] t : topics) {
            index.remove(t, subscriber);
        }
        long released = usedHeap();
        System.out.printf("after unsubscribing all: %d prefixes, table capacity %d, heap %+,d bytes versus before%n",
                index.prefixCount(), index.capacity(), released - before);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
