package io.monocoque.interop;

import io.monocoque.Msg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a publisher sends and a subscriber expects in the pub/sub interop tests. peer.py's
 * {@code Feed} makes the same messages from the same arguments ({@link #peerArguments()}); change
 * both together.
 *
 * <pre>
 *  message i    first frame "TOPIC#i", TOPIC = topics[i % topics.size()], then by i % 3:
 *               0: nothing more   1: "body-i"   2: "" "body-i"   (multipart, empty frames)
 *  passes       a subscription prefixes the first frame (inverted: none does)
 *  probe        one frame: the last subscription + "__probe__" (inverted: "__probe__")
 *  end          one frame: the first subscription + "__end__" (inverted: "__end__")
 * </pre>
 *
 * The probe passes the last subscription on purpose: a publisher applies the subscriptions of a
 * connection in the order they came, so once a probe arrives, every subscription is in place
 * and no later message can be lost to a subscription still under way (the slow-joiner rule).
 *
 * @param subscriptions the prefixes the subscribing side subscribes to (ASCII, at least one)
 * @param topics the topics the feed cycles through, some passing, some not (ASCII)
 * @param count the number of feed messages
 * @param invert inverted matching (INVERT_MATCHING): what no subscription matches passes
 * @param unsubscribe a peer's SUBSCRIBE role unsubscribes everything after the end and holds
 */
record PubSubFeed(List<String> subscriptions, List<String> topics, int count, boolean invert, boolean unsubscribe) {
    static final String PROBE = "__probe__";
    static final String END = "__end__";

    PubSubFeed {
        subscriptions = List.copyOf(subscriptions);
        topics = List.copyOf(topics);
        if (subscriptions.isEmpty() || topics.isEmpty()) {
            throw new IllegalArgumentException("a feed needs subscriptions and topics");
        }
        for (String s : subscriptions) {
            if (invert && (PROBE.startsWith(s) || END.startsWith(s))) {
                throw new IllegalArgumentException("inverted: subscription '" + s + "' would stop the probe or the end");
            }
        }
    }

    /**
     * Three prefixes and ten topics, five of which pass: exact prefix, longer topic, a topic
     * equal to the prefix; and a different branch, a shorter topic, another case, the empty topic.
     */
    static PubSubFeed standard(int count) {
        return new PubSubFeed(List.of("news.", "sport", "w.eu."),
                List.of("news.world", "sports.f1", "w.eu.paris", "w.us.ny", "new", "Sport", "weather", "", "news.", "sportsman"),
                count, false, false);
    }

    /**
     * {@code n} prefixes "p0000." ... (n-1); topics: 20 of them spread over the range, and 20
     * that no prefix matches (beyond the range, one character short, another letter, other case).
     */
    static PubSubFeed manyPrefixes(int n, int count) {
        List<String> subs = IntStream.range(0, n).mapToObj(i -> String.format("p%04d.", i)).toList();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            topics.add(String.format("p%04d.x", (i * 53 + n - 1) % n)); // passes; includes the last prefix
            topics.add(switch (i % 4) {
                case 0 -> String.format("p%04d.", n + i);           // beyond the range
                case 1 -> String.format("p%04d", (i * 53) % n);     // the prefix without its dot
                case 2 -> String.format("q%04d.", (i * 53) % n);    // another letter
                default -> String.format("P%04d.", (i * 53) % n);   // another case
            });
        }
        return new PubSubFeed(subs, topics, count, false, false);
    }

    /** This feed with inverted matching. */
    PubSubFeed inverted() {
        return new PubSubFeed(subscriptions, topics, count, true, unsubscribe);
    }

    /** This feed where a peer's subscriber unsubscribes everything after the end and holds its socket. */
    PubSubFeed unsubscribingAtEnd() {
        return new PubSubFeed(subscriptions, topics, count, invert, true);
    }

    /** This feed with another number of messages. */
    PubSubFeed withCount(int n) {
        return new PubSubFeed(subscriptions, topics, n, invert, unsubscribe);
    }

    /** The frames of message {@code i}. */
    List<byte[]> frames(int i) {
        byte[] first = first(i);
        byte[] body = ascii("body-" + i);
        return switch (i % 3) {
            case 0 -> List.of(first);
            case 1 -> List.of(first, body);
            default -> List.of(first, Script.EMPTY, body);
        };
    }

    Msg message(int i) {
        return Msg.wrap(frames(i));
    }

    /** Whether message {@code i} reaches the subscriber. */
    boolean passes(int i) {
        return matches(first(i)) != invert;
    }

    /** Whether a subscription prefixes {@code first}. */
    boolean matches(byte[] first) {
        for (String s : subscriptions) {
            byte[] p = ascii(s);
            if (first.length >= p.length && Arrays.equals(first, 0, p.length, p, 0, p.length)) {
                return true;
            }
        }
        return false;
    }

    /** How many feed messages pass. */
    int passing() {
        return (int) IntStream.range(0, count).filter(this::passes).count();
    }

    /** The indexes of the messages that pass, in order. */
    int[] passingIndexes() {
        return IntStream.range(0, count).filter(this::passes).toArray();
    }

    byte[] probeFrame() {
        return ascii((invert ? "" : subscriptions.get(subscriptions.size() - 1)) + PROBE);
    }

    byte[] endFrame() {
        return ascii((invert ? "" : subscriptions.get(0)) + END);
    }

    Msg probe() {
        return Msg.wrap(probeFrame());
    }

    Msg end() {
        return Msg.wrap(endFrame());
    }

    boolean isProbe(Msg m) {
        return m.size() == 1 && Arrays.equals(m.bytes(0), probeFrame());
    }

    boolean isEnd(Msg m) {
        return m.size() == 1 && Arrays.equals(m.bytes(0), endFrame());
    }

    /** A subscription message: {@code 0x01} (subscribe) or {@code 0x00} (cancel) + prefix. */
    static byte[] subscription(boolean subscribe, String prefix) {
        byte[] p = ascii(prefix);
        byte[] b = new byte[p.length + 1];
        b[0] = (byte) (subscribe ? 1 : 0);
        System.arraycopy(p, 0, b, 1, p.length);
        return b;
    }

    /** The subscription messages for every prefix, as hex (what peer.py reports). */
    List<String> subscriptionsHex(boolean subscribe) {
        return subscriptions.stream().map(s -> Script.hex(subscription(subscribe, s))).toList();
    }

    /** peer.py's arguments for this feed (--count comes from the spec). */
    List<String> peerArguments() {
        List<String> args = new ArrayList<>();
        for (String s : subscriptions) {
            args.add("--subscribe");
            args.add(s);
        }
        for (String t : topics) {
            args.add("--topic");
            args.add(t);
        }
        if (invert) {
            args.add("--invert");
        }
        if (unsubscribe) {
            args.add("--unsubscribe");
        }
        return args;
    }

    private byte[] first(int i) {
        return ascii(topics.get(i % topics.size()) + "#" + i);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return subscriptions.size() + " prefixes" + (invert ? " (inverted)" : "") + ", " + topics.size() + " topics, "
                + count + " messages";
    }
}
