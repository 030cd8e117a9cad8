package io.monocoque;

import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.FrameEncoder;
import io.monocoque.zmtp.FrameFlags;
import io.monocoque.zmtp.Greeting;
import io.monocoque.zmtp.Metadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** A hand-driven ZMTP peer over a plain socket, for feeding Monocoque bad or partial input. */
final class RawPeer implements AutoCloseable {
    private final java.net.Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawPeer(String tcpEndpoint) throws IOException {
        socket = new java.net.Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", TestSupport.port(tcpEndpoint)), 5000);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a NULL greeting and a READY announcing {@code socketType}. */
    RawPeer handshake(String socketType) throws IOException {
        out.write(Greeting.ofVersion31("NULL", false).toBytes());
        out.write(new Command.Ready(Metadata.builder().put(Metadata.SOCKET_TYPE, socketType).build()).toFrame());
        out.flush();
        return this;
    }

    RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer sendFrame(boolean more, byte[] body) throws IOException {
        return send(FrameEncoder.frame(more ? FrameFlags.MORE : 0, body));
    }

    /** True when the other side closed the connection (read returns EOF or reset) within the timeout. */
    boolean isClosedByPeer() {
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private int greetingLeft = io.monocoque.zmtp.Greeting.SIZE;
    private final io.monocoque.zmtp.FrameDecoder decoder = new io.monocoque.zmtp.FrameDecoder(-1);

    /**
     * Reads what the other side sends until a command named {@code name} arrives.
     *
     * @return false when the connection closed or {@code timeoutMillis} passed first
     */
    boolean awaitCommand(String name, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buf = new byte[4096];
        boolean[] found = {false};
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return false;
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf, 0, n);
            int skip = Math.min(greetingLeft, bb.remaining());
            bb.position(bb.position() + skip);
            greetingLeft -= skip;
            decoder.decode(bb, (flags, body) -> {
                if (io.monocoque.zmtp.FrameFlags.isCommand(flags) && io.monocoque.zmtp.Command.hasName(body, name)) {
                    found[0] = true;
                }
                return true;
            });
            if (found[0]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
