package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.zmtp.FrameEncoder;
import io.monocoque.zmtp.FrameFlags;
import io.monocoque.zmtp.MessageCipher;
import java.nio.ByteBuffer;

/**
 * Streams whole messages from an outbound {@link Pipe} into a write buffer as ZMTP frames,
 * copying each payload once. A message that does not fit is continued on the next call, so the
 * buffer is always filled; the pipe hands out whole messages, so atomicity is kept.
 * Subscription messages of SUB/XSUB sockets become SUBSCRIBE/CANCEL commands for ZMTP 3.1 peers
 * ({@link PubSubWire}).
 *
 * <p>Commands the session queued (PING, PONG) are written between messages, never inside one:
 * before each new message the encoder drains them through its {@link CommandOutput}. With a
 * {@link MessageCipher} (CURVE) each frame is sealed, just before it is written, into a scratch
 * array kept by the encoder; since commands are sealed when drained, the order of the nonces is
 * the order of the bytes on the wire.
 *
 * <p>Not thread-safe: one per connection, used by the thread that writes it.
 */
public final class MessageEncoder {
    /** Largest scratch array kept between frames; bigger sealed frames get a one-off array. */
    private static final int MAX_KEPT_SCRATCH = 64 * 1024;

    /** Where the session's queued commands go. */
    @FunctionalInterface
    public interface CommandOutput {
        /** Writes queued commands into {@code w}; true when none is left. */
        boolean drainTo(ByteBuffer w);
    }

    private final MsgAccess access = MsgAccess.get();
    private Msg encoding;
    private int frame;
    private int offset;
    private boolean headerDone;
    private boolean subscriptionCommands;
    private MessageCipher cipher;
    private byte[] scratch = new byte[0];
    private byte[] sealed;
    private int sealedLength;
    /** Messages started so far (the engine sizes its writes by bytes per message). */
    private long messagesStarted;

    /** Send subscription messages as commands (SUB/XSUB talking to a ZMTP 3.1 peer). */
    void subscriptionCommands(boolean on) {
        this.subscriptionCommands = on;
    }

    /** Seal every frame with {@code cipher} (null: frames travel in clear). */
    void cipher(MessageCipher cipher) {
        this.cipher = cipher;
    }

    /** Messages (and subscription commands) started since this encoder was made. */
    long messagesStarted() {
        return messagesStarted;
    }

    /** True while a message has been started and not finished. */
    boolean isMidMessage() {
        return encoding != null;
    }

    /** Forgets a half-written message (its connection is gone). */
    void reset() {
        encoding = null;
        sealed = null;
    }

    /**
     * Encodes queued commands and messages from {@code out} into {@code w} until {@code w} is full
     * or both are empty.
     */
    public void encode(Pipe out, ByteBuffer w, CommandOutput commands) {
        while (true) {
            if (encoding == null) {
                if (!commands.drainTo(w)) {
                    return; // w is full; the rest of the commands go first next time
                }
                Msg m = out.poll();
                if (m == null) {
                    return;
                }
                boolean asCommand = subscriptionCommands && PubSubWire.isSubscription(m);
                if (asCommand && cipher == null) {
                    if (w.remaining() < PubSubWire.commandSize(m)) {
                        start(m, -1); // retried whole on the next call
                        return;
                    }
                    PubSubWire.writeCommand(w, m);
                    continue;
                }
                start(m, asCommand ? -1 : 0);
            } else if (frame < 0 && cipher == null) {
                if (w.remaining() < PubSubWire.commandSize(encoding)) {
                    return;
                }
                PubSubWire.writeCommand(w, encoding);
                encoding = null;
                continue;
            }
            if (!(cipher == null ? continueMessage(w) : continueSealed(w))) {
                return;
            }
            encoding = null;
        }
    }

    /** @param firstFrame 0, or -1 for a subscription sent as a command */
    private void start(Msg m, int firstFrame) {
        messagesStarted++;
        encoding = m;
        frame = firstFrame;
        offset = 0;
        headerDone = false;
    }

    /** Writes as much of the current message as fits; true when it is complete. */
    private boolean continueMessage(ByteBuffer w) {
        Msg m = encoding;
        int count = m.size();
        while (frame < count) {
            byte[] body = access.frame(m, frame);
            if (!headerDone) {
                if (w.remaining() < FrameEncoder.MAX_HEADER) {
                    return false;
                }
                FrameEncoder.writeHeader(w, frame < count - 1 ? FrameFlags.MORE : 0, body.length);
                headerDone = true;
            }
            int n = Math.min(body.length - offset, w.remaining());
            w.put(body, offset, n);
            offset += n;
            if (offset < body.length) {
                return false;
            }
            frame++;
            offset = 0;
            headerDone = false;
        }
        return true;
    }

    /**
     * As {@link #continueMessage}, sealing each frame (frame -1: the subscription command) when
     * the buffer has room to start writing it.
     */
    private boolean continueSealed(ByteBuffer w) {
        Msg m = encoding;
        int count = m.size();
        int last = frame < 0 ? -1 : count - 1;
        while (frame <= last) {
            if (!headerDone) {
                if (!w.hasRemaining()) {
                    return false;
                }
                if (frame < 0) {
                    seal(MessageCipher.COMMAND, PubSubWire.commandBody(m));
                } else {
                    seal(frame < last ? MessageCipher.MORE : 0, access.frame(m, frame));
                }
                headerDone = true;
            }
            int n = Math.min(sealedLength - offset, w.remaining());
            w.put(sealed, offset, n);
            offset += n;
            if (offset < sealedLength) {
                return false;
            }
            frame++;
            offset = 0;
            headerDone = false;
        }
        sealed = null;
        return true;
    }

    private void seal(int flags, byte[] payload) {
        int bodySize = payload.length + cipher.overhead();
        int header = FrameEncoder.headerSize(bodySize);
        int size = header + bodySize;
        byte[] dst = scratch;
        if (dst.length < size) {
            dst = new byte[Math.max(size, Math.min(2 * scratch.length, MAX_KEPT_SCRATCH))];
            if (dst.length <= MAX_KEPT_SCRATCH) {
                scratch = dst;
            }
        }
        ByteBuffer h = ByteBuffer.wrap(dst, 0, header);
        FrameEncoder.writeHeader(h, 0, bodySize); // libzmq sends MESSAGE with frame flags 0
        cipher.seal(flags, payload, 0, payload.length, dst, header);
        sealed = dst;
        sealedLength = size;
    }
}
