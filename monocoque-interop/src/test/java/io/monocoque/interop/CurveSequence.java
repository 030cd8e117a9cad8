package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The message sequence every CURVE interop case carries (as {@code curve_peer.py}): a multipart
 * message with an empty and a 1 MiB frame, 10,000 numbered messages, and a closing multipart
 * message. Each message is a list of frames, so both Monocoque and JeroMQ sides can use it.
 */
final class CurveSequence {
    static final int COUNT = 10_000;
    static final byte[] BIG = big();

    private CurveSequence() {
    }

    private static byte[] big() {
        byte[] b = new byte[1 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** The whole sequence, in order. */
    static List<byte[][]> messages() {
        List<byte[][]> all = new ArrayList<>(COUNT + 2);
        all.add(new byte[][] {"first".getBytes(), new byte[0], BIG});
        for (int i = 0; i < COUNT; i++) {
            all.add(new byte[][] {Integer.toString(i).getBytes()});
        }
        byte[] xs = new byte[1000];
        Arrays.fill(xs, (byte) 'x');
        all.add(new byte[][] {"end".getBytes(), xs});
        return all;
    }

    /** Asserts that message {@code index} of the sequence is {@code got}. */
    static void check(int index, byte[][] got) {
        byte[][] want = messages(index);
        assertThat(got.length).as("frames of message %d", index).isEqualTo(want.length);
        for (int f = 0; f < want.length; f++) {
            assertThat(Arrays.equals(got[f], want[f])).as("frame %d of message %d: %s", f, index,
                    got[f].length > 40 ? got[f].length + " bytes" : new String(got[f], java.nio.charset.StandardCharsets.ISO_8859_1)).isTrue();
        }
    }

    private static byte[][] messages(int index) {
        if (index == 0) {
            return messages().get(0);
        }
        if (index <= COUNT) {
            return new byte[][] {Integer.toString(index - 1).getBytes()};
        }
        return messages().get(COUNT + 1);
    }
}
