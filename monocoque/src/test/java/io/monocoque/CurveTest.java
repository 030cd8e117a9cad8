package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CURVE between two Monocoque sockets: keys, ZAP, large and multipart messages, commands under encryption. */
@Timeout(30)
class CurveTest {
    private static final CurveKeyPair SERVER = CurveKeyPair.generate();
    private static final CurveKeyPair CLIENT = CurveKeyPair.generate();

    static void server(Socket s, CurveKeyPair keys) {
        s.set(SocketOption.CURVE_SERVER, true);
        s.set(SocketOption.CURVE_SECRETKEY, keys.secretKey());
    }

    static void client(Socket s, CurveKeyPair keys, byte[] serverKey) {
        s.set(SocketOption.CURVE_PUBLICKEY, keys.publicKey());
        s.set(SocketOption.CURVE_SECRETKEY, keys.secretKeyZ85()); // the Z85 text form, as libzmq takes it
        s.set(SocketOption.CURVE_SERVERKEY, serverKey);
    }

    @Test
    void shouldCarryMultipartLargeAndEmptyFramesInOrderWithTheClientKeyInZap() {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            var seen = new ConcurrentLinkedQueue<ZapRequest>();
            ctx.zapHandler(r -> {
                seen.add(r);
                return new ZapReply("200", "OK", "client-1", Map.of("X-Tier", "gold"));
            });
            server(pull, SERVER);
            pull.set(SocketOption.ZAP_DOMAIN, "curve-test");
            String ep = pull.bind("tcp://127.0.0.1:*");
            client(push, CLIENT, SERVER.publicKey());
            push.connect(ep);
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            push.send(Msg.of("a".getBytes(), new byte[0], big));
            for (int i = 0; i < 10_000; i++) {
                push.send(Integer.toString(i));
            }
            Msg first = pull.recv(Duration.ofSeconds(10));
            assertThat(first.size()).isEqualTo(3);
            assertThat(first.string(0)).isEqualTo("a");
            assertThat(first.bytes(1)).isEmpty();
            assertThat(Arrays.equals(first.bytes(2), big)).isTrue();
            assertThat(first.property("User-Id")).isEqualTo("client-1");
            assertThat(first.property("X-Tier")).isEqualTo("gold");
            for (int i = 0; i < 10_000; i++) {
                assertThat(pull.recv(Duration.ofSeconds(10)).string(0)).isEqualTo(Integer.toString(i));
            }
            ZapRequest r = seen.peek();
            assertThat(r.mechanism()).isEqualTo("CURVE");
            assertThat(r.domain()).isEqualTo("curve-test");
            assertThat(r.address()).isEqualTo("127.0.0.1");
            assertThat(r.curvePublicKey()).isEqualTo(CLIENT.publicKey());
            assertThat(r.curvePublicKeyZ85()).isEqualTo(CLIENT.publicKeyZ85());
        }
    }

    @Test
    void shouldRefuseAClientTheZapHandlerDeniesAndDeliverNothing() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            ctx.zapHandler(r -> ZapReply.deny("unknown key"));
            MonitorTest.Events serverEvents = new MonitorTest.Events();
            MonitorTest.Events clientEvents = new MonitorTest.Events();
            pull.monitor(serverEvents);
            push.monitor(clientEvents);
            server(pull, SERVER);
            String ep = pull.bind("tcp://127.0.0.1:*");
            client(push, CLIENT, SERVER.publicKey());
            push.set(SocketOption.LINGER, 0);
            push.connect(ep);
            push.send("must not arrive");
            assertThat(serverEvents.await(SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("400");
            assertThat(clientEvents.await(SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("refused");
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void shouldFailTheHandshakeWhenTheClientHasTheWrongServerKey() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH)) {
            MonitorTest.Events serverEvents = new MonitorTest.Events();
            pull.monitor(serverEvents);
            server(pull, SERVER);
            String ep = pull.bind("tcp://127.0.0.1:*");
            client(push, CLIENT, CurveKeyPair.generate().publicKey());
            push.set(SocketOption.LINGER, 0);
            push.connect(ep);
            push.send("must not arrive");
            assertThat(serverEvents.await(SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL).detail()).contains("HELLO");
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void shouldCarrySubscriptionsAndHeartbeatsAsEncryptedCommands() {
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB); var sub = ctx.socket(SocketType.SUB)) {
            server(pub, SERVER);
            pub.set(SocketOption.HEARTBEAT_IVL, 50);
            pub.set(SocketOption.HEARTBEAT_TIMEOUT, 500);
            String ep = pub.bind("tcp://127.0.0.1:*");
            client(sub, CLIENT, SERVER.publicKey());
            sub.set(SocketOption.HEARTBEAT_IVL, 50);
            sub.set(SocketOption.HEARTBEAT_TIMEOUT, 500);
            MonitorTest.Events subEvents = new MonitorTest.Events();
            sub.monitor(subEvents);
            sub.subscribe("weather");
            sub.connect(ep);
            Msg got = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (got == null && System.nanoTime() < deadline) {
                pub.send(Msg.of("sports", "no"));
                pub.send(Msg.of("weather", "sunny"));
                got = sub.recv(Duration.ofMillis(50));
            }
            assertThat(got.string(0)).isEqualTo("weather");
            // Heartbeats for well over the timeout: PING/PONG must be understood through CURVE.
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                pub.send(Msg.of("weather", "still"));
                assertThat(sub.recv(Duration.ofSeconds(2))).isNotNull();
            }
            assertThat(subEvents.queue.stream().filter(e -> e.type() == SocketEvent.Type.DISCONNECTED)).isEmpty();
        }
    }

    @Test
    void shouldRefuseToConnectOrBindWithoutTheKeysCurveNeeds() {
        try (var ctx = new Context(); var s = ctx.socket(SocketType.PUSH); var c = ctx.socket(SocketType.PULL)) {
            s.set(SocketOption.CURVE_SERVER, true);
            assertThatThrownBy(() -> s.bind("tcp://127.0.0.1:*")).isInstanceOf(MonocoqueException.class)
                    .hasMessageContaining("CURVE_SECRETKEY").hasMessageContaining("EINVAL");
            c.set(SocketOption.CURVE_SERVERKEY, SERVER.publicKeyZ85());
            assertThatThrownBy(() -> c.connect("tcp://127.0.0.1:5555")).isInstanceOf(MonocoqueException.class)
                    .hasMessageContaining("CURVE_PUBLICKEY");
            assertThatThrownBy(() -> c.set(SocketOption.CURVE_SERVERKEY, new byte[31]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CURVE_SERVERKEY");
            assertThatThrownBy(() -> c.set(SocketOption.CURVE_SERVERKEY, "not z85 at all, forty characters long!!"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.get(SocketOption.CURVE_SERVERKEY)).isEqualTo(SERVER.publicKey());
        }
    }

    @Test
    void shouldAskTheZapHandlerOnANullSocketWithAZapDomain() throws Exception {
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL); var push = ctx.socket(SocketType.PUSH);
             var push2 = ctx.socket(SocketType.PUSH)) {
            var seen = new ConcurrentLinkedQueue<ZapRequest>();
            ctx.zapHandler(r -> {
                seen.add(r);
                return r.domain().equals("open") ? ZapReply.allow("anon") : ZapReply.deny("closed domain");
            });
            pull.set(SocketOption.ZAP_DOMAIN, "open");
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.connect(ep);
            push.send("null with zap");
            Msg m = pull.recv(Duration.ofSeconds(5));
            assertThat(m.property("User-Id")).isEqualTo("anon");
            assertThat(seen.peek().mechanism()).isEqualTo("NULL");
            assertThat(seen.peek().credentials()).isEmpty();

            try (var closed = ctx.socket(SocketType.PULL)) {
                MonitorTest.Events events = new MonitorTest.Events();
                closed.monitor(events);
                closed.set(SocketOption.ZAP_DOMAIN, "closed");
                String ep2 = closed.bind("tcp://127.0.0.1:*");
                push2.set(SocketOption.LINGER, 0);
                push2.connect(ep2);
                push2.send("refused");
                assertThat(events.await(SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("400");
                assertThat(closed.recv(Duration.ofMillis(300))).isNull();
            }
        }
    }
}
