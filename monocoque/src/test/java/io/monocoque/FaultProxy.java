package io.monocoque;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback that a test steers: it forwards each accepted connection to the target
 * and can stall, cut, truncate or corrupt the client-to-target stream. Every connection gets two
 * daemon pump threads; {@link #close()} ends them all.
 *
 * <pre>
 *   client ──▶ FaultProxy (127.0.0.1:port) ──▶ target
 * </pre>
 */
final class FaultProxy implements AutoCloseable {
    /** What happens to bytes flowing from the client to the target. */
    enum Mode { PASS, STALL, CUT_AFTER, CORRUPT_AFTER }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<java.net.Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
    private final AtomicInteger budget = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    FaultProxy(String targetEndpoint) throws IOException {
        this.target = new InetSocketAddress("127.0.0.1", TestSupport.port(targetEndpoint));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Forwards everything. */
    void pass() {
        mode.set(Mode.PASS);
    }

    /** Holds client bytes back (they wait in the proxy, nothing is lost). */
    void stall() {
        mode.set(Mode.STALL);
    }

    /** Forwards {@code bytes} more client bytes, then closes both sides of the connection. */
    void cutAfter(int bytes) {
        budget.set(bytes);
        mode.set(Mode.CUT_AFTER);
    }

    /** Forwards {@code bytes} more client bytes, then sets the reserved bits of the next byte. */
    void corruptAfter(int bytes) {
        budget.set(bytes);
        mode.set(Mode.CORRUPT_AFTER);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                java.net.Socket client = server.accept();
                java.net.Socket upstream = new java.net.Socket();
                upstream.connect(target, 5000);
                open.add(client);
                open.add(upstream);
                connections.incrementAndGet();
                pump("fault-proxy-up", client, upstream, true);
                pump("fault-proxy-down", upstream, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(String name, java.net.Socket from, java.net.Socket to, boolean faulty) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int off = 0;
                    while (faulty && mode.get() == Mode.STALL) {
                        Thread.onSpinWait();
                        if (from.isClosed()) {
                            return;
                        }
                        Thread.yield();
                    }
                    Mode m = faulty ? mode.get() : Mode.PASS;
                    if (m == Mode.CUT_AFTER || m == Mode.CORRUPT_AFTER) {
                        int allowed = Math.min(n, Math.max(0, budget.get()));
                        out.write(buf, 0, allowed);
                        budget.addAndGet(-allowed);
                        if (allowed < n) {
                            if (m == Mode.CUT_AFTER) {
                                mode.set(Mode.PASS);
                                from.close();
                                to.close();
                                return;
                            }
                            buf[allowed] = (byte) (buf[allowed] | 0x40); // reserved flag bit
                            mode.set(Mode.PASS);
                            off = allowed;
                        } else {
                            continue;
                        }
                    }
                    out.write(buf, off, n - off);
                }
            } catch (SocketException e) {
                // closed by the other pump or by close()
            } catch (IOException e) {
                // connection gone
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (java.net.Socket s : open) {
            s.close();
        }
    }
}
