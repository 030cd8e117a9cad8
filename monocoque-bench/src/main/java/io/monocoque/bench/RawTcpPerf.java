package io.monocoque.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.HdrHistogram.Histogram;

/**
 * The raw-TCP floor: what two Java processes get over loopback with no messaging library at all,
 * using the same arguments and output lines as the perf tools.
 *
 * <ul>
 *   <li>{@code local-thr} / {@code remote-thr}: frames of a 4-byte big-endian length and
 *       {@code size} payload bytes. The sender packs them into a 64 KiB buffer and writes it when
 *       full (smart batching, as a messaging library would at best); the receiver reads 256 KiB
 *       at a time and walks the frames, checking each length. Time runs from the first frame to
 *       the last, as in {@code local_thr}.</li>
 *   <li>{@code local-lat} / {@code remote-lat}: ping-pong of one such frame with TCP_NODELAY,
 *       blocking reads and writes on the calling thread (no hand-off to any other thread).</li>
 * </ul>
 *
 * Usage: {@code RawTcpPerf <local-thr|remote-thr|local-lat|remote-lat> tcp://host:port <size> <count>};
 * with {@code PERF_WARMUP=n} in the environment, n untimed frames (round trips) come first.
 */
public final class RawTcpPerf {
    private static final int SEND_BUFFER = 64 * 1024;
    private static final int RECV_BUFFER = 256 * 1024;

    private RawTcpPerf() {
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length != 4) {
            System.err.println("usage: RawTcpPerf <local-thr|remote-thr|local-lat|remote-lat> tcp://host:port <size> <count>");
            System.exit(1);
        }
        String mode = argv[0];
        var a = PerfReport.Args.parse("raw " + mode, "count", new String[] {argv[1], argv[2], argv[3]});
        long warmup = PerfReport.warmup("raw " + mode);
        InetSocketAddress address = address(a.endpoint());
        switch (mode) {
            case "local-thr" -> {
                try (SocketChannel ch = accept(address)) {
                    localThr(ch, a.size(), a.count(), warmup);
                }
            }
            case "remote-thr" -> {
                try (SocketChannel ch = connect(address)) {
                    remoteThr(ch, a.size(), warmup + a.count());
                }
            }
            case "local-lat" -> {
                try (SocketChannel ch = accept(address)) {
                    localLat(ch, a.size(), warmup + a.count());
                }
            }
            case "remote-lat" -> {
                try (SocketChannel ch = connect(address)) {
                    remoteLat(ch, a.size(), a.count(), warmup);
                }
            }
            default -> PerfReport.fail("RawTcpPerf", "unknown mode " + mode);
        }
    }

    private static void localThr(SocketChannel ch, int size, long count, long warmup) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(RECV_BUFFER, 2 * (4 + size)));
        long total = warmup + count;
        long received = 0;
        long start = 0;
        while (received < total) {
            if (ch.read(buf) < 0) {
                throw new EOFException("peer closed after " + received + " of " + total + " frames");
            }
            buf.flip();
            while (buf.remaining() >= 4) {
                int p = buf.position();
                int len = buf.getInt(p);
                if (len != size) {
                    throw new IOException("frame of wrong size: " + len);
                }
                if (buf.remaining() < 4 + len) {
                    break;
                }
                buf.position(p + 4 + len);
                if (received++ == warmup) {
                    start = System.nanoTime();
                }
            }
            buf.compact();
        }
        PerfReport.throughput(size, count, System.nanoTime() - start);
    }

    private static void remoteThr(SocketChannel ch, int size, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(SEND_BUFFER, 4 + size));
        byte[] payload = new byte[size];
        for (long i = 0; i < count; i++) {
            if (buf.remaining() < 4 + size) {
                writeAll(ch, buf);
            }
            buf.putInt(size).put(payload);
        }
        writeAll(ch, buf);
        ch.shutdownOutput();
        // Wait for the receiver to close, so that no byte is lost to a reset.
        ch.read(ByteBuffer.allocate(1));
    }

    private static void localLat(SocketChannel ch, int size, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(4 + size);
        for (long i = 0; i < count; i++) {
            readFully(ch, buf);
            if (buf.getInt(0) != size) {
                throw new IOException("frame of wrong size: " + buf.getInt(0));
            }
            writeAll(ch, buf);
        }
    }

    private static void remoteLat(SocketChannel ch, int size, long count, long warmup) throws IOException {
        Histogram samples = PerfReport.roundTrips();
        ByteBuffer buf = ByteBuffer.allocateDirect(4 + size);
        for (long i = 0; i < warmup; i++) {
            roundTrip(ch, buf, size);
        }
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            roundTrip(ch, buf, size);
            PerfReport.record(samples, System.nanoTime() - t0);
        }
        PerfReport.latency(size, samples, System.nanoTime() - start);
    }

    /** Writes from position 0 to the buffer's position, then clears it. */
    private static void roundTrip(SocketChannel ch, ByteBuffer buf, int size) throws IOException {
        buf.clear();
        buf.putInt(size);
        buf.position(4 + size);
        writeAll(ch, buf);
        readFully(ch, buf);
        if (buf.getInt(0) != size) {
            throw new IOException("frame of wrong size: " + buf.getInt(0));
        }
    }

    private static void writeAll(SocketChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /** Reads exactly {@code buf.capacity()} bytes; leaves the position at the end. */
    private static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("peer closed");
            }
        }
    }

    private static SocketChannel accept(InetSocketAddress address) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address);
            SocketChannel ch = server.accept();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return ch;
        }
    }

    /** Connects, retrying for up to 10 s while nobody listens yet (the peers start in any order). */
    private static SocketChannel connect(InetSocketAddress address) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(address);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return ch;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static InetSocketAddress address(String endpoint) {
        if (!endpoint.startsWith("tcp://")) {
            throw new IllegalArgumentException("expected tcp://host:port, got " + endpoint);
        }
        String rest = endpoint.substring("tcp://".length());
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected tcp://host:port, got " + endpoint);
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(rest.substring(colon + 1));
        return host.equals("*") ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
