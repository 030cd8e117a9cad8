package io.monocoque.interop;

import static io.monocoque.interop.InteropSupport.IO_WAIT;
import static io.monocoque.interop.InteropSupport.PROBE_WAIT;
import static io.monocoque.interop.InteropSupport.RESULT_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.interop.InteropSupport.Direction;
import io.monocoque.interop.InteropSupport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one pub/sub cell: a {@link PubSubFeed} goes from a publisher to a subscriber, one of them
 * Monocoque's, the other a peer of another implementation, and the subscriber checks that exactly
 * the passing messages arrived, in order, each whole.
 *
 * <ol>
 *   <li>Slow-joiner rule: the publisher publishes the probe (which passes the last subscription)
 *       every {@link #PROBE_EVERY} until the subscriber has one; then every subscription is in
 *       place. When none gets through within {@link InteropSupport#PROBE_WAIT}, a peer that may
 *       be recreated (JeroMQ) is, up to twice when it connects and once when it binds; Monocoque's socket never is.</li>
 *   <li>The publisher sends the feed and the end message; the subscriber compares everything
 *       between the probes and the end with the passing messages of the feed. Publishers have
 *       SNDHWM 0 (unlimited), so nothing is dropped and the count is exact.</li>
 * </ol>
 *
 * Each step waits with a deadline; nothing sleeps.
 */
final class PubSubConversation {
    /** How often a publisher publishes the probe (peer.py and JeroMqPeer: every 10 ms). */
    static final Duration PROBE_EVERY = Duration.ofMillis(20);

    private PubSubConversation() {
    }

    /** Runs {@code c} with {@code feed} against a peer from {@code peers}; {@code dir} holds ipc socket files. */
    static void run(InteropPeer.Factory peers, PubSubCase c, Transport transport, Direction direction, Path dir,
            PubSubFeed feed) throws InterruptedException {
        // As libzmq: INVERT_MATCHING on PUB, XPUB and SUB; libzmq's XSUB does not filter at all.
        run(peers, c, transport, direction, dir, feed, feed.invert() && c.ours != SocketType.XSUB);
    }

    /**
     * As {@link #run(InteropPeer.Factory, PubSubCase, Transport, Direction, Path, PubSubFeed)},
     * choosing whether Monocoque's socket gets INVERT_MATCHING.
     */
    static void run(InteropPeer.Factory peers, PubSubCase c, Transport transport, Direction direction, Path dir,
            PubSubFeed feed, boolean ourInvertMatching) throws InterruptedException {
        try (Context ctx = new Context(); Socket ours = ctx.socket(c.ours)) {
            ours.set(SocketOption.LINGER, 1000);
            // A peer whose handshake has not completed within a second is dropped, as any
            // libzmq user may configure: a JeroMQ connect that stalls in its handshake (a known
            // JeroMQ race) then reconnects by itself instead of hanging the cell.
            ours.set(SocketOption.HANDSHAKE_IVL, 1000);
            if (c.wePublish()) {
                ours.set(SocketOption.SNDHWM, 0);
            }
            if (ourInvertMatching) {
                ours.set(SocketOption.INVERT_MATCHING, true);
            }
            if (c.ours == SocketType.SUB) {
                for (String s : feed.subscriptions()) {
                    ours.subscribe(s);
                }
            }
            if (c.ours == SocketType.XSUB) {
                for (String s : feed.subscriptions()) {
                    send(ours, Msg.wrap(PubSubFeed.subscription(true, s)), "the subscription to " + s);
                }
            }
            boolean weBind = direction == Direction.MONOCOQUE_BINDS;
            String ep = weBind ? ours.bind(transport.bindable(dir)) : transport.bindable(dir);
            PubSubFeed theirFeed = c == PubSubCase.XPUB_TO_SUB ? feed.unsubscribingAtEnd() : feed;
            try (InteropPeer peer = peers.start(PeerSpec.pubSub(c.theirRole(), c.theirs, !weBind, ep, theirFeed))) {
                if (!weBind) {
                    ours.connect(peer.endpoint());
                }
                switch (c) {
                    case PUB_TO_SUB, PUB_TO_XSUB -> publish(ours, peer, feed, c.toString());
                    case SUB_FROM_PUB -> receive(ours, peer, feed, c.toString());
                    case XPUB_TO_SUB -> xpubToSub(ours, peer, feed);
                    case XSUB_FROM_XPUB -> xsubFromXpub(ours, peer, feed);
                }
            }
        }
    }

    /**
     * Monocoque publishes {@code feed} to {@code peer}, a subscriber: the probe until the peer
     * reports one, the feed, the end; then the peer must report exactly the passing messages.
     */
    static void publish(Socket ours, InteropPeer peer, PubSubFeed feed, String what) throws InterruptedException {
        awaitPeerProbe(ours, peer, feed, what);
        for (int i = 0; i < feed.count(); i++) {
            send(ours, feed.message(i), "message " + i + " (" + what + ")");
        }
        send(ours, feed.end(), "the end message (" + what + ")");
        PeerResult r = peer.awaitResult(RESULT_WAIT);
        assertThat(r.mismatches()).as("messages the peer found different (%s): %s", what, r.firstMismatch()).isZero();
        assertThat(r.count()).as("messages the peer received (%s)", what).isEqualTo(feed.passing());
    }

    /** Publishes the probe until {@code peer} reports one; recreates the peer once if it may be. */
    static void awaitPeerProbe(Socket ours, InteropPeer peer, PubSubFeed feed, String what) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                send(ours, feed.probe(), "the probe (" + what + ")");
                if (!peer.awaitEvents("probe", 1, PROBE_EVERY).isEmpty()) {
                    return;
                }
            }
            String why = "no probe reached the peer within " + PROBE_WAIT + " (" + what + ")";
            if (!peer.recreate(why)) {
                fail(why);
            }
        }
    }

    /**
     * Monocoque receives {@code feed} from {@code peer}, a publisher that publishes probes until
     * told "go": waits for a probe, says "go", then checks every message up to the end.
     */
    static void receive(Socket ours, InteropPeer peer, PubSubFeed feed, String what) throws InterruptedException {
        awaitProbe(ours, peer, feed, what);
        peer.tell("go");
        checkFeed(ours, feed, what);
        PeerResult r = peer.awaitResult(RESULT_WAIT);
        assertThat(r.count()).as("messages the peer published (%s)", what).isEqualTo(feed.count());
    }

    /** Waits until {@code ours} receives a probe; recreates the peer once if it may be. */
    static void awaitProbe(Socket ours, InteropPeer peer, PubSubFeed feed, String what) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                Msg m = ours.recv(Duration.ofNanos(left));
                if (m == null) {
                    break;
                }
                if (feed.isProbe(m)) {
                    return;
                }
                fail("before go, only probes may come, got " + Script.describe(m.frames()) + " (" + what + ")");
            }
            String why = "no probe from the peer within " + PROBE_WAIT + " (" + what + ")";
            if (!peer.recreate(why)) {
                fail(why);
            }
        }
    }

    /** Receives until the end message and checks that exactly the passing messages came, in order. */
    static void checkFeed(Socket ours, PubSubFeed feed, String what) {
        int[] expected = feed.passingIndexes();
        int n = 0;
        while (true) {
            Msg m = ours.recv(IO_WAIT);
            if (m == null) {
                fail("nothing received within " + IO_WAIT + " after " + n + " of " + expected.length
                        + " passing messages (" + what + ")");
            }
            if (feed.isProbe(m)) {
                continue; // probes sent before "go" may still be on their way
            }
            if (feed.isEnd(m)) {
                break;
            }
            if (n >= expected.length) {
                fail("message " + n + " after all " + expected.length + " passing ones: " + Script.describe(m.frames())
                        + " (" + what + ")");
            }
            List<byte[]> want = feed.frames(expected[n]);
            if (!Script.same(want, m.frames())) {
                fail("message " + n + " differs: expected feed message " + expected[n] + " " + Script.describe(want)
                        + ", got " + Script.describe(m.frames()) + " (" + what + ")");
            }
            n++;
        }
        assertThat(n).as("passing messages received before the end (%s)", what).isEqualTo(expected.length);
    }

    /**
     * Monocoque's XPUB: receives the peer SUB's subscriptions, publishes the feed (checked by the
     * SUB), then receives the SUB's unsubscriptions while the SUB is still connected (so they are
     * the SUB's own, not those an XPUB makes up when a subscriber leaves).
     */
    private static void xpubToSub(Socket xpub, InteropPeer peer, PubSubFeed feed) throws InterruptedException {
        String what = PubSubCase.XPUB_TO_SUB.toString();
        List<String> subscribed = feed.subscriptionsHex(true);
        List<String> got = awaitNotifications(xpub, subscribed.size(), PROBE_WAIT);
        if (got.isEmpty() && peer.recreate("Monocoque's XPUB got no subscription within " + PROBE_WAIT + " (" + what + ")")) {
            got = awaitNotifications(xpub, subscribed.size(), PROBE_WAIT);
        }
        assertThat(got).as("subscription messages at Monocoque's XPUB (%s)", what).containsExactlyInAnyOrderElementsOf(subscribed);
        publish(xpub, peer, feed, what);
        assertThat(peer.awaitEvents("unsubscribed", 1, IO_WAIT)).as("the peer unsubscribed").hasSize(1);
        List<String> cancelled = feed.subscriptionsHex(false);
        assertThat(awaitNotifications(xpub, cancelled.size(), IO_WAIT))
                .as("unsubscription messages at Monocoque's XPUB, the SUB still connected (%s)", what)
                .containsExactlyInAnyOrderElementsOf(cancelled);
        assertThat(xpub.recv(Duration.ofMillis(100))).as("anything more at the XPUB").isNull();
    }

    /** Receives up to {@code n} messages at an XPUB within {@code timeout}, as hex. */
    private static List<String> awaitNotifications(Socket xpub, int n, Duration timeout) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (got.size() < n && (left = deadline - System.nanoTime()) > 0) {
            Msg m = xpub.recv(Duration.ofNanos(left));
            if (m == null) {
                break;
            }
            assertThat(m.size()).as("frames of a subscription message: %s", Script.describe(m.frames())).isEqualTo(1);
            got.add(Script.hex(m.bytes(0)));
        }
        return got;
    }

    /**
     * Monocoque's XSUB: the peer's XPUB reports the 0x01 messages Monocoque sent; the feed comes
     * through (libzmq's XPUB filters by them); then Monocoque sends 0x00 messages, which the XPUB
     * reports too.
     */
    private static void xsubFromXpub(Socket xsub, InteropPeer peer, PubSubFeed feed) throws InterruptedException {
        String what = PubSubCase.XSUB_FROM_XPUB.toString();
        List<String> subscribed = feed.subscriptionsHex(true);
        List<String> got = peer.awaitEvents("subscription", subscribed.size(), PROBE_WAIT);
        if (got.isEmpty() && peer.recreate("the peer's XPUB reported no subscription within " + PROBE_WAIT + " (" + what + ")")) {
            got = peer.awaitEvents("subscription", subscribed.size(), PROBE_WAIT);
        }
        assertThat(got).as("subscription messages the peer's XPUB received (%s)", what)
                .containsExactlyInAnyOrderElementsOf(subscribed);
        receive(xsub, peer, feed, what);
        for (String s : feed.subscriptions()) {
            send(xsub, Msg.wrap(PubSubFeed.subscription(false, s)), "the unsubscription from " + s);
        }
        List<String> expected = new ArrayList<>(subscribed);
        expected.addAll(feed.subscriptionsHex(false));
        List<String> all = peer.awaitEvents("subscription", expected.size(), IO_WAIT);
        assertThat(all.subList(0, subscribed.size())).as("first the subscriptions").containsExactlyInAnyOrderElementsOf(subscribed);
        assertThat(all.subList(subscribed.size(), all.size())).as("then the unsubscriptions, at the peer's XPUB (%s)", what)
                .containsExactlyInAnyOrderElementsOf(feed.subscriptionsHex(false));
    }

    static void send(Socket s, Msg m, String what) {
        if (!s.send(m, IO_WAIT)) {
            fail("could not send " + what + " within " + IO_WAIT);
        }
    }
}
