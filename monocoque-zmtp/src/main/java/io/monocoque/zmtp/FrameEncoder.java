package io.monocoque.zmtp;

import java.nio.ByteBuffer;

/**
 * Writes ZMTP frame headers and frames (layout in {@link FrameDecoder}). A body of up to 255
 * octets gets a short header (2 octets), anything longer a long header (9 octets).
 * Stateless; safe from any thread.
 */
public final class FrameEncoder {
    /** Largest body that fits a short frame. */
    public static final int SHORT_MAX = 255;
    /** Largest frame header. */
    public static final int MAX_HEADER = 9;

    private FrameEncoder() {
    }

    /** Size of the header for a body of {@code bodySize} octets. */
    public static int headerSize(long bodySize) {
        return bodySize <= SHORT_MAX ? 2 : 9;
    }

    /** Total encoded size of a frame with a body of {@code bodySize} octets. */
    public static long frameSize(long bodySize) {
        return headerSize(bodySize) + bodySize;
    }

    /**
     * Writes the header of a frame.
     *
     * @param flags MORE and/or COMMAND; LONG is added here when the size needs it
     */
    public static void writeHeader(ByteBuffer dst, int flags, long bodySize) {
        if (bodySize <= SHORT_MAX) {
            dst.put((byte) (flags & ~FrameFlags.LONG));
            dst.put((byte) bodySize);
        } else {
            dst.put((byte) (flags | FrameFlags.LONG));
            dst.putLong(bodySize);
        }
    }

    /** Writes a whole frame; {@code dst} must have {@link #frameSize} bytes remaining. */
    public static void writeFrame(ByteBuffer dst, int flags, byte[] body) {
        writeHeader(dst, flags, body.length);
        dst.put(body);
    }

    /** A whole frame as a fresh array (for commands and tests; not for the hot path). */
    public static byte[] frame(int flags, byte[] body) {
        ByteBuffer buf = ByteBuffer.allocate((int) frameSize(body.length));
        writeFrame(buf, flags, body);
        return buf.array();
    }
}
