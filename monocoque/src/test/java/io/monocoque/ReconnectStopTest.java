package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReconnectStopTest {

    private static int freePort() throws Exception {
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void shouldStopReconnectingWhenRefused() throws Exception {
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            MonitorTest.Events events = new MonitorTest.Events();
            push.monitor(events);
            push.set(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_CONN_REFUSED);
            push.set(SocketOption.RECONNECT_IVL, 10);
            push.set(SocketOption.LINGER, 0);
            push.connect("tcp://127.0.0.1:" + freePort());
            assertThat(events.await(SocketEvent.Type.CLOSED).detail()).contains("reconnect stopped");
            assertThat(events.queue.stream().noneMatch(e -> e.type() == SocketEvent.Type.CONNECT_RETRIED)).isTrue();
        }
    }

    @Test
    void shouldStopReconnectingAfterAnEstablishedConnectionEnds() throws Exception {
        int port = freePort();
        String ep = "tcp://127.0.0.1:" + port;
        try (var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            MonitorTest.Events events = new MonitorTest.Events();
            push.monitor(events);
            push.set(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_AFTER_DISCONNECT);
            push.set(SocketOption.RECONNECT_IVL, 10);
            push.set(SocketOption.LINGER, 0);
            try (var pull = ctx.socket(SocketType.PULL)) {
                pull.bind(ep);
                push.connect(ep);
                push.send("first");
                assertThat(pull.recv(Duration.ofSeconds(5)).string(0)).isEqualTo("first");
            }
            assertThat(events.await(SocketEvent.Type.CLOSED).detail()).contains("reconnect stopped");
            try (var again = ctx.socket(SocketType.PULL)) {
                again.bind(ep);
                push.trySend(Msg.of("never delivered"));
                assertThat(again.recv(Duration.ofMillis(300))).as("no reconnect after RECONNECT_STOP").isNull();
            }
        }
    }

    @Test
    void shouldCountRouterDropsOfUnknownPeers() {
        try (var ctx = new Context(); var router = ctx.socket(SocketType.ROUTER)) {
            router.send(Msg.of("nobody", "lost"));
            router.send(Msg.of("nobody", "lost again"));
            assertThat(router.droppedMessages()).isEqualTo(2);
        }
    }
}
