package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.CurveKeyPair;
import io.monocoque.Msg;
import io.monocoque.Socket;
import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.ZapReply;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CURVE against libzmq (pyzmq) in both directions: the whole {@link CurveSequence} intact and in
 * order, ZAP on both sides (libzmq's {@code zeromq.zap.01} handler, our {@code ZapHandler}), a
 * wrong server key and a refused client key, and PUB/SUB with heartbeats, whose SUBSCRIBE and
 * PING/PONG travel as encrypted commands.
 */
@Timeout(90)
class PyZmqCurveTest {
    @TempDir
    Path dir;

    private List<String> peer(String... args) throws Exception {
        Path script = dir.resolve("curve_peer.py");
        if (!Files.exists(script)) {
            try (InputStream in = PyZmqCurveTest.class.getResourceAsStream("curve_peer.py")) {
                Files.copy(in, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(PyZmqPeer.PYTHON, script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static void curveClient(Socket s, CurveKeyPair ours, String serverKey) {
        s.set(SocketOption.CURVE_PUBLICKEY, ours.publicKey());
        s.set(SocketOption.CURVE_SECRETKEY, ours.secretKey());
        s.set(SocketOption.CURVE_SERVERKEY, serverKey);
    }

    private static void curveServer(Socket s, CurveKeyPair ours) {
        s.set(SocketOption.CURVE_SERVER, true);
        s.set(SocketOption.CURVE_SECRETKEY, ours.secretKeyZ85());
    }

    @Test
    void monocoqueClientSendsTheSequenceToALibzmqServer() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE PULL server",
                peer("server-pull", server.secretKeyZ85(), client.publicKeyZ85()));
             var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            String endpoint = libzmq.nextLine(Duration.ofSeconds(15));
            assertThat(endpoint).as("peer stderr: %s", libzmq.stderr()).startsWith("tcp://");
            curveClient(push, client, server.publicKeyZ85());
            push.connect(endpoint);
            for (byte[][] m : CurveSequence.messages()) {
                push.send(Msg.of(m));
            }
            assertThat(libzmq.nextLine(Duration.ofSeconds(30))).as("peer stderr: %s", libzmq.stderr())
                    .isEqualTo("ok user=curve-user");
        }
    }

    @Test
    void libzmqClientSendsTheSequenceToAMonocoqueServer() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        String[] client = libzmqKeyPair();
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            ctx.zapHandler(r -> r.curvePublicKeyZ85().equals(client[0]) ? ZapReply.allow("libzmq-client")
                    : ZapReply.deny("unknown key"));
            curveServer(pull, server);
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE PUSH client",
                    peer("client-push", endpoint, server.publicKeyZ85(), client[0], client[1]))) {
                for (int i = 0; i < CurveSequence.COUNT + 2; i++) {
                    Msg m = pull.recv(Duration.ofSeconds(20));
                    assertThat(m).as("message %d; peer stderr: %s", i, libzmq.stderr()).isNotNull();
                    CurveSequence.check(i, frames(m));
                    if (i == 0) {
                        assertThat(m.property("User-Id")).isEqualTo("libzmq-client");
                    }
                }
                assertThat(libzmq.nextLine(Duration.ofSeconds(15))).isEqualTo("sent");
            }
        }
    }

    @Test
    void libzmqServerRefusesAMonocoqueClientWhoseKeyItsZapHandlerDoesNotKnow() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE PULL server",
                peer("server-pull", server.secretKeyZ85(), CurveKeyPair.generate().publicKeyZ85()));
             var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            String endpoint = libzmq.nextLine(Duration.ofSeconds(15));
            var events = new LinkedBlockingQueue<SocketEvent>();
            push.monitor(events::add);
            curveClient(push, CurveKeyPair.generate(), server.publicKeyZ85());
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.RECONNECT_IVL, -1);
            push.connect(endpoint);
            push.send("must not arrive");
            assertThat(await(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("400");
            assertThat(libzmq.nextLine(Duration.ofSeconds(15))).isEqualTo("timeout");
        }
    }

    @Test
    void monocoqueServerRefusesALibzmqClientItsZapHandlerDeniesAndOneWithTheWrongServerKey() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        String[] client = libzmqKeyPair();
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            ctx.zapHandler(r -> ZapReply.deny("nobody gets in"));
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            curveServer(pull, server);
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            try (PeerProcess refused = PeerProcess.start("libzmq CURVE client, refused key",
                    peer("client-push", endpoint, server.publicKeyZ85(), client[0], client[1]))) {
                assertThat(await(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH).detail()).contains("400");
            }
            try (PeerProcess wrong = PeerProcess.start("libzmq CURVE client, wrong server key",
                    peer("client-push", endpoint, CurveKeyPair.generate().publicKeyZ85(), client[0], client[1]))) {
                assertThat(await(events, SocketEvent.Type.HANDSHAKE_FAILED_PROTOCOL).detail()).contains("HELLO");
            }
            assertThat(pull.recv(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void monocoqueSubscribesThroughCurveToALibzmqPublisherWithHeartbeats() throws Exception {
        PyZmqPeer.assumeAvailable();
        String[] server = libzmqKeyPair();
        try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE PUB server", peer("server-pub", server[1]), true);
             var ctx = new Context(); var sub = ctx.socket(SocketType.SUB)) {
            String endpoint = libzmq.nextLine(Duration.ofSeconds(15));
            var events = new LinkedBlockingQueue<SocketEvent>();
            sub.monitor(events::add);
            curveClient(sub, CurveKeyPair.generate(), server[0]);
            sub.set(SocketOption.HEARTBEAT_IVL, 100);
            sub.set(SocketOption.HEARTBEAT_TIMEOUT, 1000);
            sub.subscribe("weather");
            sub.connect(endpoint);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            int got = 0;
            while (System.nanoTime() < until) {
                Msg m = sub.recv(Duration.ofSeconds(5));
                assertThat(m).as("peer stderr: %s", libzmq.stderr()).isNotNull();
                assertThat(m.string(0)).isEqualTo("weather");
                got++;
            }
            assertThat(got).isPositive();
            // Both sides pinged for 2.5 s with a 1 s timeout: a PING or PONG lost inside CURVE would have cut the link.
            assertThat(events.stream().filter(e -> e.type() == SocketEvent.Type.DISCONNECTED)).isEmpty();
            libzmq.tell("stop");
        }
    }

    @Test
    void libzmqSubscribesThroughCurveToAMonocoquePublisher() throws Exception {
        PyZmqPeer.assumeAvailable();
        CurveKeyPair server = CurveKeyPair.generate();
        String[] client = libzmqKeyPair();
        try (var ctx = new Context(); var pub = ctx.socket(SocketType.PUB)) {
            curveServer(pub, server);
            pub.set(SocketOption.HEARTBEAT_IVL, 100);
            pub.set(SocketOption.HEARTBEAT_TIMEOUT, 1000);
            String endpoint = pub.bind("tcp://127.0.0.1:*");
            try (PeerProcess libzmq = PeerProcess.start("libzmq CURVE SUB client",
                    peer("client-sub", endpoint, server.publicKeyZ85(), client[0], client[1]))) {
                String line = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                for (int n = 0; line == null && System.nanoTime() < deadline; n++) {
                    pub.send(Msg.of("sports", Integer.toString(n)));
                    pub.send(Msg.of("weather", Integer.toString(n)));
                    line = libzmq.nextLine(Duration.ofMillis(10));
                }
                assertThat(line).as("peer stderr: %s", libzmq.stderr()).isEqualTo("ok");
            }
        }
    }

    /** A key pair made by libzmq itself ({@code zmq_curve_keypair}), as Z85 public and secret. */
    private String[] libzmqKeyPair() throws Exception {
        try (PeerProcess p = PeerProcess.start("libzmq curve_keypair", peer("keypair"))) {
            String line = p.nextLine(Duration.ofSeconds(15));
            assertThat(line).as("stderr: %s", p.stderr()).isNotNull();
            return line.split(" ");
        }
    }

    static byte[][] frames(Msg m) {
        byte[][] f = new byte[m.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = m.bytes(i);
        }
        return f;
    }

    private static SocketEvent await(LinkedBlockingQueue<SocketEvent> events, SocketEvent.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SocketEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event within 10 s; saw " + events);
    }
}
