package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental parser of the peer's {@link Greeting}. Bytes may arrive in any split, down to one
 * at a time; the decoder validates each part as soon as it has it, so an old or foreign peer is
 * refused after its first 11 octets rather than after 64.
 *
 * <p>Not thread-safe: one instance per connection, used by the connection's I/O thread.
 */
public final class GreetingDecoder {
    private final byte[] bytes = new byte[Greeting.SIZE];
    private int received;
    private Greeting greeting;

    /**
     * Consumes up to the rest of the greeting from {@code in}.
     *
     * @return the greeting once all 64 octets have arrived, otherwise {@code null} (need more)
     * @throws ZmtpProtocolException if the bytes are not a ZMTP 3.x greeting
     */
    public Greeting decode(ByteBuffer in) {
        if (greeting != null) {
            return greeting;
        }
        while (received < Greeting.SIZE && in.hasRemaining()) {
            byte b = in.get();
            bytes[received++] = b;
            checkOctet(received - 1, b);
        }
        if (received == Greeting.SIZE) {
            greeting = parse();
        }
        return greeting;
    }

    /** Number of greeting octets received so far. */
    public int received() {
        return received;
    }

    private void checkOctet(int index, byte b) {
        if (index == 0 && b != (byte) 0xFF) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION,
                    String.format("greeting signature starts with 0x%02x, not 0xFF: peer is not ZMTP 2.0+", b & 0xFF));
        }
        if (index == 9 && (b & 0x01) == 0) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION,
                    String.format("greeting signature ends with 0x%02x, not 0x7F: peer speaks ZMTP 1.0", b & 0xFF));
        }
        if (index == Greeting.MAJOR_OFFSET && (b & 0xFF) < 3) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION,
                    "peer speaks ZMTP " + (b & 0xFF) + ".x; Monocoque needs ZMTP 3.0 or later");
        }
        if (index >= Greeting.MECHANISM_OFFSET && index < Greeting.AS_SERVER_OFFSET) {
            char c = (char) (b & 0xFF);
            boolean ok = b == 0 || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
            if (!ok) {
                throw ZmtpProtocolException.malformed(String.format("greeting mechanism has invalid octet 0x%02x", b & 0xFF));
            }
        }
        if (index == Greeting.AS_SERVER_OFFSET && (b & 0xFF) > 1) {
            throw ZmtpProtocolException.malformed(String.format("greeting as-server is 0x%02x, not 0 or 1", b & 0xFF));
        }
    }

    private Greeting parse() {
        int end = Greeting.MECHANISM_OFFSET;
        while (end < Greeting.AS_SERVER_OFFSET && bytes[end] != 0) {
            end++;
        }
        for (int i = end; i < Greeting.AS_SERVER_OFFSET; i++) {
            if (bytes[i] != 0) {
                throw ZmtpProtocolException.malformed("greeting mechanism has an embedded null");
            }
        }
        if (end == Greeting.MECHANISM_OFFSET) {
            throw ZmtpProtocolException.malformed("greeting mechanism is empty");
        }
        String mechanism = new String(bytes, Greeting.MECHANISM_OFFSET, end - Greeting.MECHANISM_OFFSET, StandardCharsets.US_ASCII);
        return new Greeting(bytes[Greeting.MAJOR_OFFSET] & 0xFF, bytes[Greeting.MINOR_OFFSET] & 0xFF, mechanism,
                bytes[Greeting.AS_SERVER_OFFSET] == 1);
    }
}
