package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The libzmq form of a ZAP handler (RFC 27): a socket bound to {@code inproc://zeromq.zap.01} in
 * the server's context, answering requests frame by frame as libzmq's handlers do.
 */
@Timeout(30)
class ZapInprocTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** One ZAP request as a REP handler sees it (RFC 27 frames, after the envelope). */
    record Request(String version, String requestId, String domain, String address, byte[] identity, String mechanism,
                   List<byte[]> credentials) {
        static Request of(Msg m) {
            List<byte[]> frames = m.frames();
            return new Request(m.string(0), m.string(1), m.string(2), m.string(3), m.bytes(4), m.string(5),
                    frames.subList(6, frames.size()));
        }

        String credential(int i) {
            return new String(credentials.get(i), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs a REP handler on its own thread until the context closes: {@code decide} maps each
     * request to {status code, status text, user id}; every request is also put in {@code seen}.
     */
    private static CompletableFuture<Throwable> repHandler(Socket rep, LinkedBlockingQueue<Request> seen,
                                                          Function<Request, String[]> decide) {
        return TestSupport.failureOf(() -> {
            try {
                while (true) {
                    Msg m = rep.recv();
                    Request r = Request.of(m);
                    seen.add(r);
                    String[] answer = decide.apply(r);
                    rep.send(Msg.of("1.0".getBytes(), r.requestId().getBytes(), answer[0].getBytes(), answer[1].getBytes(),
                            answer[2].getBytes(), metadata("X-Handler", "rep")));
                }
            } catch (MonocoqueException e) {
                if (e.code() != ErrorCode.ETERM && e.code() != ErrorCode.ENOTSOCK) {
                    throw e;
                }
            }
        });
    }

    /** One ZMTP metadata property, as a ZAP reply carries it. */
    static byte[] metadata(String name, String value) {
        var out = new ByteArrayOutputStream();
        out.write(name.length());
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(0);
        out.write(0);
        out.write(v.length >> 8);
        out.write(v.length);
        out.writeBytes(v);
        return out.toByteArray();
    }

    @Test
    void aRepBoundToZeromqZap01AuthenticatesPlainClients() {
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.REP); var pull = ctx.socket(SocketType.PULL);
             var good = ctx.socket(SocketType.PUSH); var bad = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01");
            var seen = new LinkedBlockingQueue<Request>();
            repHandler(zap, seen, r -> r.credential(0).equals("admin") && r.credential(1).equals("secret")
                    ? new String[] {"200", "OK", "admin-user"} : new String[] {"400", "bad password", ""});
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            pull.set(SocketOption.ZAP_DOMAIN, "test");
            pull.set(SocketOption.ROUTING_ID, "server-id".getBytes());
            String ep = pull.bind("tcp://127.0.0.1:*");

            bad.set(SocketOption.PLAIN_USERNAME, "admin");
            bad.set(SocketOption.PLAIN_PASSWORD, "wrong");
            bad.set(SocketOption.LINGER, 0);
            bad.connect(ep);
            bad.send("must not arrive");
            assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, WAIT)).isTrue();

            good.set(SocketOption.PLAIN_USERNAME, "admin");
            good.set(SocketOption.PLAIN_PASSWORD, "secret");
            good.connect(ep);
            good.send("hello");
            Msg m = pull.recv(WAIT);
            assertThat(m.string(0)).isEqualTo("hello");
            assertThat(m.property("User-Id")).isEqualTo("admin-user");
            assertThat(m.property("X-Handler")).isEqualTo("rep");
            assertThat(pull.recv(Duration.ofMillis(200))).isNull();

            Request r = seen.peek();
            assertThat(r.version()).isEqualTo("1.0");
            assertThat(r.domain()).isEqualTo("test");
            assertThat(r.address()).isEqualTo("127.0.0.1");
            assertThat(r.identity()).isEqualTo("server-id".getBytes());
            assertThat(r.mechanism()).isEqualTo("PLAIN");
            assertThat(r.credentials()).hasSize(2);
        }
    }

    @Test
    void aRouterHandlerAuthenticatesCurveClientsByTheirZ85Key() {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        CurveKeyPair stranger = CurveKeyPair.generate();
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.ROUTER); var pull = ctx.socket(SocketType.PULL);
             var push = ctx.socket(SocketType.PUSH); var refused = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01");
            TestSupport.failureOf(() -> {
                try {
                    while (true) {
                        Msg m = zap.recv(); // routing id, "", then the request
                        String key = Z85.encode(m.bytes(8));
                        boolean known = key.equals(client.publicKeyZ85()) && m.string(7).equals("CURVE");
                        zap.send(Msg.of(m.bytes(0), new byte[0], "1.0".getBytes(), m.bytes(3), (known ? "200" : "400").getBytes(),
                                (known ? "OK" : "unknown key").getBytes(), (known ? "client" : "").getBytes(), new byte[0]));
                    }
                } catch (MonocoqueException e) {
                    // context closed
                }
            });
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.CURVE_SERVER, true);
            pull.set(SocketOption.CURVE_SECRETKEY, server.secretKey());
            String ep = pull.bind("tcp://127.0.0.1:*");
            curveClient(push, client, server).connect(ep);
            push.send("sealed");
            Msg m = pull.recv(WAIT);
            assertThat(m.string(0)).isEqualTo("sealed");
            assertThat(m.property("User-Id")).isEqualTo("client");

            curveClient(refused, stranger, server).connect(ep);
            refused.send("must not arrive");
            assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, WAIT)).isTrue();
            assertThat(pull.recv(Duration.ofMillis(200))).isNull();
        }
    }

    private static Socket curveClient(Socket s, CurveKeyPair own, CurveKeyPair server) {
        s.set(SocketOption.CURVE_SERVERKEY, server.publicKey());
        s.set(SocketOption.CURVE_PUBLICKEY, own.publicKey());
        s.set(SocketOption.CURVE_SECRETKEY, own.secretKey());
        s.set(SocketOption.LINGER, 0);
        return s;
    }

    @Test
    void aHandlerThatNeverAnswersRefusesThePeerAfterTheHandshakeIntervalAndTheIoThreadLivesOn() {
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.REP); var pull = ctx.socket(SocketType.PULL);
             var push = ctx.socket(SocketType.PUSH); var plainPull = ctx.socket(SocketType.PULL);
             var plainPush = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01"); // bound, never reads
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            pull.set(SocketOption.HANDSHAKE_IVL, 300);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "u");
            push.set(SocketOption.PLAIN_PASSWORD, "p");
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.RECONNECT_IVL, -1);
            push.connect(ep);
            push.send("must not arrive");
            assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, WAIT)).isTrue();
            assertThat(pull.recv(Duration.ofMillis(100))).isNull();

            // The I/O thread that waited is still serving other connections.
            String ep2 = plainPull.bind("tcp://127.0.0.1:*");
            plainPush.connect(ep2);
            plainPush.send("still alive");
            assertThat(plainPull.recv(WAIT).string(0)).isEqualTo("still alive");
        }
    }

    @Test
    void aMalformedReplyRefusesThePeer() {
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.REP); var pull = ctx.socket(SocketType.PULL);
             var push = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01");
            TestSupport.failureOf(() -> {
                try {
                    while (true) {
                        Msg m = zap.recv();
                        zap.send(Msg.of("1.0".getBytes(), m.bytes(1), "200".getBytes())); // 3 of 6 frames
                    }
                } catch (MonocoqueException e) {
                    // context closed
                }
            });
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "u");
            push.set(SocketOption.PLAIN_PASSWORD, "p");
            push.set(SocketOption.LINGER, 0);
            push.connect(ep);
            push.send("must not arrive");
            SocketEvent failed = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (failed == null && System.nanoTime() < deadline) {
                SocketEvent e = events.poll();
                if (e != null && e.type() == SocketEvent.Type.HANDSHAKE_FAILED_AUTH) {
                    failed = e;
                }
                Thread.onSpinWait();
            }
            assertThat(failed).isNotNull();
            assertThat(failed.detail()).contains("500").contains("malformed ZAP reply");
            assertThat(pull.recv(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void aContextZapHandlerTakesPrecedenceOverTheInprocOne() {
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.REP); var pull = ctx.socket(SocketType.PULL);
             var push = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01"); // never answers: must not be asked
            ctx.zapHandler(r -> ZapReply.allow("from-handler"));
            pull.set(SocketOption.PLAIN_SERVER, true);
            String ep = pull.bind("tcp://127.0.0.1:*");
            push.set(SocketOption.PLAIN_USERNAME, "u");
            push.set(SocketOption.PLAIN_PASSWORD, "p");
            push.connect(ep);
            push.send("in");
            assertThat(pull.recv(WAIT).property("User-Id")).isEqualTo("from-handler");
        }
    }

    @Test
    void nullSocketsAskTheHandlerOnlyWithAZapDomain() {
        try (var ctx = new Context(); var zap = ctx.socket(SocketType.REP); var open = ctx.socket(SocketType.PULL);
             var guarded = ctx.socket(SocketType.PULL); var a = ctx.socket(SocketType.PUSH); var b = ctx.socket(SocketType.PUSH)) {
            zap.bind("inproc://zeromq.zap.01");
            var seen = new LinkedBlockingQueue<Request>();
            repHandler(zap, seen, r -> new String[] {"400", "no NULL here", ""});
            var events = new LinkedBlockingQueue<SocketEvent>();
            guarded.monitor(events::add);
            guarded.set(SocketOption.ZAP_DOMAIN, "guarded");
            a.connect(open.bind("tcp://127.0.0.1:*"));
            a.send("no domain, no ZAP");
            assertThat(open.recv(WAIT).string(0)).isEqualTo("no domain, no ZAP");
            b.set(SocketOption.LINGER, 0);
            b.connect(guarded.bind("tcp://127.0.0.1:*"));
            b.send("refused");
            assertThat(TestSupport.awaitEvent(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, WAIT)).isTrue();
            assertThat(seen).hasSize(1);
            assertThat(seen.peek().mechanism()).isEqualTo("NULL");
            assertThat(seen.peek().credentials()).isEmpty();
        }
    }
}
