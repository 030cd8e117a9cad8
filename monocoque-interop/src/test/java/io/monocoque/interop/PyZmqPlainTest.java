package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.SocketEvent;
import io.monocoque.SocketOption;
import io.monocoque.SocketType;
import io.monocoque.ZapReply;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PLAIN against libzmq in both directions: right credentials get in, wrong ones are refused. */
@Timeout(60)
class PyZmqPlainTest {

    private static Path script(Path dir) throws Exception {
        Path script = dir.resolve("plain_peer.py");
        try (InputStream in = PyZmqPlainTest.class.getResourceAsStream("plain_peer.py")) {
            Files.copy(in, script);
        }
        return script;
    }

    @ParameterizedTest(name = "Monocoque PLAIN client -> libzmq PLAIN server, password {0}")
    @CsvSource({"secret, got=hello from Monocoque user=admin", "wrong, timeout"})
    void monocoqueClientToLibzmqServer(String password, String expected, @TempDir Path dir) throws Exception {
        PyZmqPeer.assumeAvailable();
        try (PeerProcess peer = PeerProcess.start("libzmq PLAIN server",
                List.of(PyZmqPeer.PYTHON, script(dir).toString(), "server", "admin", "secret"));
             var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            String endpoint = peer.nextLine(Duration.ofSeconds(15));
            assertThat(endpoint).as("peer stderr: %s", peer.stderr()).startsWith("tcp://");
            var events = new LinkedBlockingQueue<SocketEvent>();
            push.monitor(events::add);
            push.set(SocketOption.PLAIN_USERNAME, "admin");
            push.set(SocketOption.PLAIN_PASSWORD, password);
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.RECONNECT_IVL, -1); // one attempt: a refused client should not retry
            push.connect(endpoint);
            push.send(Msg.of("hello from Monocoque"));
            assertThat(peer.nextLine(Duration.ofSeconds(15))).as("peer stderr: %s", peer.stderr()).isEqualTo(expected);
            if (expected.equals("timeout")) {
                assertThat(InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 10)).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "libzmq PLAIN client -> Monocoque PLAIN server, password {0}")
    @CsvSource({"secret, true", "wrong, false"})
    void libzmqClientToMonocoqueServer(String password, boolean accepted, @TempDir Path dir) throws Exception {
        PyZmqPeer.assumeAvailable();
        try (var ctx = new Context(); var pull = ctx.socket(SocketType.PULL)) {
            ctx.zapHandler(r -> r.username().equals("admin") && r.password().equals("secret")
                    ? ZapReply.allow("admin") : ZapReply.deny("bad password"));
            var events = new LinkedBlockingQueue<SocketEvent>();
            pull.monitor(events::add);
            pull.set(SocketOption.PLAIN_SERVER, true);
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            try (PeerProcess peer = PeerProcess.start("libzmq PLAIN client",
                    List.of(PyZmqPeer.PYTHON, script(dir).toString(), "client", endpoint, "admin", password))) {
                if (accepted) {
                    Msg m = pull.recv(Duration.ofSeconds(10));
                    assertThat(m).as("peer stderr: %s", peer.stderr()).isNotNull();
                    assertThat(m.string(0)).isEqualTo("hello from libzmq");
                    assertThat(m.property("User-Id")).isEqualTo("admin");
                } else {
                    assertThat(InteropSupport.awaitType(events, SocketEvent.Type.HANDSHAKE_FAILED_AUTH, 10)).isTrue();
                    assertThat(pull.recv(Duration.ofMillis(300))).isNull();
                }
            }
        }
    }

}
