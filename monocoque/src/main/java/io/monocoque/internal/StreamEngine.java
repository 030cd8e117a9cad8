package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.ZmtpProtocolException;
import io.monocoque.zmtp.ZmtpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ZMTP connection on an {@link IoThread}: reads bytes into the thread's buffer and feeds them
 * to its {@link ZmtpSession}, assembles message frames into {@link Msg}s for the peer's inbound
 * {@link Pipe}, and writes the outbound pipe's messages by encoding as many as fit into the
 * thread's write buffer and writing them with one system call.
 *
 * <p>Back-pressure: when the inbound pipe is at RCVHWM the engine stops reading the channel
 * (keeping the undecoded bytes) until the socket takes a message. A partial write keeps its
 * unwritten bytes and resumes on OP_WRITE.
 *
 * <p>Write-through: a socket thread that sends on a connection that has been quiet for a while
 * ({@link #WRITE_THROUGH_IDLE_NANOS}) writes the message to the channel itself instead of waking
 * the I/O thread, which takes a thread hand-off off the round trip of request-reply traffic.
 * Within a burst the I/O thread writes, batching many messages per system call. Whoever writes
 * (socket thread or I/O thread) holds {@link #writer}, which also guards the encoder, the outbound
 * pipe's consumer side and {@link #pendingOut}; a write-through that cannot finish leaves the rest
 * to the I/O thread.
 *
 * <p>Read-through: a socket thread waiting for this connection's messages (its only peer) may
 * wait in a selector of its own on the channel and {@linkplain #readThrough() read and decode}
 * what arrives itself, which takes the I/O thread's wake-up of the socket thread off the path of
 * a reply. Whoever reads (I/O thread or socket thread) holds {@link #reader}; a read-through
 * holds {@link #writer} as well, since decoding may queue a PONG on the session's output. Bulk
 * traffic (a read of a buffer's worth or more, or large frames) is left to the I/O thread, which
 * reads it in large batches. Work that belongs to the I/O thread (a PING's heartbeat bookkeeping,
 * closing after a protocol error) is handed to it.
 *
 * <p>Every method runs on the owning I/O thread, except {@link #requestFlush()} and
 * {@link #requestResume()}, which hand work to it (or write through), and {@link #readThrough()}.
 */
final class StreamEngine extends ZmtpConnection implements IoHandler {
    private static final System.Logger LOG = System.getLogger(StreamEngine.class.getName());
    private static final int MAX_READS_PER_EVENT = 4;
    private static final int MAX_WRITES_PER_FLUSH = 16;
    /** A send on a connection quiet for this long is written by the sending thread. */
    static final long WRITE_THROUGH_IDLE_NANOS = 20_000;
    /** Messages whose frames need more than this go through the I/O thread. */
    private static final int WRITE_THROUGH_BUFFER = 8 * 1024;
    /**
     * From this many bytes per frame (read) or per message (written) on average, the connection
     * uses the I/O thread's direct buffers: one copy less per byte, for a few checked accesses
     * per frame. Below it the heap buffers' array paths are faster.
     */
    static final int LARGE_FRAME = 2048;
    /** At most this much is read through at a time: a reply, not a bulk transfer. */
    private static final int THROUGH_READ_BUFFER = 4096;
    /** Read through only when the inbound pipe has room for this many bytes' worth of messages. */
    private static final int MIN_THROUGH_READ = 256;

    private final IoThread io;
    private final SocketChannel channel;
    private final Heartbeat heartbeat;
    private final MessageEncoder.CommandOutput commands = w -> {
        session.drainOutput(w);
        return !session.hasOutput();
    };
    private SelectionKey key;
    private ByteBuffer pendingIn;
    private boolean readPaused;
    /** Recent reads averaged {@link #LARGE_FRAME} or more per frame: read into the direct buffer. */
    private boolean largeIn;
    /** Recent writes averaged {@link #LARGE_FRAME} or more per message: encode into the direct buffer. */
    private boolean largeOut;
    private ByteBuffer pendingOut;
    private boolean lingering;
    private volatile boolean closed;
    /** Held by whoever encodes and writes (the I/O thread's flush, a write-through, close), and by a read-through, which may queue a PONG on the session's output. */
    private final AtomicBoolean writer = new AtomicBoolean();
    /**
     * Held by whoever reads and decodes (the I/O thread, a socket thread's read-through, close):
     * it guards the channel's input side, the session's decoding state, the assembler, the inbound
     * pipe's producer side, {@link #pendingIn} and {@link #readPaused}.
     */
    private final AtomicBoolean reader = new AtomicBoolean();
    /** True while the I/O thread itself holds {@link #reader}. */
    private boolean ioHoldsReader;
    /** A read-through's buffer, made on first use. */
    private ByteBuffer throughReadBuffer;
    /**
     * The last read brought a buffer's worth or more: bulk traffic, which the I/O thread reads
     * best in large batches (a socket thread reading through would compete with it in small ones).
     * Under {@link #reader}.
     */
    private boolean bulkIn;
    /**
     * Set by the I/O thread once everything the handshake queued (our READY, or CURVE's INITIATE or
     * READY) is on the wire: until then a write-through could put a message ahead of it.
     */
    private volatile boolean handshakeFlushed;
    /** True while the I/O thread itself holds {@link #writer} (so close() does not wait for itself). */
    private boolean ioHoldsWriter;
    /** When bytes were last written (System.nanoTime), by either writer. */
    private volatile long lastWriteNanos;
    /** The write-through buffer, made on first use (a connection that never writes through has none). */
    private ByteBuffer throughBuffer;
    private final MessageEncoder.CommandOutput noCommands = w -> true;

    StreamEngine(IoThread io, SocketChannel channel, SocketCore socket, Options options, Connection.Owner owner,
                 String endpoint, Peer presetPeer) {
        super(socket, options, owner, presetPeer, endpoint);
        this.io = io;
        this.channel = channel;
        this.heartbeat = new Heartbeat(io, options, new Heartbeat.Link() {
            @Override
            public void sendPing(Command.Ping ping) {
                // The session's output is queued and drained holding the writer (a socket thread
                // reading through may be queueing a PONG right now).
                if (!whileWriter(() -> session.sendCommand(ping))) {
                    io.execute(() -> sendPing(ping));
                    return;
                }
                flush();
            }

            @Override
            public void expire(String reason) {
                close(reason);
            }

            @Override
            public boolean handshakeDone() {
                return session.phase() == ZmtpSession.Phase.ACTIVE;
            }
        });
    }

    /**
     * Starts the handshake. I/O thread.
     *
     * @param existing the channel's key if it is registered already (after a connect), else null
     */
    void start(SelectionKey existing) {
        if (existing != null) {
            key = existing;
            key.attach(this);
            key.interestOps(SelectionKey.OP_READ);
        } else {
            try {
                key = io.register(channel, SelectionKey.OP_READ, this);
            } catch (IOException e) {
                close("register failed: " + e.getMessage());
                return;
            }
        }
        session.start();
        heartbeat.connectionStarted();
        flush();
    }

    @Override
    public void onReady(int ops) {
        if (closed) {
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if (!closed && (ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads on OP_READ, unless a socket thread is reading through (it reads all that it can
     * take; what is left stays readable and brings the I/O thread back).
     */
    private void read() {
        if (whileReader(this::readLocked) && !closed && session.hasOutput()) {
            flush();
        }
    }

    private void readLocked() {
        for (int i = 0; i < MAX_READS_PER_EVENT && !readPaused && !closed; i++) {
            ByteBuffer buf = largeIn ? io.directReadBuffer : io.readBuffer;
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                close("read failed: " + e.getMessage());
                return;
            }
            if (n < 0) {
                close("peer closed the connection");
                return;
            }
            if (n == 0) {
                break;
            }
            heartbeat.received();
            bulkIn = n >= THROUGH_READ_BUFFER;
            buf.flip();
            long framesBefore = framesIn;
            if (!decode(buf)) {
                return;
            }
            largeIn = isLarge(n - buf.remaining(), framesIn - framesBefore, largeIn);
            if (buf.hasRemaining()) {
                keepUndecoded(buf); // paused by back-pressure
                break;
            }
            if (n < buf.capacity()) {
                break;
            }
        }
    }

    @Override
    public java.nio.channels.SelectableChannel readThroughChannel() {
        return channel;
    }

    @Override
    public ReadThrough readThrough() {
        if (!reader.compareAndSet(false, true)) {
            return ReadThrough.UNAVAILABLE;
        }
        // The writer too: decoding may queue a command (PONG) on the session's output, which only
        // a holder of the writer touches.
        if (!writer.compareAndSet(false, true)) {
            reader.set(false);
            return ReadThrough.UNAVAILABLE;
        }
        try {
            Peer p = peer;
            if (closed || readPaused || pendingIn != null || bulkIn || largeIn || p == null
                    || session.phase() != ZmtpSession.Phase.ACTIVE) {
                return ReadThrough.UNAVAILABLE;
            }
            long hwm = p.in.hwm();
            // Every message takes at least two bytes, so what fits here cannot overfill the pipe.
            long room = hwm == 0 ? Long.MAX_VALUE : 2 * (hwm - p.in.size());
            int cap = (int) Math.min(THROUGH_READ_BUFFER, room);
            if (cap < MIN_THROUGH_READ) {
                return ReadThrough.UNAVAILABLE;
            }
            ByteBuffer buf = throughReadBuffer;
            if (buf == null) {
                buf = ByteBuffer.allocate(THROUGH_READ_BUFFER);
                throughReadBuffer = buf;
            }
            buf.clear().limit(cap);
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                return ReadThrough.UNAVAILABLE; // the I/O thread meets the same error and closes
            }
            if (n < 0) {
                return ReadThrough.UNAVAILABLE; // the I/O thread sees the end too and closes
            }
            if (n == 0) {
                return ReadThrough.NOTHING;
            }
            bulkIn = n == cap; // filled: more is probably waiting; leave it to the I/O thread
            heartbeat.received();
            buf.flip();
            if (decode(buf) && buf.hasRemaining()) {
                keepUndecoded(buf); // paused after all (cannot happen while the room check holds)
            }
            return ReadThrough.READ;
        } finally {
            writer.set(false);
            reader.set(false);
        }
    }

    /** Keeps what a paused decode left of the (shared) read buffer until {@link #resume()}. Under {@link #reader}. */
    private void keepUndecoded(ByteBuffer buf) {
        pendingIn = ByteBuffer.allocate(buf.remaining());
        pendingIn.put(buf).flip();
    }

    /** Whether {@code bytes} in {@code units} frames or messages is large; in none (part of one): large if that part is. */
    private static boolean isLarge(int bytes, long units, boolean before) {
        return units == 0 ? before || bytes >= LARGE_FRAME : bytes / units >= LARGE_FRAME;
    }

    /**
     * Feeds bytes to the session; false when the connection was closed. What one call delivers is
     * one batch of the inbound pipe: the socket is woken once for it, not per message.
     */
    private boolean decode(ByteBuffer buf) {
        Peer p = peer;
        Pipe in = p == null ? null : p.in;
        if (in != null) {
            in.beginBatch();
        }
        try {
            session.receive(buf);
            return true;
        } catch (ZmtpProtocolException e) {
            onIoThread(() -> {
                flushQuietly();
                reportProtocolError(e);
                close("protocol error: " + e.getMessage());
            });
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection " + endpoint + " failed", e);
            onIoThread(() -> close("internal error: " + e));
            return false;
        } finally {
            if (in != null) {
                in.endBatch();
            }
        }
    }

    @Override
    protected void handshakeCompleted() {
        heartbeat.handshakeCompleted();
        io.scheduleFlush(this);
    }

    @Override
    protected void peerPinged(Command.Ping ping) {
        onIoThread(() -> heartbeat.peerPing(ping));
    }

    /** Runs {@code action} now on the I/O thread, or hands it there from a socket thread reading through. */
    private void onIoThread(Runnable action) {
        if (io.inThread()) {
            action.run();
        } else {
            io.execute(action);
        }
    }

    @Override
    protected void outputPending() {
        io.scheduleFlush(this);
    }

    @Override
    protected void inboundFull() {
        readPaused = true;
        onIoThread(() -> {
            if (readPaused && key != null && key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            }
        });
    }

    /** The socket took a message from a full inbound pipe. Any thread. */
    @Override
    public void requestResume() {
        io.execute(this::resume);
    }

    private void resume() {
        if (!whileReader(this::resumeLocked)) {
            io.execute(this::resume); // a read-through is finishing; come back right after
            return;
        }
        if (!closed && session.hasOutput()) {
            flush();
        }
    }

    /**
     * Runs {@code action} on the I/O thread holding {@link #reader}.
     *
     * @return false when a socket thread holds it (nothing was run)
     */
    private boolean whileReader(Runnable action) {
        if (ioHoldsReader) {
            action.run();
            return true;
        }
        if (!reader.compareAndSet(false, true)) {
            return false;
        }
        ioHoldsReader = true;
        try {
            action.run();
            return true;
        } finally {
            ioHoldsReader = false;
            reader.set(false);
        }
    }

    private void resumeLocked() {
        if (closed || !readPaused) {
            return;
        }
        if (!retryStalled()) {
            return; // still full; the socket will call again
        }
        readPaused = false;
        if (pendingIn != null) {
            ByteBuffer p = pendingIn;
            pendingIn = null;
            if (!decode(p)) {
                return;
            }
            if (p.hasRemaining()) {
                pendingIn = p.slice();
                return; // paused again
            }
        }
        if (key != null && key.isValid()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
        readLocked(); // bytes may be waiting already
    }

    // ---------------------------------------------------------------- writing

    /**
     * The outbound pipe got data (it was armed, so the I/O thread is not writing): writes it now
     * when the connection has been quiet and the sender is not the I/O thread, else asks the I/O
     * thread. Any thread.
     */
    @Override
    public void requestFlush() {
        if (io.inThread() || System.nanoTime() - lastWriteNanos < WRITE_THROUGH_IDLE_NANOS || !writeThrough()) {
            io.scheduleFlush(this);
        }
    }

    /**
     * Encodes and writes what the outbound pipe holds on the calling thread, when it fits the
     * write-through buffer and nobody else is writing.
     *
     * @return false when the I/O thread must take over (busy, handshake not done, large message,
     *         partial write, error)
     */
    private boolean writeThrough() {
        if (!writer.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (closed || !handshakeFlushed || pendingOut != null || encoder.isMidMessage()) {
                return false;
            }
            ByteBuffer w = throughBuffer;
            if (w == null) {
                w = ByteBuffer.allocate(WRITE_THROUGH_BUFFER);
                throughBuffer = w;
            }
            w.clear();
            encoder.encode(peer.out, w, noCommands); // commands stay queued for the I/O thread
            w.flip();
            if (w.hasRemaining() && !write(w)) {
                return false;
            }
            return !encoder.isMidMessage() && !peer.out.armForData();
        } catch (IOException e) {
            return false; // the I/O thread's flush meets the same error and closes
        } finally {
            writer.set(false);
        }
    }

    /** Writes what is queued, as long as the channel takes it. I/O thread. */
    void flush() {
        if (closed) {
            return;
        }
        if (!whileWriter(this::flushLocked)) {
            io.scheduleFlush(this); // a socket thread is writing through; come back right after
        }
    }

    /**
     * Runs {@code write} on the I/O thread holding {@link #writer}.
     *
     * @return false when a socket thread holds it (nothing was run)
     */
    private boolean whileWriter(Runnable write) {
        if (!writer.compareAndSet(false, true)) {
            return false;
        }
        ioHoldsWriter = true;
        try {
            write.run();
            return true;
        } finally {
            ioHoldsWriter = false;
            writer.set(false);
        }
    }

    /**
     * Writes {@code w}; what the channel does not take is kept in {@link #pendingOut}. Under
     * {@link #writer}.
     *
     * @return false when part of it was kept
     */
    private boolean write(ByteBuffer w) throws IOException {
        channel.write(w);
        lastWriteNanos = System.nanoTime();
        if (!w.hasRemaining()) {
            return true;
        }
        pendingOut = ByteBuffer.allocate(w.remaining());
        pendingOut.put(w).flip();
        return false;
    }

    private void flushLocked() {
        try {
            if (pendingOut != null) {
                channel.write(pendingOut);
                if (pendingOut.hasRemaining()) {
                    wantWrite(true);
                    return;
                }
                pendingOut = null;
            }
            for (int round = 0; round < MAX_WRITES_PER_FLUSH; round++) {
                ByteBuffer w = largeOut ? io.directWriteBuffer : io.writeBuffer;
                w.clear();
                if (peer != null && session.phase() == ZmtpSession.Phase.ACTIVE) {
                    long started = encoder.messagesStarted();
                    encoder.encode(peer.out, w, commands);
                    largeOut = isLarge(w.position(), encoder.messagesStarted() - started, largeOut);
                } else {
                    session.drainOutput(w);
                }
                w.flip();
                if (!w.hasRemaining()) {
                    break;
                }
                if (!write(w)) {
                    wantWrite(true);
                    return;
                }
                if (round == MAX_WRITES_PER_FLUSH - 1) {
                    io.scheduleFlush(this); // be fair to other connections
                    return;
                }
            }
            wantWrite(false);
            if (peer == null || session.phase() != ZmtpSession.Phase.ACTIVE) {
                return;
            }
            if (!session.hasOutput()) {
                handshakeFlushed = true; // everything queued before the first message is written
            }
            if (!encoder.isMidMessage()) {
                if (peer.out.armForData()) {
                    io.scheduleFlush(this); // data raced in while we were arming
                } else if (lingering) {
                    close("linger complete");
                }
            }
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        }
    }

    private void wantWrite(boolean on) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int want = on ? ops | SelectionKey.OP_WRITE : ops & ~SelectionKey.OP_WRITE;
        if (want != ops) {
            key.interestOps(want);
        }
    }

    private void flushQuietly() {
        // Best effort: send an ERROR command the session queued before a protocol failure.
        if (!session.hasOutput() || closed) {
            return;
        }
        whileWriter(this::writeSessionOutput); // if a socket thread is writing, the ERROR is not worth interleaving bytes
    }

    private void writeSessionOutput() {
        ByteBuffer w = io.writeBuffer;
        w.clear();
        session.drainOutput(w);
        w.flip();
        try {
            channel.write(w);
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---------------------------------------------------------------- closing

    /** Flushes what is queued and then closes; closes at once when nothing is queued. */
    @Override
    public void linger() {
        lingering = true;
        if (closed) {
            return;
        }
        if (peer == null && presetPeer == null) {
            close("socket closed");
            return;
        }
        if (session.phase() != ZmtpSession.Phase.ACTIVE) {
            return; // flushes, then closes, once the handshake completes
        }
        flush();
    }

    /** Closes the connection now. I/O thread. */
    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        // Holding both sides (or waiting for a socket thread's non-blocking write- or read-through
        // to end), so that neither can start after this: each checks closed first.
        boolean takeWriter = !ioHoldsWriter;
        boolean takeReader = !ioHoldsReader;
        while (takeWriter && !writer.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        while (takeReader && !reader.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        closed = true;
        if (takeReader) {
            reader.set(false);
        }
        if (takeWriter) {
            writer.set(false);
        }
        heartbeat.stop();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        socket.readThroughChannelClosed();
        resetTraffic();
        pendingOut = null;
        pendingIn = null;
        if (peer != null) {
            peer.engineGone(this);
        }
        reportClosed(reason, lingering);
        owner.connectionClosed(this, reason);
    }

    @Override
    protected String peerAddress() {
        return addressOf(channel);
    }
}
