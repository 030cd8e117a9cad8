package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.FrameFlags;
import io.monocoque.zmtp.Greeting;
import io.monocoque.zmtp.Metadata;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender that keeps sending while its connection is remade must never have a message written
 * through ahead of the handshake: after each reconnect, the first frame on the wire after the
 * greeting is the READY command. A raw server takes the greeting and READY in one write, so the
 * connecting side completes its handshake within a single read, while the sender is pacing
 * messages that are each eligible for write-through.
 *
 * <p>The window this guards is microseconds wide (between the handshake completing on the I/O
 * thread and its flush of our READY), so the test is a guard of the invariant, not a reliable
 * reproduction of the race; the engine closes the window by not writing through until the I/O
 * thread has flushed what the handshake queued.
 */
@Timeout(60)
class WriteThroughHandshakeTest {
    private static final int CONNECTIONS = 30;

    @Test
    void aMessageNeverOvertakesTheHandshakeAfterAReconnect() throws Exception {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var ctx = new Context(); var push = ctx.socket(SocketType.PUSH)) {
            push.set(SocketOption.RECONNECT_IVL, 5);
            push.set(SocketOption.RECONNECT_IVL_MAX, 0);
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.SNDHWM, 100_000);
            push.connect("tcp://127.0.0.1:" + server.getLocalPort());
            AtomicBoolean stop = new AtomicBoolean();
            var sender = TestSupport.failureOf(() -> {
                for (int i = 0; !stop.get(); i++) {
                    push.trySend(Msg.of("m" + i));
                    LockSupport.parkNanos(30_000); // quiet enough for write-through
                }
            });
            byte[] greetingAndReady = concat(Greeting.ofVersion31("NULL", false).toBytes(),
                    new Command.Ready(Metadata.builder().put(Metadata.SOCKET_TYPE, "PULL").build()).toFrame());
            try {
                for (int c = 0; c < CONNECTIONS; c++) {
                    try (java.net.Socket s = server.accept()) {
                        s.setSoTimeout(5000);
                        s.getOutputStream().write(greetingAndReady);
                        s.getOutputStream().flush();
                        var in = new DataInputStream(s.getInputStream());
                        in.readFully(new byte[Greeting.SIZE]);
                        String first = firstFrame(in);
                        assertThat(first).as("first frame after the greeting on connection %d", c).isEqualTo("READY");
                        firstFrame(in); // a message or two, then drop the connection
                    }
                }
            } finally {
                stop.set(true);
            }
            assertThat(sender.join()).isNull();
        }
    }

    /** Reads one frame: "READY" (or another command's name) for a command, "message" otherwise. */
    private static String firstFrame(DataInputStream in) throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & FrameFlags.LONG) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        if (!FrameFlags.isCommand(flags)) {
            return "message";
        }
        return new String(body, 1, body[0] & 0xFF, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
