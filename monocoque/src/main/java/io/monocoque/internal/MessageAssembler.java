package io.monocoque.internal;

import io.monocoque.Msg;
import io.monocoque.zmtp.FrameFlags;
import java.util.ArrayList;

/**
 * Collects decoded message frames until the last one (MORE clear) and returns the whole
 * {@link Msg}, adopting the decoder's exact-size arrays without copying. A single-frame message
 * costs its frame and the {@code Msg}, nothing else.
 *
 * <p>Not thread-safe: one per connection.
 */
final class MessageAssembler {
    private final ArrayList<byte[]> frames = new ArrayList<>(4);
    private final MsgAccess access = MsgAccess.get();
    private java.util.Map<String, String> properties;

    /** The connection's properties, attached to every message it delivers. */
    void properties(java.util.Map<String, String> props) {
        this.properties = props;
    }

    /** Adds a frame; returns the message when this frame completes it, else null. */
    Msg add(int flags, byte[] body) {
        if (FrameFlags.isMore(flags)) {
            frames.add(body);
            return null;
        }
        if (frames.isEmpty()) {
            return access.adopt(body, properties);
        }
        frames.add(body);
        Msg m = access.adopt(frames.toArray(new byte[0][]), properties);
        frames.clear();
        return m;
    }

    /** Drops a partial message (its connection is gone: never deliver half a message). */
    void reset() {
        frames.clear();
    }
}
