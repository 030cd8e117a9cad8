package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class PubSubTest {

    private static ErrorCode codeOf(Throwable t) {
        return ((MonocoqueException) t).code();
    }

    /** Publishes probes on {@code topic} until the subscriber gets one (slow-joiner), then drains. */
    static void awaitSubscribed(Socket pub, Socket sub, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            pub.send(Msg.of(topic + "probe"));
            if (sub.recv(Duration.ofMillis(20)) != null) {
                while (sub.recv(Duration.ofMillis(20)) != null) {
                    // drain
                }
                return;
            }
        }
        throw new AssertionError("subscription to '" + topic + "' never took effect");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "ipc://*"})
    void shouldDeliverOnlyMatchingMessages(String endpoint) {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var sub = ctx.socket(SocketType.SUB)) {
            String ep = pub.bind(endpoint);
            sub.subscribe("weather.");
            sub.connect(ep);
            awaitSubscribed(pub, sub, "weather.");
            pub.send(Msg.of("sports.football", "ignored"));
            pub.send(Msg.of("weather.paris", "sunny"));
            Msg m = sub.recv(Duration.ofSeconds(5));
            assertThat(m.string(0)).isEqualTo("weather.paris");
            assertThat(m.string(1)).isEqualTo("sunny");
            assertThat(sub.recv(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void shouldFanOutToEverySubscriberAndCountSubscriptions() {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var a = ctx.socket(SocketType.SUB);
             var b = ctx.socket(SocketType.SUB)) {
            String ep = pub.bind("tcp://127.0.0.1:*");
            a.subscribe("");
            b.subscribe("x");
            b.subscribe("x"); // counted twice: one unsubscribe leaves one
            a.connect(ep);
            b.connect(ep);
            awaitSubscribed(pub, b, "x");
            awaitSubscribed(pub, a, "x");
            while (b.recv(Duration.ofMillis(50)) != null) {
                // drain the probes a's wait produced
            }
            b.unsubscribe("x");
            pub.send("x1");
            assertThat(a.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("x1");
            assertThat(b.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("x1");
            b.unsubscribe("x");
            // The cancel reaches the publisher asynchronously: publish until b stops receiving.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                pub.send("x2");
                assertThat(a.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("x2");
                if (b.recv(Duration.ofMillis(50)) == null) {
                    break;
                }
            }
            assertThat(b.recv(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void shouldRefuseSubscribeOnPubAndSendOnSub() {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var sub = ctx.socket(SocketType.SUB)) {
            assertThatThrownBy(() -> pub.subscribe("x")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.EINVAL));
            assertThatThrownBy(() -> sub.send("x")).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOTSUP));
            assertThatThrownBy(() -> pub.recv(Duration.ofMillis(1))).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ENOTSUP));
        }
    }

    @Test
    void shouldNeverBlockPubAndDropForTheSlowSubscriberOnly() {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var slow = ctx.socket(SocketType.SUB);
             var fast = ctx.socket(SocketType.SUB)) {
            pub.set(SocketOption.SNDHWM, 10);
            slow.set(SocketOption.RCVHWM, 10);
            fast.set(SocketOption.RCVHWM, 10);
            slow.set(SocketOption.RCVBUF, 4096);
            String ep = pub.bind("tcp://127.0.0.1:*");
            slow.subscribe("");
            fast.subscribe("");
            slow.connect(ep);
            fast.connect(ep);
            awaitSubscribed(pub, slow, "");
            awaitSubscribed(pub, fast, "");
            byte[] payload = new byte[1024];
            int received = 0;
            for (int i = 0; i < 5000; i++) {
                pub.send(Msg.of(payload)); // never blocks, although the slow subscriber reads nothing
                // The fast subscriber keeps up (lock-step), so its queue never reaches the HWM.
                if (fast.recv(Duration.ofSeconds(5)) != null) {
                    received++;
                }
            }
            assertThat(received).as("the fast subscriber loses nothing").isEqualTo(5000);
            assertThat(pub.droppedMessages()).as("the stalled subscriber's losses are counted").isPositive();
        }
    }

    @Test
    void shouldDeliverSubscriptionsToXpubAndForwardThroughXsub() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            String ep = xpub.bind("tcp://127.0.0.1:*");
            sub.connect(ep);
            sub.subscribe("topic");
            Msg s = xpub.recv(Duration.ofSeconds(5));
            assertThat(s.bytes(0)).isEqualTo(new byte[] {1, 't', 'o', 'p', 'i', 'c'});
            sub.unsubscribe("topic");
            Msg u = xpub.recv(Duration.ofSeconds(5));
            assertThat(u.bytes(0)).isEqualTo(new byte[] {0, 't', 'o', 'p', 'i', 'c'});
        }
    }

    @Test
    void shouldReportDuplicatesOnlyWhenVerbose() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var a = ctx.socket(SocketType.SUB);
             var b = ctx.socket(SocketType.SUB)) {
            String ep = xpub.bind("tcp://127.0.0.1:*");
            a.connect(ep);
            b.connect(ep);
            a.subscribe("t");
            assertThat(xpub.recv(Duration.ofSeconds(5)).bytes(0)).isEqualTo(new byte[] {1, 't'});
            b.subscribe("t");
            assertThat(xpub.recv(Duration.ofMillis(200))).as("duplicate topic not reported").isNull();
            xpub.set(SocketOption.XPUB_VERBOSE, true);
            b.subscribe("t");
            assertThat(xpub.recv(Duration.ofSeconds(5)).bytes(0)).isEqualTo(new byte[] {1, 't'});
        }
    }

    @Test
    void shouldProxyThroughXsubAndXpub() throws Exception {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var xsub = ctx.socket(SocketType.XSUB);
             var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            String upstream = pub.bind("tcp://127.0.0.1:*");
            String downstream = xpub.bind("tcp://127.0.0.1:*");
            xsub.connect(upstream);
            sub.connect(downstream);
            sub.subscribe("news");
            // Hand-rolled forwarder: subscriptions up, messages down.
            Msg subscription = xpub.recv(Duration.ofSeconds(5));
            xsub.send(subscription);
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                pub.send(Msg.of("news", "flash"));
                Msg m = xsub.recv(Duration.ofMillis(20));
                if (m != null) {
                    xpub.send(m);
                    Msg d = sub.recv(Duration.ofSeconds(5));
                    got.add(d.string(0) + "/" + d.string(1));
                }
            }
            assertThat(got).containsExactly("news/flash");
        }
    }

    @Test
    void shouldResendSubscriptionsAfterReconnect() {
        try (var ctx = new Context(); var sub = ctx.socket(SocketType.SUB)) {
            sub.set(SocketOption.RECONNECT_IVL, 10);
            sub.subscribe("r");
            String ep;
            try (var pub = ctx.socket(SocketType.PUB)) {
                ep = pub.bind("tcp://127.0.0.1:*");
                sub.connect(ep);
                awaitSubscribed(pub, sub, "r");
            }
            try (var pub2 = ctx.socket(SocketType.PUB)) {
                TestSupport.await("rebind of the same port", Duration.ofSeconds(10), () -> {
                    try {
                        pub2.bind(ep);
                        return true;
                    } catch (MonocoqueException e) {
                        return false;
                    }
                });
                awaitSubscribed(pub2, sub, "r");
                pub2.send("r-after");
                assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("r-after");
            }
        }
    }

    @Test
    void shouldInvertMatching() {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var sub = ctx.socket(SocketType.SUB)) {
            pub.set(SocketOption.INVERT_MATCHING, true);
            sub.set(SocketOption.INVERT_MATCHING, true);
            String ep = pub.bind("tcp://127.0.0.1:*");
            sub.subscribe("skip");
            sub.connect(ep);
            awaitSubscribed(pub, sub, "other");
            pub.send("skip-me");
            pub.send("keep-me");
            assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("keep-me");
        }
    }

    @Test
    void shouldApplySubscriptionsOnlyByHandWithXpubManual() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            xpub.set(SocketOption.XPUB_MANUAL, true);
            String ep = xpub.bind("tcp://127.0.0.1:*");
            sub.connect(ep);
            sub.subscribe("asked");
            Msg request = xpub.recv(Duration.ofSeconds(5));
            assertThat(request.string(0)).isEqualTo("\u0001asked");
            xpub.send("asked-1");
            assertThat(sub.recv(Duration.ofMillis(200))).as("not applied automatically").isNull();
            xpub.subscribe("asked"); // applies to the peer that sent the last subscription
            xpub.send("asked-2");
            assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("asked-2");
        }
    }

    @Test
    void shouldSendWelcomeMessageToNewSubscribers() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            xpub.set(SocketOption.XPUB_WELCOME_MSG, "WELCOME".getBytes());
            String ep = xpub.bind("tcp://127.0.0.1:*");
            sub.subscribe("WELCOME");
            sub.connect(ep);
            assertThat(sub.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("WELCOME");
        }
    }

    @Test
    void shouldBlockInsteadOfDroppingWithXpubNodrop() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            xpub.set(SocketOption.XPUB_NODROP, true);
            xpub.set(SocketOption.SNDHWM, 5);
            xpub.set(SocketOption.SNDBUF, 4096);
            sub.set(SocketOption.RCVHWM, 5);
            sub.set(SocketOption.RCVBUF, 4096);
            String ep = xpub.bind("tcp://127.0.0.1:*");
            sub.subscribe("");
            sub.connect(ep);
            assertThat(xpub.recv(Duration.ofSeconds(5))).isNotNull(); // the subscription
            awaitSubscribed(xpub, sub, "");
            byte[] payload = new byte[1024];
            int sent = 0;
            while (xpub.send(Msg.of(payload), Duration.ofMillis(50))) {
                sent++;
                assertThat(sent).as("sends must eventually be refused").isLessThan(100_000);
            }
            assertThat(xpub.droppedMessages()).isZero();
            int received = 0;
            while (sub.recv(Duration.ofMillis(500)) != null) {
                received++;
            }
            assertThat(received).as("nothing accepted was dropped").isEqualTo(sent);
        }
    }

    /** Regression: a peer event queued while the application held the socket lock was applied only at its next call. */
    @org.junit.jupiter.api.RepeatedTest(20)
    void shouldSendSubscriptionsOfASubThatIsNeverCalledAgain() {
        try (var ctx = new Context(); var xpub = ctx.socket(SocketType.XPUB); var sub = ctx.socket(SocketType.SUB)) {
            String ep = xpub.bind("tcp://127.0.0.1:*");
            sub.subscribe("news");
            sub.connect(ep); // the SUB is not called again: the I/O thread must apply the new peer itself
            Msg s = xpub.recv(Duration.ofSeconds(5));
            assertThat(s).isNotNull();
            assertThat(s.string(0)).isEqualTo("\u0001news");
        }
    }
}
