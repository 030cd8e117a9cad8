package io.monocoque.zmtp;

/**
 * The flags octet that starts every ZMTP frame.
 *
 * <pre>
 *   7 6 5 4 3   2   1   0
 * +-----------+---+---+---+
 * | reserved  | C | L | M |    C = COMMAND, L = LONG (8-octet size), M = MORE
 * +-----------+---+---+---+
 * </pre>
 *
 * Reserved bits must be zero; MORE must be zero on a command.
 */
public final class FrameFlags {
    /** More frames of this message follow. */
    public static final int MORE = 0x01;
    /** The size field is 8 octets (network order) instead of 1. */
    public static final int LONG = 0x02;
    /** The frame is a command, not a message frame. */
    public static final int COMMAND = 0x04;
    /** Bits that must be zero. */
    public static final int RESERVED = 0xF8;

    private FrameFlags() {
    }

    public static boolean isMore(int flags) {
        return (flags & MORE) != 0;
    }

    public static boolean isCommand(int flags) {
        return (flags & COMMAND) != 0;
    }
}
