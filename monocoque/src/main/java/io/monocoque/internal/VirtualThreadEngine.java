package io.monocoque.internal;

import io.monocoque.zmtp.ZmtpProtocolException;
import io.monocoque.zmtp.ZmtpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Experimental engine: one connection driven by two virtual threads doing blocking I/O, a reader
 * (read → decode → inbound pipe) and a writer (outbound pipe → encode → write). It exists to be
 * measured against the selector engine; see docs/PERFORMANCE.md for why the selector engine is
 * the default. Each connection owns 64 KiB read and write buffers, unlike the selector engine.
 *
 * <p>The session is shared by both threads under {@link #sessionLock}. Lifecycle events are
 * handed to the I/O thread, which owns the endpoint bookkeeping.
 */
final class VirtualThreadEngine extends ZmtpConnection {
    private final IoThread io;
    private final SocketChannel channel;
    private final SelectionKey registeredKey;
    private final ReentrantLock sessionLock = new ReentrantLock();
    private volatile Thread reader;
    private volatile Thread writer;
    private volatile boolean closed;
    private volatile boolean lingering;
    private volatile boolean readPaused;
    private boolean closeReported;

    VirtualThreadEngine(IoThread io, SocketChannel channel, SelectionKey registeredKey, SocketCore socket, Options options,
                        Connection.Owner owner, String endpoint, Peer presetPeer) {
        super(socket, options, owner, presetPeer, endpoint);
        this.io = io;
        this.channel = channel;
        this.registeredKey = registeredKey;
    }

    void start() {
        if (registeredKey != null) {
            registeredKey.cancel();
        }
        session.start();
        reader = Thread.ofVirtual().name("monocoque-vt-reader").unstarted(this::readLoop);
        writer = Thread.ofVirtual().name("monocoque-vt-writer").unstarted(this::writeLoop);
        reader.start();
        writer.start();
    }

    private void makeBlocking() throws IOException {
        // A channel that was registered for OP_CONNECT is deregistered at the selector's next select.
        while (true) {
            try {
                channel.configureBlocking(true);
                return;
            } catch (IllegalBlockingModeException e) {
                io.execute(() -> { });
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(IoThread.BUFFER_SIZE);
        try {
            makeBlocking();
            LockSupport.unpark(writer);
            while (!closed) {
                buf.clear();
                if (channel.read(buf) < 0) {
                    fail("peer closed the connection");
                    return;
                }
                buf.flip();
                while (buf.hasRemaining() && !closed) {
                    sessionLock.lock();
                    try {
                        session.receive(buf);
                    } finally {
                        sessionLock.unlock();
                    }
                    if (session.hasOutput()) {
                        LockSupport.unpark(writer);
                    }
                    while (readPaused && !closed) {
                        LockSupport.park(this);
                        if (retryStalled()) {
                            readPaused = false;
                        }
                    }
                }
            }
        } catch (ZmtpProtocolException e) {
            io.execute(() -> reportProtocolError(e));
            LockSupport.unpark(writer);
            fail("protocol error: " + e.getMessage());
        } catch (IOException e) {
            fail("read failed: " + e.getMessage());
        }
    }

    private void writeLoop() {
        ByteBuffer w = ByteBuffer.allocateDirect(IoThread.BUFFER_SIZE);
        try {
            while (!channel.isBlocking() && !closed) {
                LockSupport.park(this);
            }
            while (!closed) {
                w.clear();
                Peer p = peer;
                boolean active = p != null && session.phase() == ZmtpSession.Phase.ACTIVE;
                if (active) {
                    encoder.encode(p.out, w, this::drainCommands);
                } else {
                    drainCommands(w);
                }
                w.flip();
                if (w.hasRemaining()) {
                    while (w.hasRemaining()) {
                        channel.write(w);
                    }
                    continue;
                }
                if (active && !encoder.isMidMessage()) {
                    if (p.out.armForData()) {
                        continue;
                    }
                    if (lingering) {
                        io.execute(() -> close("linger complete"));
                        return;
                    }
                }
                LockSupport.park(this);
            }
        } catch (IOException e) {
            fail("write failed: " + e.getMessage());
        }
    }

    /** Drains the session's queued bytes under the session lock (the reader queues PONGs); true when none is left. */
    private boolean drainCommands(ByteBuffer w) {
        sessionLock.lock();
        try {
            session.drainOutput(w);
            return !session.hasOutput();
        } finally {
            sessionLock.unlock();
        }
    }

    @Override
    protected void handshakeCompleted() {
        LockSupport.unpark(writer);
    }

    @Override
    protected void inboundFull() {
        readPaused = true;
    }

    @Override
    protected void outputPending() {
        LockSupport.unpark(writer);
    }

    @Override
    public void requestFlush() {
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public void requestResume() {
        Thread r = reader;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    @Override
    public void linger() {
        lingering = true;
        if (peer == null && presetPeer == null) {
            close("socket closed");
            return;
        }
        LockSupport.unpark(writer);
    }

    private void fail(String reason) {
        if (!closed) {
            io.execute(() -> close(reason));
        }
    }

    @Override
    public void close(String reason) {
        if (closeReported) {
            return;
        }
        closeReported = true;
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        LockSupport.unpark(reader);
        LockSupport.unpark(writer);
        Peer p = peer;
        if (p != null) {
            p.engineGone(this);
        }
        reportClosed(reason, lingering);
        owner.connectionClosed(this, reason);
    }

    @Override
    protected String peerAddress() {
        return addressOf(channel);
    }
}
