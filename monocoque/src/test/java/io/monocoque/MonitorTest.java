package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MonitorTest {

    /** Collects events; {@link #await} waits (with a deadline) for one of a type. */
    static final class Events implements SocketMonitor {
        final LinkedBlockingQueue<SocketEvent> queue = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(SocketEvent event) {
            queue.add(event);
        }

        SocketEvent await(SocketEvent.Type type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                long left = deadline - System.nanoTime();
                SocketEvent e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    throw new AssertionError("no " + type + " event within 5 s");
                }
                if (e.type() == type) {
                    return e;
                }
            }
        }
    }

    @Test
    void shouldReportTheLifeOfABoundEndpointAndItsConnections() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            Events events = new Events();
            pull.monitor(events);
            String ep = pull.bind("tcp://127.0.0.1:*");
            assertThat(events.await(SocketEvent.Type.LISTENING).endpoint()).isEqualTo(ep);
            try (var push = ctx.socket(SocketType.PUSH)) {
                push.connect(ep);
                assertThat(events.await(SocketEvent.Type.ACCEPTED).endpoint()).isEqualTo(ep);
                assertThat(events.await(SocketEvent.Type.HANDSHAKE_SUCCEEDED).detail()).isEqualTo("PUSH");
            }
            events.await(SocketEvent.Type.DISCONNECTED);
            pull.unbind(ep);
            assertThat(events.await(SocketEvent.Type.CLOSED).endpoint()).isEqualTo(ep);
        }
    }

    @Test
    void shouldReportBindFailure() throws Exception {
        try (var ctx = new Context(); var a = ctx.socket(SocketType.PULL); var b = ctx.socket(SocketType.PULL)) {
            Events events = new Events();
            b.monitor(events);
            String ep = a.bind("tcp://127.0.0.1:*");
            assertThatThrownBy(() -> b.bind(ep)).isInstanceOf(MonocoqueException.class);
            assertThat(events.await(SocketEvent.Type.BIND_FAILED).detail()).contains("in use");
        }
    }

    @Test
    void shouldReportConnectRetriesUntilThePeerAppears() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH); var pull = ctx.socket(SocketType.PULL)) {
            Events events = new Events();
            push.monitor(events);
            push.set(SocketOption.RECONNECT_IVL, 20);
            push.set(SocketOption.LINGER, 0);
            push.connect("tcp://127.0.0.1:" + port);
            events.await(SocketEvent.Type.CONNECT_RETRIED);
            pull.bind("tcp://127.0.0.1:" + port);
            events.await(SocketEvent.Type.CONNECTED);
            events.await(SocketEvent.Type.HANDSHAKE_SUCCEEDED);
        }
    }

    @Test
    void shouldReportHandshakeFailures() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            Events events = new Events();
            pull.monitor(events);
            String ep = pull.bind("tcp://127.0.0.1:*");
            try (var bad = new RawPeer(ep)) {
                bad.handshake("PULL"); // PULL cannot talk to PULL
                assertThat(bad.isClosedByPeer()).isTrue();
            }
            assertThat(events.await(SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL).detail()).contains("PULL");
            try (var gone = new RawPeer(ep)) {
                gone.send(new byte[] {(byte) 0xFF, 0, 0});
            } // closes mid-greeting
            events.await(SocketEvent.Type.HANDSHAKE_FAILED_NO_DETAIL);
            // The socket itself keeps working.
            try (var push = ctx.socket(SocketType.PUSH)) {
                push.connect(ep);
                push.send("fine");
                assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("fine");
            }
        }
    }
}
