package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sending threads write a quiet connection's messages themselves while the I/O thread writes
 * bursts, heartbeats and (under CURVE) sealed commands: nothing may be lost, duplicated,
 * reordered per sender or interleaved mid-frame, and CURVE nonces must stay in wire order.
 */
@Timeout(60)
class WriteThroughTest {
    private static final int SENDERS = 3;
    private static final int PER_SENDER = 3_000;

    @Test
    void pacedAndBurstSendsFromSeveralThreadsArriveWholeAndInOrderPerSender() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            heartbeats(push, pull);
            push.connect(pull.bind("tcp://127.0.0.1:*"));
            exchange(push, pull);
        }
    }

    @Test
    void theSameOverCurveKeepsNoncesInWireOrder() {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            pull.set(SocketOption.CURVE_SERVER, true);
            pull.set(SocketOption.CURVE_SECRETKEY, server.secretKey());
            push.set(SocketOption.CURVE_SERVERKEY, server.publicKey());
            push.set(SocketOption.CURVE_PUBLICKEY, client.publicKey());
            push.set(SocketOption.CURVE_SECRETKEY, client.secretKey());
            heartbeats(push, pull);
            var events = new java.util.concurrent.LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            push.connect(pull.bind("tcp://127.0.0.1:*"));
            exchange(push, pull);
            assertThat(events).noneMatch(e -> e.type() == SocketEvent.Type.DISCONNECTED);
        }
    }

    /** PINGs every 5 ms from both sides, written by the I/O thread between the senders' messages. */
    private static void heartbeats(Socket... sockets) {
        for (Socket s : sockets) {
            s.set(SocketOption.HEARTBEAT_IVL, 5);
            s.set(SocketOption.HEARTBEAT_TIMEOUT, 10_000);
            s.set(SocketOption.LINGER, 0);
        }
    }

    /** Each sender alternates single paced messages (written through) with bursts (written by the I/O thread). */
    private static void exchange(Socket push, Socket pull) {
        List<CompletableFuture<Throwable>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int id = s;
            senders.add(TestSupport.failureOf(() -> {
                for (int i = 0; i < PER_SENDER; i++) {
                    push.send(Msg.of(Integer.toString(id), Integer.toString(i), "x".repeat(i % 300)));
                    if (i % 50 < 25) {
                        LockSupport.parkNanos(40_000); // quiet long enough for the next send to write through
                    }
                }
            }));
        }
        int[] next = new int[SENDERS];
        for (int n = 0; n < SENDERS * PER_SENDER; n++) {
            Msg m = pull.recv(Duration.ofSeconds(20));
            assertThat(m).as("message %d", n).isNotNull();
            int id = Integer.parseInt(m.string(0));
            int i = Integer.parseInt(m.string(1));
            assertThat(i).as("sender %d", id).isEqualTo(next[id]++);
            assertThat(m.frameSize(2)).isEqualTo(i % 300);
        }
        for (var s : senders) {
            assertThat(s.join()).isNull();
        }
        assertThat(pull.recv(Duration.ofMillis(50))).isNull();
    }
}
