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
            if (body == null && flags < 0) {
                // Fast path: whole frames lying in the buffer (short ones; long ones too in a heap
                // buffer), without the incremental header state.
                int done = decodeWholeFrames(in, handler);
                frames += done < 0 ? -done : done;
                if (done < 0 || !in.hasRemaining()) {
                    return frames; // paused by the handler, or all consumed
                }
            }
            if (body == null && !readHeader(in)) {
                return frames;
            }
            int want = body.length - bodyFilled;
            int take = Math.min(want, in.remaining());
            in.get(body, bodyFilled, take);
            bodyFilled += take;
            if (bodyFilled < body.length) {
                return frames;
            }
            byte[] complete = body;
            int completeFlags = flags;
            body = null;
            flags = -1;
            frames++;
            if (!handler.onFrame(completeFlags, complete)) {
                return frames;
            }
        }
        return frames;
    }

    /**
     * Delivers every complete frame at the start of {@code in}: from a heap buffer's array short
     * and long frames, from a direct buffer short frames only (read with absolute gets).
     *
     * @return the number delivered, negated when the handler asked to stop
     */
    private int decodeWholeFrames(ByteBuffer in, FrameHandler handler) {
        if (in.hasArray()) {
            return decodeWholeFrames(in, in.array(), in.arrayOffset(), handler);
        }
        int pos = in.position();
        int limit = in.limit();
        int delivered = 0;
        while (limit - pos >= 2) {
            int f = in.get(pos) & 0xFF;
            if ((f & FrameFlags.LONG) != 0) {
                break;
            }
            int size = in.get(pos + 1) & 0xFF;
            if (limit - pos - 2 < size) {
                break;
            }
            checkFlags(f);
            if (size > maxFrameSize) {
                in.position(pos);
                throw tooLarge(size);
            }
            byte[] b = size == 0 ? EMPTY : new byte[size];
            in.get(pos + 2, b, 0, size);
            pos += 2 + size;
            in.position(pos);
            delivered++;
            if (!handler.onFrame(f, b)) {
                return -delivered;
            }
        }
        return delivered;
    }

    /**
     * As {@link #decodeWholeFrames(ByteBuffer, FrameHandler)} for a heap buffer, long frames
     * included: plain array reads and {@code System.arraycopy}, without a buffer's per-access
     * bounds and scope checks. Frames that are not wholly in the buffer are left to the
     * incremental path.
     */
    private int decodeWholeFrames(ByteBuffer in, byte[] a, int base, FrameHandler handler) {
        int pos = base + in.position();
        int limit = base + in.limit();
        int delivered = 0;
        while (limit - pos >= 2) {
            int f = a[pos] & 0xFF;
            int header;
            long size;
            if ((f & FrameFlags.LONG) == 0) {
                header = 2;
                size = a[pos + 1] & 0xFF;
            } else {
                if (limit - pos < 9) {
                    break;
                }
                header = 9;
                size = longAt(a, pos + 1);
                if (size < 0) {
                    break; // top bit set: the incremental path reports it
                }
            }
            if (limit - pos - header < size) {
                break; // not all here: the incremental path takes it (and refuses it if too large)
            }
            checkFlags(f);
            if (size > maxFrameSize) {
                in.position(pos - base);
                throw tooLarge(size);
            }
            int n = (int) size;
            byte[] b = n == 0 ? EMPTY : new byte[n];
            System.arraycopy(a, pos + header, b, 0, n);
            pos += header + n;
            in.position(pos - base); // the handler sees the buffer after this frame, as on the other path
            delivered++;
            if (!handler.onFrame(f, b)) {
                return -delivered;
            }
        }
        return delivered;
    }

    private static long longAt(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[off + i] & 0xFF);
        }
        return v;
    }

    /** True when a frame has been started and not finished. */
    public boolean isMidFrame() {
        return flags >= 0;
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
