package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.zmtp.FrameEncoder;
import io.monocoque.zmtp.FrameFlags;
import java.nio.ByteBuffer;

/**
 * Streams whole messages from an outbound {@link Pipe} into a write buffer as ZMTP frames,
 * copying each payload once. A message that does not fit is continued on the next call, so the
 * buffer is always filled; the pipe hands out whole messages, so atomicity is kept.
 * Subscription messages of SUB/XSUB sockets become SUBSCRIBE/CANCEL commands for ZMTP 3.1 peers
 * ({@link PubSubWire}).
 *
 * <p>Not thread-safe: one per connection, used by the thread that writes it.
 */
final class MessageEncoder {
    private final MsgAccess access = MsgAccess.get();
    private Msg encoding;
    private int frame;
    private int offset;
    private boolean headerDone;
    private boolean subscriptionCommands;

    /** Send subscription messages as commands (SUB/XSUB talking to a ZMTP 3.1 peer). */
    void subscriptionCommands(boolean on) {
        this.subscriptionCommands = on;
    }

    /** True while a message has been started and not finished. */
    boolean isMidMessage() {
        return encoding != null;
    }

    /** Forgets a half-written message (its connection is gone). */
    void reset() {
        encoding = null;
    }

    /** Encodes messages from {@code out} into {@code w} until {@code w} is full or {@code out} is empty. */
    void encode(Pipe out, ByteBuffer w) {
        while (true) {
            if (encoding == null) {
                Msg m = out.poll();
                if (m == null) {
                    return;
                }
                if (subscriptionCommands && PubSubWire.isSubscription(m)) {
                    if (w.remaining() < PubSubWire.commandSize(m)) {
                        encoding = m; // retried whole on the next call
                        frame = -1;
                        return;
                    }
                    PubSubWire.writeCommand(w, m);
                    continue;
                }
                start(m);
            } else if (frame < 0) {
                if (w.remaining() < PubSubWire.commandSize(encoding)) {
                    return;
                }
                PubSubWire.writeCommand(w, encoding);
                encoding = null;
                continue;
            }
            if (!continueMessage(w)) {
                return;
            }
            encoding = null;
        }
    }

    private void start(Msg m) {
        encoding = m;
        frame = 0;
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
}
