package io.monocoque.zmtp;

import java.nio.ByteBuffer;

/**
 * Incremental decoder of ZMTP frames: it takes whatever bytes have arrived and hands every
 * complete frame to a {@link FrameHandler}.
 *
 * <pre>
 * short frame:  +-------+------+----------------+
 *               | flags | size | body (size)    |     size: 1 octet, 0..255
 *               +-------+------+----------------+
 * long frame:   +-------+----------+------------+
 *               | flags | size (8) | body       |     size: 8 octets, network order, top bit 0
 *               +-------+----------+------------+
 * </pre>
 *
 * <p>Each body is copied once into an exact-size array that nobody else references, so the
 * caller's input buffer can be reused immediately. The size is checked against the maximum
 * before the body is allocated. Between calls the decoder keeps only the partial header
 * (at most 9 octets) and the partial body of the frame in progress.
 *
 * <p>Not thread-safe: one instance per connection.
 */
public final class FrameDecoder {
    /** Largest body a Java array can hold. */
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;
    /** Shared body of every empty frame: a zero-length array cannot be modified. */
    private static final byte[] EMPTY = new byte[0];

    private long maxFrameSize;

    // Header state.
    private int flags = -1;
    private int sizeBytesNeeded;
    private long size;
    // Body state: non-null while a body is being filled.
    private byte[] body;
    private int bodyFilled;

    /**
     * @param maxFrameSize the largest body accepted, or a negative number for no limit beyond what
     *                     a Java array can hold
     */
    public FrameDecoder(long maxFrameSize) {
        setMaxFrameSize(maxFrameSize);
    }

    /** Changes the limit for frames not yet started (a session tightens it during the handshake). */
    public void setMaxFrameSize(long maxFrameSize) {
        this.maxFrameSize = maxFrameSize < 0 ? ARRAY_LIMIT : Math.min(maxFrameSize, ARRAY_LIMIT);
    }

    /** The current limit on a frame body. */
    public long maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Decodes every complete frame in {@code in}, leaving its position after the last byte used.
     * Bytes of an incomplete frame are consumed into the decoder's own state.
     *
     * @return the number of frames delivered
     * @throws ZmtpProtocolException on reserved flag bits, a command with MORE, a long size with
     *                               its top bit set, or a size above the maximum
     */
    public int decode(ByteBuffer in, FrameHandler handler) {
        int frames = 0;
        while (in.hasRemaining()) {
            if (body == null) {
                if (flags < 0 && in.remaining() >= 2 && fastShortHeader(in)) {
                    // header parsed in place
                } else if (!readHeader(in)) {
                    return frames;
                }
            }
            int want = body.length - bodyFilled;
            int take = Math.min(want, in.remaining());
            in.get(body, bodyFilled, take);
            bodyFilled += take;
            if (bodyFilled < body.length) {
                return frames;
            }
            byte[] done = body;
            int doneFlags = flags;
            body = null;
            flags = -1;
            frames++;
            if (!handler.onFrame(doneFlags, done)) {
                return frames;
            }
        }
        return frames;
    }

    /** True when a frame has been started and not finished. */
    public boolean isMidFrame() {
        return flags >= 0;
    }

    private boolean fastShortHeader(ByteBuffer in) {
        int pos = in.position();
        int f = in.get(pos) & 0xFF;
        if ((f & FrameFlags.LONG) != 0) {
            return false;
        }
        checkFlags(f);
        in.position(pos + 2);
        flags = f;
        startBody(in.get(pos + 1) & 0xFF);
        return true;
    }

    private boolean readHeader(ByteBuffer in) {
        if (flags < 0) {
            int f = in.get() & 0xFF;
            checkFlags(f);
            flags = f;
            sizeBytesNeeded = (f & FrameFlags.LONG) != 0 ? 8 : 1;
            size = 0;
        }
        while (sizeBytesNeeded > 0) {
            if (!in.hasRemaining()) {
                return false;
            }
            size = (size << 8) | (in.get() & 0xFF);
            sizeBytesNeeded--;
            if (sizeBytesNeeded == 7 && (flags & FrameFlags.LONG) != 0 && size > 0x7F) {
                throw ZmtpProtocolException.malformed(
                        String.format("long frame size starts with 0x%02x: top bit set", size));
            }
        }
        startBody(size);
        return true;
    }

    private void startBody(long bodySize) {
        if (bodySize > maxFrameSize) {
            throw tooLarge(bodySize);
        }
        body = bodySize == 0 ? EMPTY : new byte[(int) bodySize];
        bodyFilled = 0;
    }

    private ZmtpProtocolException tooLarge(long bodySize) {
        return new ZmtpProtocolException(ZmtpProtocolException.Kind.MESSAGE_TOO_LARGE,
                "frame of " + bodySize + " bytes exceeds the maximum of " + maxFrameSize + " bytes");
    }

    private static void checkFlags(int f) {
        if ((f & FrameFlags.RESERVED) != 0) {
            throw ZmtpProtocolException.malformed(String.format("frame flags 0x%02x: reserved bits set", f));
        }
        if ((f & FrameFlags.COMMAND) != 0 && (f & FrameFlags.MORE) != 0) {
            throw ZmtpProtocolException.malformed(String.format("frame flags 0x%02x: command with MORE set", f));
        }
    }
}
