package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmtp.Command;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Heartbeats and the handshake deadline run on the I/O thread's timers, not on user calls. */
@Timeout(30)
class HeartbeatTest {

    @Test
    void shouldDropPeerThatNeverCompletesTheHandshake() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            pull.set(SocketOption.HANDSHAKE_IVL, 200);
            String ep = pull.bind("tcp://127.0.0.1:*");
            try (var silent = new RawPeer(ep)) {
                long start = System.nanoTime();
                assertThat(silent.isClosedByPeer()).isTrue();
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
            }
        }
    }

    @Test
    void shouldPingAndDropASilentPeer() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            pull.set(SocketOption.HEARTBEAT_IVL, 100);
            pull.set(SocketOption.HEARTBEAT_TIMEOUT, 300);
            String ep = pull.bind("tcp://127.0.0.1:*");
            try (var peer = new RawPeer(ep)) {
                peer.handshake("PUSH");
                assertThat(peer.awaitCommand("PING", 5000)).as("a PING arrives without any user call").isTrue();
                // The peer stays silent (no PONG, nothing): the connection is dropped after the timeout.
                assertThat(peer.isClosedByPeer()).isTrue();
            }
        }
    }

    @Test
    void shouldKeepAnAnsweringPeerAndReplyToPings() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.HEARTBEAT_IVL, 50);
            pull.set(SocketOption.HEARTBEAT_TIMEOUT, 200);
            push.set(SocketOption.HEARTBEAT_IVL, 50);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            push.send("before");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("before");
            // Both sides ping and answer PONG automatically; after many intervals the link still works.
            long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
            while (System.nanoTime() < until) {
                assertThat(pull.recv(Duration.ofMillis(100))).isNull();
            }
            push.send("after");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("after");
        }
    }

    @Test
    void shouldHonourThePeersPingTtl() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            try (var peer = new RawPeer(ep)) {
                peer.handshake("PUSH");
                peer.send(new Command.Ping(2, new byte[] {1, 2}).toFrame()); // TTL 200 ms, then silence
                assertThat(peer.awaitCommand("PONG", 5000)).as("PING answered").isTrue();
                assertThat(peer.isClosedByPeer()).as("dropped once the TTL passes in silence").isTrue();
            }
        }
    }
}
