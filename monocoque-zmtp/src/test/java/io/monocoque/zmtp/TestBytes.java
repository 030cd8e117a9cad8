package io.monocoque.zmtp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Byte helpers shared by the tests. */
final class TestBytes {
    private TestBytes() {
    }

    /** Parses hex, ignoring whitespace and '_' so vectors can be laid out field by field. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s_]", ""));
    }

    static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code n} bytes counting 0, 1, 2, ... (mod 256), so any misplaced byte shows. */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A decoded frame; flags exactly as the decoder reported them. */
    record Frame(int flags, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.flags == flags && java.util.Arrays.equals(f.body, body);
        }

        @Override
        public int hashCode() {
            return flags * 31 + java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return String.format("Frame[flags=0x%02x, %d bytes]", flags, body.length);
        }
    }

    /** Decodes all complete frames of {@code bytes} in one call. */
    static List<Frame> decodeAll(byte[] bytes, long maxFrameSize) {
        List<Frame> frames = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(maxFrameSize);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        decoder.decode(in, (flags, body) -> frames.add(new Frame(flags, body)));
        if (in.hasRemaining() || decoder.isMidFrame()) {
            throw new AssertionError("stream did not end on a frame boundary");
        }
        return frames;
    }

    /** Decodes exactly one frame that spans all of {@code bytes}. */
    static Frame decodeOne(byte[] bytes) {
        List<Frame> frames = decodeAll(bytes, -1);
        if (frames.size() != 1) {
            throw new AssertionError("expected one frame, got " + frames);
        }
        return frames.get(0);
    }
}
