package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.CurveKeyPair;
import io.monocoque.MonocoqueException;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.Z85;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Monocoque server whose ZAP handler is a REP socket bound to {@code inproc://zeromq.zap.01},
 * written frame by frame as a libzmq handler is, authenticating libzmq (pyzmq) and JeroMQ clients
 * over CURVE and PLAIN: the right key or password gets in with its User-Id, a wrong one is refused
 * with HANDSHAKE_FAILED_AUTH and delivers nothing.
 */
@Timeout(90)
class InprocZapInteropTest {
    @TempDir
    Path dir;

    /** A libzmq-style ZAP handler: REP, RFC 27 frames in and out. */
    private static final class RepHandler implements AutoCloseable {
        final ConcurrentLinkedQueue<String> mechanisms = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        RepHandler(Context ctx, Predicate<Msg> allow, String userId) {
            Socket rep = ctx.socket(SocketType.REP);
            rep.bind("inproc://zeromq.zap.01");
            thread = new Thread(() -> {
                try (rep) {
                    while (true) {
                        Msg r = rep.recv(); // version, request id, domain, address, identity, mechanism, credentials...
                        mechanisms.add(r.string(5));
                        boolean ok = r.string(0).equals("1.0") && allow.test(r);
                        rep.send(Msg.of("1.0".getBytes(), r.bytes(1), (ok ? "200" : "400").getBytes(),
                                (ok ? "OK" : "denied").getBytes(), (ok ? userId : "").getBytes(), new byte[0]));
                    }
                } catch (MonocoqueException e) {
                    // the context closed
                }
            }, "inproc-zap-handler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private static Predicate<Msg> curveKey(String z85) {
        return r -> r.string(5).equals("CURVE") && Z85.encode(r.bytes(6)).equals(z85);
    }

    private List<String> script(String name, String... args) throws Exception {
        Path script = dir.resolve(name);
        if (!Files.exists(script)) {
            try (InputStream in = InprocZapInteropTest.class.getResourceAsStream(name)) {
                Files.copy(in, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(PyZmqPeer.PYTHON, script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Socket curveServer(Socket s, CurveKeyPair keys) {
        s.set(SocketOption.CURVE_SERVER, true);
        s.set(SocketOption.CURVE_SECRETKEY, keys.secretKeyZ85());
        return s;
    }

    @Test
    void libzmqCurveClientsAreJudgedByAnInprocHandler() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        CurveKeyPair stranger = CurveKeyPair.generate();
        try (var ctx = new Context(); var handler = new RepHandler(ctx, curveKey(client.publicKeyZ85()), "libzmq-client");
             var pull = ctx.socket(SocketType.PULL)) {
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            String endpoint = curveServer(pull, server).bind("tcp://127.0.0.1:*");
            try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE PUSH client", script("curve_peer.py", "client-push",
                    endpoint, server.publicKeyZ85(), client.publicKeyZ85(), client.secretKeyZ85()))) {
                for (int i = 0; i < CurveSequence.COUNT + 2; i++) {
                    Msg m = pull.recv(Duration.ofSeconds(20));
                    assertThat(m).as("message %d; peer stderr: %s", i, libzmq.stderr()).isNotNull();
                    CurveSequence.check(i, PyZmqCurveTest.frames(m));
                    if (i == 0) {
                        assertThat(m.property("User-Id")).isEqualTo("libzmq-client");
                    }
                }
                assertThat(libzmq.nextLine(Duration.ofSeconds(15))).isEqualTo("sent");
            }
            try (PeerProcess refused = PeerProcess.start("libzmq CURVE client with an unknown key", script("curve_peer.py",
                    "client-push", endpoint, server.publicKeyZ85(), stranger.publicKeyZ85(), stranger.secretKeyZ85()))) {
                assertThat(InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 15))
                        .as("peer stderr: %s", refused.stderr()).isTrue();
            }
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
            assertThat(handler.mechanisms).contains("CURVE");
        }
    }

    @Test
    void libzmqPlainClientsAreJudgedByAnInprocHandler() throws Exception {
        PyZmqPeer.assumeAvailable();
        try (var ctx = new Context(); var handler = new RepHandler(ctx,
                r -> r.string(5).equals("PLAIN") && r.string(6).equals("admin") && r.string(7).equals("secret"), "admin-user");
             var pull = ctx.socket(SocketType.PULL)) {
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            try (PeerProcess libzmq = PeerProcess.start("libzmq PLAIN client",
                    script("plain_peer.py", "client", endpoint, "admin", "secret"))) {
                Msg m = pull.recv(Duration.ofSeconds(15));
                assertThat(m).as("peer stderr: %s", libzmq.stderr()).isNotNull();
                assertThat(m.string(0)).isEqualTo("hello from libzmq");
                assertThat(m.property("User-Id")).isEqualTo("admin-user");
            }
            try (PeerProcess refused = PeerProcess.start("libzmq PLAIN client, wrong password",
                    script("plain_peer.py", "client", endpoint, "admin", "wrong"))) {
                assertThat(InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 15))
                        .as("peer stderr: %s", refused.stderr()).isTrue();
            }
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void jeromqCurveClientsAreJudgedByAnInprocHandler() throws Exception {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        CurveKeyPair stranger = CurveKeyPair.generate();
        try (var ctx = new Context(); var handler = new RepHandler(ctx, curveKey(client.publicKeyZ85()), "jeromq-client");
             var pull = ctx.socket(SocketType.PULL); var jctx = new ZContext()) {
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            String endpoint = curveServer(pull, server).bind("tcp://127.0.0.1:*");
            Msg probe = null;
            for (int attempt = 0; probe == null && attempt < 2; attempt++) {
                if (attempt > 0) {
                    System.err.println("InprocZapInteropTest: no probe from the JeroMQ CURVE client within 5 s, recreating it once");
                }
                ZMQ.Socket push = JeroMqCurveTest.curvePush(jctx, client, server, endpoint);
                push.send("probe");
                probe = pull.recv(Duration.ofSeconds(5));
                if (probe == null) {
                    jctx.destroySocket(push);
                } else {
                    for (int i = 0; i < 1000; i++) {
                        push.send(Integer.toString(i));
                    }
                }
            }
            assertThat(probe).isNotNull();
            assertThat(probe.property("User-Id")).isEqualTo("jeromq-client");
            for (int i = 0; i < 1000; i++) {
                assertThat(pull.recv(Duration.ofSeconds(10)).string(0)).isEqualTo(Integer.toString(i));
            }
            boolean refused = false;
            for (int attempt = 0; !refused && attempt < 2; attempt++) {
                if (attempt > 0) {
                    System.err.println("InprocZapInteropTest: the stranger's JeroMQ client never sent INITIATE within 5 s, recreating it once");
                }
                ZMQ.Socket stray = JeroMqCurveTest.curvePush(jctx, stranger, server, endpoint);
                stray.send("must not arrive".getBytes(StandardCharsets.UTF_8));
                refused = InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 5);
                jctx.destroySocket(stray);
            }
            assertThat(refused).isTrue();
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }
}
