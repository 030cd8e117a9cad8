package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that breaks the protocol loses its own connection; the other connections, the messages
 * already queued and the I/O thread carry on.
 */
@Timeout(30)
class BadInputTest {

    /** Sends ten messages from a well-behaved PUSH and checks they all arrive. */
    private static void assertHealthy(Socket pull, Socket goodPush, String tag) {
        for (int i = 0; i < 10; i++) {
            goodPush.send(Msg.of(tag, Integer.toString(i)));
        }
        for (int i = 0; i < 10; i++) {
            Msg m = pull.recv(Duration.ofSeconds(5));
            assertThat(m).as("healthy message %d", i).isNotNull();
            assertThat(m.string(0)).isEqualTo(tag);
        }
    }

    @Test
    void shouldDropPeerThatSendsGarbageAfterGreeting() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var good = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            good.connect(ep);
            TestSupport.awaitConnected(good, pull);
            good.send("queued before the bad peer");
            try (var bad = new RawPeer(ep)) {
                bad.handshake("PUSH").send(new byte[] {(byte) 0x40, 1, 2, 3}); // reserved flag bits
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("queued before the bad peer");
            assertHealthy(pull, good, "after garbage");
        }
    }

    @Test
    void shouldDropPeerWithBadGreeting() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var good = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            good.connect(ep);
            try (var bad = new RawPeer(ep)) {
                bad.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            assertHealthy(pull, good, "after bad greeting");
        }
    }

    @Test
    void shouldRefuseIncompatibleSocketType() throws Exception {
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH); var other = ctx.socket(SocketType.PUSH);
             var pull = ctx.socket(SocketType.PULL)) {
            push.set(SocketOption.LINGER, 0);
            other.set(SocketOption.LINGER, 0);
            String ep = push.bind("tcp://127.0.0.1:*");
            try (var bad = new RawPeer(ep)) {
                bad.handshake("PUSH");
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            // PUSH to PUSH through the real API: with IMMEDIATE the sender queues only to completed
            // handshakes, and none ever completes.
            other.set(SocketOption.IMMEDIATE, true);
            other.connect(ep);
            assertThat(other.send(Msg.of("x"), Duration.ofMillis(200))).isFalse();
            String pullEp = pull.bind("tcp://127.0.0.1:*");
            push.connect(pullEp);
            push.send("still works");
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("still works");
        }
    }

    @Test
    void shouldDropPeerWhenFrameExceedsMaxMsgSize() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var good = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.MAXMSGSIZE, 1024L);
            String ep = pull.bind("tcp://127.0.0.1:*");
            good.connect(ep);
            try (var bad = new RawPeer(ep)) {
                bad.handshake("PUSH").sendFrame(false, new byte[10]);
                // A long frame header announcing 1 TiB: refused before anything is allocated.
                bad.send(new byte[] {0x02, 0, 0, 1, 0, 0, 0, 0, 0});
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            Msg first = pull.recv(Duration.ofSeconds(5));
            assertThat(first.frameSize(0)).isEqualTo(10); // the message before the oversize one is kept
            assertHealthy(pull, good, "after oversize");
        }
    }

    @Test
    void shouldDropPeerThatClosesMidFrameAndKeepCompleteMessages() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var good = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            good.connect(ep);
            try (var bad = new RawPeer(ep)) {
                bad.handshake("PUSH").sendFrame(false, "complete".getBytes());
                bad.sendFrame(true, "first part of a multipart".getBytes());
                bad.send(new byte[] {0x00, 100, 1, 2, 3}); // 100-byte frame cut after 3 bytes
            }
            assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("complete");
            assertHealthy(pull, good, "after mid-frame close");
            assertThat(pull.tryRecv()).isNull(); // the partial multipart message was never delivered
        }
    }

    @Test
    void shouldDropPeerThatSendsMessageBeforeHandshake() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var good = ctx.socket(SocketType.PUSH)) {
            String ep = pull.bind("tcp://127.0.0.1:*");
            good.connect(ep);
            try (var bad = new RawPeer(ep)) {
                bad.send(io.monocoque.zmtp.Greeting.ofVersion31("NULL", false).toBytes()).sendFrame(false, "too early".getBytes());
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            assertHealthy(pull, good, "after early message");
        }
    }
}
