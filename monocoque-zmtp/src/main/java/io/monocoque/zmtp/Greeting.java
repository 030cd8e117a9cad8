package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 64-octet ZMTP 3.x greeting that opens every connection (RFC 23 / RFC 37).
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 ...          31 32 33 ...           63
 * +-+---------------+-+-+-+---------------+--+--------------------+
 * |FF| padding (8)  |7F|M|m| mechanism(20)|S | filler (31 x 0x00) |
 * +-+---------------+-+-+-+---------------+--+--------------------+
 *   signature (10)      | |                 as-server
 *                       | version-minor
 *                       version-major
 * </pre>
 *
 * <p>Monocoque sends version 3.1 and accepts any 3.x peer (and higher, as RFC 37 requires); a
 * peer older than 3.0 is refused with {@link ZmtpProtocolException.Kind#UNSUPPORTED_VERSION}.
 *
 * @param major     version-major of the sender
 * @param minor     version-minor of the sender
 * @param mechanism security mechanism name, e.g. {@code "NULL"}, at most 20 ASCII characters
 * @param asServer  whether the sender is the server of the security handshake
 */
public record Greeting(int major, int minor, String mechanism, boolean asServer) {
    /** Size of a full greeting. */
    public static final int SIZE = 64;
    /** Signature length: 0xFF, 8 octets of padding, 0x7F. */
    public static final int SIGNATURE_SIZE = 10;
    static final int MAJOR_OFFSET = 10;
    static final int MINOR_OFFSET = 11;
    static final int MECHANISM_OFFSET = 12;
    static final int MECHANISM_SIZE = 20;
    static final int AS_SERVER_OFFSET = 32;

    public Greeting {
        if (!isValidMechanismName(mechanism)) {
            throw new IllegalArgumentException("mechanism name must be 1-20 characters of A-Z 0-9 - _ . +, got: " + mechanism);
        }
        if (major < 0 || major > 255 || minor < 0 || minor > 255) {
            throw new IllegalArgumentException("version must be 0..255.0..255, got " + major + "." + minor);
        }
    }

    /** The greeting Monocoque sends: ZMTP 3.1 with the given mechanism. */
    public static Greeting ofVersion31(String mechanism, boolean asServer) {
        return new Greeting(3, 1, mechanism, asServer);
    }

    /** Writes the 64 octets of this greeting into {@code dst}. */
    public void encode(ByteBuffer dst) {
        dst.put((byte) 0xFF);
        for (int i = 0; i < 8; i++) {
            dst.put((byte) 0);
        }
        dst.put((byte) 0x7F);
        dst.put((byte) major);
        dst.put((byte) minor);
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        dst.put(name);
        for (int i = name.length; i < MECHANISM_SIZE; i++) {
            dst.put((byte) 0);
        }
        dst.put((byte) (asServer ? 1 : 0));
        for (int i = AS_SERVER_OFFSET + 1; i < SIZE; i++) {
            dst.put((byte) 0);
        }
    }

    /** This greeting as a fresh 64-byte array. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        encode(buf);
        return buf.array();
    }

    /** True when this peer's version is at least {@code major.minor}. */
    public boolean isAtLeast(int wantedMajor, int wantedMinor) {
        return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
    }

    static boolean isValidMechanismName(String name) {
        if (name == null || name.isEmpty() || name.length() > MECHANISM_SIZE) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
