package io.monocoque;

/**
 * Z85 (RFC 32): the ZeroMQ text encoding of binary data, used for CURVE keys (a 32-byte key is 40
 * characters). Input lengths must be multiples of 4 bytes (encode) or 5 characters (decode).
 * Stateless and thread-safe.
 */
public final class Z85 {
    private static final char[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".toCharArray();
    private static final int[] DECODE = new int[128];

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    private Z85() {
    }

    /**
     * Encodes {@code data}.
     *
     * @throws IllegalArgumentException when the length is not a multiple of 4
     */
    public static String encode(byte[] data) {
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 encodes multiples of 4 bytes, got " + data.length);
        }
        char[] out = new char[data.length / 4 * 5];
        int o = 0;
        for (int i = 0; i < data.length; i += 4) {
            long value = ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFFL) << 16) | ((data[i + 2] & 0xFFL) << 8) | (data[i + 3] & 0xFFL);
            for (int d = 4; d >= 0; d--) {
                out[o + d] = ALPHABET[(int) (value % 85)];
                value /= 85;
            }
            o += 5;
        }
        return new String(out);
    }

    /**
     * Decodes {@code text}.
     *
     * @throws IllegalArgumentException when the length is not a multiple of 5, a character is not
     *                                  in the Z85 alphabet, or a group overflows 32 bits
     */
    public static byte[] decode(String text) {
        if (text.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 decodes multiples of 5 characters, got " + text.length());
        }
        byte[] out = new byte[text.length() / 5 * 4];
        int o = 0;
        for (int i = 0; i < text.length(); i += 5) {
            long value = 0;
            for (int d = 0; d < 5; d++) {
                char c = text.charAt(i + d);
                int v = c < 128 ? DECODE[c] : -1;
                if (v < 0) {
                    throw new IllegalArgumentException("'" + c + "' at " + (i + d) + " is not a Z85 character");
                }
                value = value * 85 + v;
            }
            if (value > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("Z85 group at " + i + " exceeds 32 bits");
            }
            out[o++] = (byte) (value >>> 24);
            out[o++] = (byte) (value >>> 16);
            out[o++] = (byte) (value >>> 8);
            out[o++] = (byte) value;
        }
        return out;
    }
}
