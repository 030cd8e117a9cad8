package io.monocoque.interop;

import io.monocoque.Msg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of every interop conversation, in order. peer.py's {@code script()} makes the same
 * ones; change both together.
 *
 * <pre>
 *  index      frames
 *  0          "frame-a" "frame-b" "frame-c"       multipart
 *  1          1 MiB, byte j = (31 j + 7) mod 256   large
 *  2          "head" "" "tail"                     an empty frame inside
 *  3          ""                                   one empty frame
 *  4 .. n+3   "seq-0" .. "seq-(n-1)"               order and count
 * </pre>
 *
 * Before the script, the side that speaks first sends a <em>probe</em>: a message whose last frame
 * is {@code __probe__}. Echoing peers echo probes, every peer skips them when counting, so a probe
 * may be sent again (see {@link Conversation}) without disturbing the script.
 */
final class Script {
    /** Messages of the sequence part (n above). */
    static final int SEQUENCE = 10_000;
    /** Messages before the sequence part. */
    static final int HEAD = 4;
    static final byte[] PROBE_FRAME = ascii("__probe__");
    static final byte[] EMPTY = new byte[0];
    private static final byte[] LARGE = large();

    private Script() {
    }

    /** Number of messages in a script with {@code sequence} sequence messages. */
    static int size(int sequence) {
        return HEAD + sequence;
    }

    /** The frames of message {@code i}; the caller must not modify them. */
    static List<byte[]> frames(int i) {
        return switch (i) {
            case 0 -> List.of(ascii("frame-a"), ascii("frame-b"), ascii("frame-c"));
            case 1 -> List.of(LARGE);
            case 2 -> List.of(ascii("head"), EMPTY, ascii("tail"));
            case 3 -> List.of(EMPTY);
            default -> List.of(ascii("seq-" + (i - HEAD)));
        };
    }

    /** Message {@code i}, after an empty delimiter frame when {@code envelope}. */
    static Msg message(int i, boolean envelope) {
        return withEnvelope(frames(i), envelope);
    }

    /** The probe, after an empty delimiter frame when {@code envelope}. */
    static Msg probe(boolean envelope) {
        return withEnvelope(List.of(PROBE_FRAME), envelope);
    }

    static boolean isProbe(Msg m) {
        return Arrays.equals(m.bytes(m.size() - 1), PROBE_FRAME);
    }

    static boolean isProbe(List<byte[]> frames) {
        return Arrays.equals(frames.get(frames.size() - 1), PROBE_FRAME);
    }

    /** True when both have the same number of frames with the same bytes. */
    static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Frame sizes and the first bytes of each, for failure messages (never a whole 1 MiB frame). */
    static String describe(List<byte[]> frames) {
        StringBuilder sb = new StringBuilder("[");
        for (byte[] f : frames) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(f.length).append(" B ").append(hex(Arrays.copyOf(f, Math.min(f.length, 16))));
        }
        return sb.append(']').toString();
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    static byte[] unhex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Msg withEnvelope(List<byte[]> frames, boolean envelope) {
        List<byte[]> all = new ArrayList<>(frames.size() + 1);
        if (envelope) {
            all.add(EMPTY);
        }
        all.addAll(frames);
        return Msg.wrap(all);
    }

    private static byte[] large() {
        byte[] b = new byte[1 << 20];
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) (j * 31 + 7);
        }
        return b;
    }
}
