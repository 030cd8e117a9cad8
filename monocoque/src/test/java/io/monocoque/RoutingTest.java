package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoutingTest {

    private static ErrorCode codeOf(Throwable t) {
        return ((MonocoqueException) t).code();
    }

    @Test
    void shouldGenerateLibzmqStyleRoutingIds() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER); var a = ctx.socket(SocketType.DEALER);
             var b = ctx.socket(SocketType.DEALER)) {
            String ep = router.bind("tcp://127.0.0.1:*");
            a.connect(ep);
            b.connect(ep);
            a.send("from a");
            b.send("from b");
            Msg m1 = router.recv(Duration.ofSeconds(5));
            Msg m2 = router.recv(Duration.ofSeconds(5));
            for (Msg m : new Msg[] {m1, m2}) {
                assertThat(m.frameSize(0)).isEqualTo(5);
                assertThat(m.bytes(0)[0]).isZero();
            }
            assertThat(m1.bytes(0)).isNotEqualTo(m2.bytes(0));
            // Replies reach the right dealer.
            router.send(Msg.wrap(m1.bytes(0), ("reply to " + m1.string(1)).getBytes()));
            router.send(Msg.wrap(m2.bytes(0), ("reply to " + m2.string(1)).getBytes()));
            assertThat(a.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("reply to from a");
            assertThat(b.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("reply to from b");
        }
    }

    @Test
    void shouldDropOrRefuseUnknownRoutingIds() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER)) {
            router.bind("tcp://127.0.0.1:*");
            router.send(Msg.of("nobody", "dropped silently"));
            router.set(SocketOption.ROUTER_MANDATORY, true);
            assertThatThrownBy(() -> router.send(Msg.of("nobody", "refused")))
                    .hasMessageContaining("ROUTER_MANDATORY")
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.EHOSTUNREACH));
        }
    }

    @Test
    void shouldHandOverRoutingIdWhenAsked() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER); var first = ctx.socket(SocketType.DEALER);
             var second = ctx.socket(SocketType.DEALER)) {
            router.set(SocketOption.ROUTER_HANDOVER, true);
            String ep = router.bind("tcp://127.0.0.1:*");
            first.set(SocketOption.ROUTING_ID, "same".getBytes());
            second.set(SocketOption.ROUTING_ID, "same".getBytes());
            first.connect(ep);
            first.send("hello from first");
            assertThat(router.recv(Duration.ofSeconds(5)).string(1)).isEqualTo("hello from first");
            second.connect(ep);
            second.send("hello from second");
            assertThat(router.recv(Duration.ofSeconds(5)).string(1)).isEqualTo("hello from second");
            router.send(Msg.of("same", "to the new owner"));
            assertThat(second.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("to the new owner");
            assertThat(first.recv(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void shouldCorrelateAndRelaxRequests() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER); var req = ctx.socket(SocketType.REQ)) {
            String ep = router.bind("tcp://127.0.0.1:*");
            req.set(SocketOption.REQ_RELAXED, true);
            req.set(SocketOption.REQ_CORRELATE, true);
            req.connect(ep);
            req.send("first");
            Msg r1 = router.recv(Duration.ofSeconds(5));
            assertThat(r1.size()).isEqualTo(4); // id, request id, delimiter, body
            assertThat(r1.frameSize(1)).isEqualTo(4);
            assertThat(r1.frameSize(2)).isZero();
            req.send("second"); // relaxed: allowed before the reply
            Msg r2 = router.recv(Duration.ofSeconds(5));
            // The late reply to the first request is dropped; the reply to the second is delivered.
            router.send(Msg.wrap(r1.bytes(0), r1.bytes(1), new byte[0], "reply 1".getBytes()));
            router.send(Msg.wrap(r2.bytes(0), r2.bytes(1), new byte[0], "reply 2".getBytes()));
            assertThat(req.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("reply 2");
        }
    }

    @Test
    void shouldRefuseSecondPairPeer() {
        try (var ctx = new Context(); var pair = ctx.socket(SocketType.PAIR); var a = ctx.socket(SocketType.PAIR);
             var b = ctx.socket(SocketType.PAIR)) {
            String ep = pair.bind("tcp://127.0.0.1:*");
            a.connect(ep);
            a.send("from a");
            assertThat(pair.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("from a");
            b.set(SocketOption.LINGER, 0);
            b.connect(ep);
            b.trySend(Msg.of("from b"));
            pair.send("to a");
            assertThat(a.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("to a");
            assertThat(pair.recv(Duration.ofMillis(200))).isNull();
        }
    }
}
