package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmtp.Command;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read-through: a caller waiting for the messages of the socket's only peer waits in a selector
 * on that peer's channel and decodes what arrives itself. Whatever arrives while it waits there
 * (a message, a PING, garbage, nothing) must be handled as the I/O thread would handle it.
 */
@Timeout(30)
class ReadThroughTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Starts {@code dealer.recv(timeout)} on another thread and waits until it waits reading through. */
    private static CompletableFuture<Msg> receiveReadingThrough(Socket dealer, Duration timeout) {
        CompletableFuture<Msg> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(dealer.recv(timeout));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        TestSupport.await("the receiver to wait in its read-through selector", WAIT, () -> inReadThrough(t));
        return result;
    }

    private static boolean inReadThrough(Thread t) {
        return TestSupport.isBlockedInSocket(t)
                && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("selectReadingThrough"));
    }

    @Test
    void aMessageArrivingWhileTheCallerWaitsIsDecodedAndReturned() throws Exception {
        try (var ctx = new Context(); var dealer = ctx.socket(SocketType.DEALER)) {
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            try (var raw = rawPeer(ep, events)) {
                CompletableFuture<Msg> got = receiveReadingThrough(dealer, WAIT);
                assertThat(got).isNotDone();
                raw.sendFrame(true, "first".getBytes()).sendFrame(false, "second".getBytes());
                Msg m = got.get(10, TimeUnit.SECONDS);
                assertThat(m.string(0)).isEqualTo("first");
                assertThat(m.string(1)).isEqualTo("second");
            }
        }
    }

    @Test
    void aPingArrivingWhileTheCallerWaitsIsAnsweredWithAPong() throws Exception {
        try (var ctx = new Context(); var dealer = ctx.socket(SocketType.DEALER)) {
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            try (var raw = rawPeer(ep, events)) {
                CompletableFuture<Msg> got = receiveReadingThrough(dealer, WAIT);
                raw.send(new Command.Ping(0, "ctx".getBytes()).toFrame());
                assertThat(raw.awaitCommand("PONG", 5000)).isTrue();
                assertThat(got).isNotDone(); // a command is not a message
                raw.sendFrame(false, "after the ping".getBytes());
                assertThat(got.get(10, TimeUnit.SECONDS).string(0)).isEqualTo("after the ping");
            }
        }
    }

    @Test
    void garbageArrivingWhileTheCallerWaitsDropsThePeerAndTheCallerWaitsOn() throws Exception {
        try (var ctx = new Context(); var dealer = ctx.socket(SocketType.DEALER)) {
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            try (var raw = rawPeer(ep, events)) {
                CompletableFuture<Msg> got = receiveReadingThrough(dealer, Duration.ofSeconds(2));
                raw.send(new byte[] {(byte) 0x40, 1, 2, 3}); // reserved flag bits
                assertThat(raw.isClosedByPeer()).isTrue();
                assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.DISCONNECTED, WAIT)).isTrue();
                assertThat(got.get(10, TimeUnit.SECONDS)).isNull(); // no message, no crash: the wait runs out
            }
            // The socket is as good as before: a new peer's message arrives.
            try (var raw = new RawPeer(ep).handshake("DEALER")) {
                raw.sendFrame(false, "next peer".getBytes());
                assertThat(dealer.recv(WAIT).string(0)).isEqualTo("next peer");
            }
        }
    }

    /**
     * The JDK frees a closed channel's descriptor only when every selector it is registered with
     * has let go of it: a connection that ended while its socket read through must not keep one
     * until the socket's next wait (which may never come).
     */
    @Test
    void aConnectionThatEndsReleasesItsDescriptorWithoutAnotherWait() throws Exception {
        try (var ctx = new Context(); var dealer = ctx.socket(SocketType.DEALER)) {
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            int connected;
            try (var raw = rawPeer(ep, events)) {
                CompletableFuture<Msg> got = receiveReadingThrough(dealer, Duration.ofMillis(500));
                assertThat(got.get(10, TimeUnit.SECONDS)).isNull(); // the caller stops waiting
                connected = openFds(); // both ends of the connection (the raw peer is in this process too)
                raw.send(new byte[] {(byte) 0x40, 1, 2, 3}); // now the connection is dropped
                assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.DISCONNECTED, WAIT)).isTrue();
            }
            TestSupport.await("both ends' descriptors to be released", WAIT, () -> openFds() <= connected - 2);
        }
    }

    private static int openFds() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    @Test
    void aReceiveTimeoutEndsTheWaitWithNothing() throws Exception {
        try (var ctx = new Context(); var dealer = ctx.socket(SocketType.DEALER)) {
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            try (var raw = rawPeer(ep, events)) {
                long start = System.nanoTime();
                assertThat(receiveReadingThrough(dealer, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS)).isNull();
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            }
        }
    }

    @Test
    void closingTheSocketWakesACallerWaitingInItsSelector() throws Exception {
        try (var ctx = new Context()) {
            Socket dealer = ctx.socket(SocketType.DEALER);
            var events = monitored(dealer);
            String ep = dealer.bind("tcp://127.0.0.1:*");
            try (var raw = rawPeer(ep, events)) {
                CompletableFuture<Msg> got = receiveReadingThrough(dealer, WAIT);
                dealer.close();
                assertThat(got).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                        .havingRootCause().isInstanceOf(MonocoqueException.class)
                        .satisfies(e -> assertThat(((MonocoqueException) e).code()).isEqualTo(ErrorCode.ENOTSOCK));
            }
        }
    }

    @Test
    void requestsAndRepliesWithHeartbeatsOnBothSidesLoseNothing() throws Exception {
        try (var ctx = new Context(); var rep = ctx.socket(SocketType.REP); var req = ctx.socket(SocketType.REQ)) {
            for (Socket s : new Socket[] {rep, req}) {
                s.set(SocketOption.HEARTBEAT_IVL, 2);
                s.set(SocketOption.HEARTBEAT_TIMEOUT, 2000);
            }
            String ep = rep.bind("tcp://127.0.0.1:*");
            req.connect(ep);
            var server = TestSupport.failureOf(() -> {
                for (int i = 0; i < 5_000; i++) {
                    Msg m = rep.recv(WAIT);
                    rep.send(m);
                }
            });
            for (int i = 0; i < 5_000; i++) {
                byte[] body = new byte[i % 300];
                Arrays.fill(body, (byte) i);
                req.send(Msg.of(body));
                Msg r = req.recv(WAIT);
                assertThat(r).as("reply %d", i).isNotNull();
                assertThat(r.bytes(0)).isEqualTo(body);
            }
            assertThat(server.join()).isNull();
        }
    }

    /** Connects a raw DEALER peer to {@code ep}, returning once the socket reports the handshake done. */
    private static RawPeer rawPeer(String ep, LinkedBlockingQueue<SocketEvent> events) throws Exception {
        RawPeer raw = new RawPeer(ep).handshake("DEALER");
        assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.HANDSHAKE_SUCCEEDED, WAIT)).isTrue();
        return raw;
    }

    private static LinkedBlockingQueue<SocketEvent> monitored(Socket s) {
        LinkedBlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
        s.monitor(events::add);
        return events;
    }
}
