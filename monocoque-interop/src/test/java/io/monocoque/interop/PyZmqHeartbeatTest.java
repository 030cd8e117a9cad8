package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.Context;
import io.monocoque.Msg;
import io.monocoque.SocketType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZMTP heartbeats against libzmq: libzmq PINGs Monocoque, which must answer PONG or be dropped
 * after 300 ms; over an idle second the connection must survive with no disconnection seen by
 * libzmq's socket monitor. (Monocoque's own PINGs are tested in HeartbeatTest.)
 */
class PyZmqHeartbeatTest {

    @Test
    @Timeout(60)
    void shouldKeepAnIdleConnectionAliveWithLibzmqHeartbeats(@TempDir Path dir) throws Exception {
        PyZmqPeer.assumeAvailable();
        Path script = dir.resolve("heartbeat_peer.py");
        try (InputStream in = PyZmqHeartbeatTest.class.getResourceAsStream("heartbeat_peer.py")) {
            Files.copy(in, script);
        }
        try (PeerProcess peer = PeerProcess.start("libzmq heartbeat peer", List.of(PyZmqPeer.PYTHON, script.toString()));
             var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            String endpoint = peer.nextLine(Duration.ofSeconds(15));
            assertThat(endpoint).as("endpoint from the peer; stderr: %s", peer.stderr()).startsWith("tcp://");
            // Monocoque sends no heartbeats of its own here: only its PONGs keep libzmq's 300 ms timeout
            // from dropping the connection.
            push.connect(endpoint);
            push.send("first");
            idle(Duration.ofSeconds(1)); // many heartbeat intervals with no messages
            push.send("second");
            push.send(Msg.of("end"));
            String result = peer.nextLine(Duration.ofSeconds(15));
            assertThat(result).as("peer stderr: %s", peer.stderr()).isEqualTo("received=2 disconnected=0");
        }
    }

    /** Lets time pass on purpose: the behaviour under test is what happens while nothing is sent. */
    private static void idle(Duration d) throws IOException {
        try (var ctx = new Context(); var nothing = ctx.socket(SocketType.PULL)) {
            nothing.bind("tcp://127.0.0.1:*");
            long until = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < until) {
                nothing.recv(Duration.ofMillis(50));
            }
        }
    }
}
