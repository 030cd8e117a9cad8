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

class SubscriptionTrieTest {

    record Op(boolean subscribe, String subscriber, byte[] prefix) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<byte[]> prefixes = Arbitraries.bytes().between((byte) 'a', (byte) 'd').array(byte[].class).ofMaxSize(4);
        Arbitrary<String> subscribers = Arbitraries.of("p1", "p2", "p3");
        return Combinators.combine(Arbitraries.of(true, true, false), subscribers, prefixes).as(Op::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.bytes().between((byte) 'a', (byte) 'd').array(byte[].class).ofMaxSize(6);
    }

    @Property(tries = 300)
    void matchingEqualsNaivePrefixScan(@ForAll("operations") List<Op> ops, @ForAll("messages") byte[] message) {
        SubscriptionTrie<String> trie = new SubscriptionTrie<>();
        Map<String, Map<String, Integer>> naive = new HashMap<>(); // subscriber -> prefix -> count
        for (Op op : ops) {
            String key = new String(op.prefix());
            Map<String, Integer> mine = naive.computeIfAbsent(op.subscriber(), k -> new HashMap<>());
            if (op.subscribe()) {
                trie.add(op.prefix(), op.subscriber());
                mine.merge(key, 1, Integer::sum);
            } else {
                trie.remove(op.prefix(), op.subscriber());
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
        trie.match(message, actual::add);
        assertThat(actual).isEqualTo(expected);
        assertThat(trie.matchesAny(message)).isEqualTo(!expected.isEmpty());
        long total = naive.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
        assertThat(trie.size()).isEqualTo(total);
    }

    @Property(tries = 200)
    void removingEverythingReturnsToTheInitialSize(@ForAll("operations") List<Op> ops) {
        SubscriptionTrie<String> trie = new SubscriptionTrie<>();
        int initialNodes = trie.nodeCount();
        List<Op> added = new ArrayList<>();
        for (Op op : ops) {
            trie.add(op.prefix(), op.subscriber());
            added.add(op);
        }
        for (Op op : added) {
            trie.remove(op.prefix(), op.subscriber());
        }
        assertThat(trie.size()).isZero();
        assertThat(trie.nodeCount()).isEqualTo(initialNodes);
    }

    @Example
    void shouldReportFirstAndLastSubscriptionOfAPrefix() {
        SubscriptionTrie<String> trie = new SubscriptionTrie<>();
        assertThat(trie.add("ab".getBytes(), "p1")).isTrue();
        assertThat(trie.add("ab".getBytes(), "p2")).isFalse();
        assertThat(trie.add("ab".getBytes(), "p1")).isFalse();
        assertThat(trie.remove("ab".getBytes(), "p1")).isFalse();
        assertThat(trie.remove("ab".getBytes(), "p2")).isFalse();
        assertThat(trie.remove("ab".getBytes(), "p1")).isTrue();
        List<String> gone = new ArrayList<>();
        trie.add("x".getBytes(), "p3");
        trie.add("xy".getBytes(), "p3");
        trie.add("xy".getBytes(), "p1");
        trie.removeAll("p3", prefix -> gone.add(new String(prefix)));
        assertThat(gone).containsExactly("x");
        assertThat(trie.size()).isEqualTo(1);
    }
}
