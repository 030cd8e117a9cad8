package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.SocketOption;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.NullMechanism;
import io.monocoque.zmtp.PeerInfo;
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
final class VirtualThreadEngine implements Connection, ZmtpSession.Listener {
    private final IoThread io;
    private final SocketChannel channel;
    private final SelectionKey registeredKey;
    private final SocketCore socket;
    private final Options options;
    private final Connection.Owner owner;
    private final Peer presetPeer;
    private final ZmtpSession session;
    private final ReentrantLock sessionLock = new ReentrantLock();
    private final MessageAssembler assembler = new MessageAssembler();
    private final MessageEncoder encoder = new MessageEncoder();
    private volatile Peer peer;
    private volatile Thread reader;
    private volatile Thread writer;
    private volatile boolean closed;
    private volatile boolean lingering;
    private volatile boolean readPaused;
    private boolean closeReported;

    VirtualThreadEngine(IoThread io, SocketChannel channel, SelectionKey registeredKey, SocketCore socket, Options options,
                        Connection.Owner owner, String endpoint, Peer presetPeer) {
        this.io = io;
        this.channel = channel;
        this.registeredKey = registeredKey;
        this.socket = socket;
        this.options = options;
        this.owner = owner;
        this.presetPeer = presetPeer;
        this.session = new ZmtpSession(new ZmtpSession.Config(socket.wireType(), options.get(SocketOption.ROUTING_ID),
                new NullMechanism(), options.getLong(SocketOption.MAXMSGSIZE)), this);
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
                        retryStalled();
                    }
                }
            }
        } catch (ZmtpProtocolException e) {
            LockSupport.unpark(writer);
            fail("protocol error: " + e.getMessage());
        } catch (IOException e) {
            fail("read failed: " + e.getMessage());
        }
    }

    private Msg stalled;

    private void retryStalled() {
        Msg m = stalled;
        if (m != null) {
            if (peer.in.offerOrArm(m)) {
                stalled = null;
                readPaused = false;
            }
        } else {
            readPaused = false;
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
                sessionLock.lock();
                try {
                    session.drainOutput(w);
                } finally {
                    sessionLock.unlock();
                }
                Peer p = peer;
                boolean active = p != null && session.phase() == ZmtpSession.Phase.ACTIVE;
                if (active) {
                    encoder.encode(p.out, w);
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

    @Override
    public void onHandshakeComplete(PeerInfo info) {
        encoder.subscriptionCommands(PubSubWire.sendsSubscriptions(socket.type()) && info.isZmtp31());
        peer = Peer.forHandshake(presetPeer, socket, options, info, this);
        LockSupport.unpark(writer);
    }

    @Override
    public boolean onMessageFrame(int flags, byte[] body) {
        Msg msg = assembler.add(flags, body);
        return msg == null || deliver(msg);
    }

    private boolean deliver(Msg msg) {
        if (peer.in.offerOrArm(msg)) {
            return true;
        }
        stalled = msg;
        readPaused = true;
        return false;
    }

    @Override
    public boolean onCommand(Command command) {
        LockSupport.unpark(writer);
        Msg subscription = PubSubWire.toMessage(socket.type(), command);
        return subscription == null || deliver(subscription);
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
        owner.connectionClosed(this, reason);
    }
}
