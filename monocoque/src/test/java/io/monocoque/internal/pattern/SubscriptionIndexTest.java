package io.monocoque.internal.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import net.jqwik.api.Combinators;

class SubscriptionIndexTest {

    record Op(boolean subscribe, String subscriber, byte[] prefix) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<byte[]> prefixes = Arbitraries.bytes().between((byte) 'a', (byte) 'd').array(byte[].class).ofMaxSize(8);
        Arbitrary<String> subscribers = Arbitraries.of("p1", "p2", "p3");
        return Combinators.combine(Arbitraries.of(true, true, false), subscribers, prefixes).as(Op::new).list().ofMaxSize(120);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.bytes().between((byte) 'a', (byte) 'd').array(byte[].class).ofMaxSize(10);
    }

    @Property(tries = 300)
    void matchingEqualsNaivePrefixScan(@ForAll("operations") List<Op> ops, @ForAll("messages") byte[] message) {
        SubscriptionIndex<String> index = new SubscriptionIndex<>();
        Map<String, Map<String, Integer>> naive = new HashMap<>(); // subscriber -> prefix -> count
        for (Op op : ops) {
            String key = new String(op.prefix());
            Map<String, Integer> mine = naive.computeIfAbsent(op.subscriber(), k -> new HashMap<>());
            if (op.subscribe()) {
                index.add(op.prefix(), op.subscriber());
                mine.merge(key, 1, Integer::sum);
            } else {
                index.remove(op.prefix(), op.subscriber());
                mine.computeIfPresent(key, (k, v) -> v == 1 ? null : v - 1);
            }
        }
        Set<String> expected = new HashSet<>();
        String text = new String(message);
        naive.forEach((subscriber, prefixes) -> prefixes.keySet().forEach(p -> {
            if (text.startsWith(p)) {
                expected.add(subscriber);
            }
        }));
        Set<String> actual = new HashSet<>();
        index.match(message, actual::add);
        assertThat(actual).isEqualTo(expected);
        assertThat(index.matchesAny(message)).isEqualTo(!expected.isEmpty());
        long total = naive.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
        assertThat(index.size()).isEqualTo(total);
    }

    @Property(tries = 200)
    void removingEverythingReturnsToTheInitialSize(@ForAll("operations") List<Op> ops) {
        SubscriptionIndex<String> index = new SubscriptionIndex<>();
        int initialCapacity = index.capacity();
        List<Op> added = new ArrayList<>();
        for (Op op : ops) {
            index.add(op.prefix(), op.subscriber());
            added.add(op);
        }
        for (Op op : added) {
            index.remove(op.prefix(), op.subscriber());
        }
        assertThat(index.size()).isZero();
        assertThat(index.prefixCount()).isZero();
        assertThat(index.capacity()).isEqualTo(initialCapacity);
    }

    @Example
    void shouldReportFirstAndLastSubscriptionOfAPrefix() {
        SubscriptionIndex<String> index = new SubscriptionIndex<>();
        assertThat(index.add("ab".getBytes(), "p1")).isTrue();
        assertThat(index.add("ab".getBytes(), "p2")).isFalse();
        assertThat(index.add("ab".getBytes(), "p1")).isFalse();
        assertThat(index.remove("ab".getBytes(), "p1")).isFalse();
        assertThat(index.remove("ab".getBytes(), "p2")).isFalse();
        assertThat(index.remove("ab".getBytes(), "p1")).isTrue();
        List<String> gone = new ArrayList<>();
        index.add("x".getBytes(), "p3");
        index.add("xy".getBytes(), "p3");
        index.add("xy".getBytes(), "p1");
        index.removeAll("p3", prefix -> gone.add(new String(prefix)));
        assertThat(gone).containsExactly("x");
        assertThat(index.size()).isEqualTo(1);
    }
}
