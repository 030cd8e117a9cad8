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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
