package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A ZMTP command: a single frame with the COMMAND flag whose body is a length-prefixed name
 * followed by data.
 *
 * <pre>
 * +-----+----------------------+--------------------------+
 * | len | name (len, ALPHA)    | data (rest of the frame) |
 * +-----+----------------------+--------------------------+
 * </pre>
 *
 * <p>Byte arrays given to or returned by these records are not copied (the codec is on the hot
 * path); treat them as immutable.
 *
 * <p>{@link #parse(byte[])} turns a command body into one of the records below; unknown names
 * become {@link Unknown} (RFC 37 lets mechanisms define their own commands, so an unknown
 * command is surfaced, not fatal).
 */
public sealed interface Command {

    /** The command name as on the wire, e.g. {@code "READY"}. */
    String name();

    /** Number of data octets after the name. */
    int dataSize();

    /** Writes the data after the name. */
    void encodeData(ByteBuffer dst);

    /** The command body (name and data), without the frame header. */
    default byte[] toBody() {
        byte[] name = name().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(1 + name.length + dataSize());
        buf.put((byte) name.length).put(name);
        encodeData(buf);
        return buf.array();
    }

    /** The whole frame (header and body), ready to write. */
    default byte[] toFrame() {
        return FrameEncoder.frame(FrameFlags.COMMAND, toBody());
    }

    /**
     * Parses a command body.
     *
     * @throws ZmtpProtocolException when the name is missing, truncated or not ALPHA, or a known
     *                               command's data is malformed
     */
    static Command parse(byte[] body) {
        String name = nameOf(body);
        int off = 1 + name.length();
        int len = body.length - off;
        return switch (name) {
            case Ready.NAME -> new Ready(Metadata.parse(body, off, len));
            case Error.NAME -> Error.parse(body, off, len);
            case Subscribe.NAME -> new Subscribe(Arrays.copyOfRange(body, off, body.length));
            case Cancel.NAME -> new Cancel(Arrays.copyOfRange(body, off, body.length));
            case Ping.NAME -> Ping.parse(body, off, len);
            case Pong.NAME -> Pong.parse(body, off, len);
            default -> new Unknown(name, Arrays.copyOfRange(body, off, body.length));
        };
    }

    /**
     * The name of a command body, validated.
     *
     * @throws ZmtpProtocolException when the name is empty, truncated or not ALPHA
     */
    static String nameOf(byte[] body) {
        if (body.length == 0) {
            throw ZmtpProtocolException.malformed("command frame is empty: no name");
        }
        int nameLen = body[0] & 0xFF;
        if (nameLen == 0) {
            throw ZmtpProtocolException.malformed("command name is empty");
        }
        if (nameLen > body.length - 1) {
            throw ZmtpProtocolException.malformed("command name of " + nameLen + " octets truncated: frame has "
                    + (body.length - 1) + " after the length");
        }
        for (int i = 1; i <= nameLen; i++) {
            int c = body[i] & 0xFF;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw ZmtpProtocolException.malformed(String.format("command name has invalid octet 0x%02x", c));
            }
        }
        return new String(body, 1, nameLen, StandardCharsets.US_ASCII);
    }

    /** True when {@code body} is a command with exactly this name (no allocation). */
    static boolean hasName(byte[] body, String name) {
        int n = name.length();
        if (body.length < n + 1 || (body[0] & 0xFF) != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (body[i + 1] != (byte) name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** READY: ends the NULL (and PLAIN) handshake, carries the sender's metadata. */
    record Ready(Metadata metadata) implements Command {
        public static final String NAME = "READY";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return metadata.encodedSize();
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            metadata.encode(dst);
        }
    }

    /**
     * ERROR: a fatal handshake error. The reason is at most 255 octets of printable ASCII.
     *
     * <pre>+-----+----------------+
     * | len | reason (len)   |
     * +-----+----------------+</pre>
     */
    record Error(String reason) implements Command {
        public static final String NAME = "ERROR";

        public Error {
            if (reason.length() > 255) {
                reason = reason.substring(0, 255);
            }
        }

        static Error parse(byte[] body, int off, int len) {
            if (len < 1) {
                throw ZmtpProtocolException.malformed("ERROR command has no reason length");
            }
            int n = body[off] & 0xFF;
            if (n > len - 1) {
                throw ZmtpProtocolException.malformed("ERROR reason of " + n + " octets truncated to " + (len - 1));
            }
            return new Error(new String(body, off + 1, n, StandardCharsets.US_ASCII));
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return 1 + reason.getBytes(StandardCharsets.US_ASCII).length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            byte[] r = reason.getBytes(StandardCharsets.US_ASCII);
            dst.put((byte) r.length).put(r);
        }
    }

    /** SUBSCRIBE: the sender wants messages starting with {@code topic} (RFC 37, pub-sub). */
    record Subscribe(byte[] topic) implements Command {
        public static final String NAME = "SUBSCRIBE";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return topic.length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            dst.put(topic);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subscribe s && Arrays.equals(s.topic, topic);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(topic);
        }
    }

    /** CANCEL: undoes one SUBSCRIBE of the same topic. */
    record Cancel(byte[] topic) implements Command {
        public static final String NAME = "CANCEL";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return topic.length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            dst.put(topic);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cancel c && Arrays.equals(c.topic, topic);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(topic);
        }
    }

    /**
     * PING: a heartbeat request.
     *
     * <pre>+---------+----------------------+
     * | ttl (2) | context (0..16)      |     ttl in tenths of a second, network order
     * +---------+----------------------+</pre>
     *
     * @param ttlDeciseconds time-to-live hint, 0..65535 tenths of a second
     * @param context        up to 16 octets echoed by PONG
     */
    record Ping(int ttlDeciseconds, byte[] context) implements Command {
        public static final String NAME = "PING";
        public static final int MAX_CONTEXT = 16;

        public Ping {
            if (ttlDeciseconds < 0 || ttlDeciseconds > 0xFFFF) {
                throw new IllegalArgumentException("PING ttl must be 0..65535 deciseconds: " + ttlDeciseconds);
            }
            if (context.length > MAX_CONTEXT) {
                throw new IllegalArgumentException("PING context must be at most 16 octets: " + context.length);
            }
        }

        static Ping parse(byte[] body, int off, int len) {
            if (len < 2) {
                throw ZmtpProtocolException.malformed("PING command has " + len + " data octets, needs a 2-octet TTL");
            }
            if (len - 2 > MAX_CONTEXT) {
                throw ZmtpProtocolException.malformed("PING context of " + (len - 2) + " octets exceeds 16");
            }
            int ttl = ((body[off] & 0xFF) << 8) | (body[off + 1] & 0xFF);
            return new Ping(ttl, Arrays.copyOfRange(body, off + 2, off + len));
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return 2 + context.length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            dst.putShort((short) ttlDeciseconds).put(context);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ping p && p.ttlDeciseconds == ttlDeciseconds && Arrays.equals(p.context, context);
        }

        @Override
        public int hashCode() {
            return ttlDeciseconds * 31 + Arrays.hashCode(context);
        }
    }

    /** PONG: the reply to PING, echoing its context. */
    record Pong(byte[] context) implements Command {
        public static final String NAME = "PONG";

        public Pong {
            if (context.length > Ping.MAX_CONTEXT) {
                throw new IllegalArgumentException("PONG context must be at most 16 octets: " + context.length);
            }
        }

        static Pong parse(byte[] body, int off, int len) {
            if (len > Ping.MAX_CONTEXT) {
                throw ZmtpProtocolException.malformed("PONG context of " + len + " octets exceeds 16");
            }
            return new Pong(Arrays.copyOfRange(body, off, off + len));
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dataSize() {
            return context.length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            dst.put(context);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pong p && Arrays.equals(p.context, context);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(context);
        }
    }

    /** A command this layer does not interpret, surfaced to the caller. */
    record Unknown(String name, byte[] data) implements Command {
        public Unknown {
            if (name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw new IllegalArgumentException("command name must be 1-255 letters: '" + name + "'");
            }
        }

        @Override
        public int dataSize() {
            return data.length;
        }

        @Override
        public void encodeData(ByteBuffer dst) {
            dst.put(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.name.equals(name) && Arrays.equals(u.data, data);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(data);
        }
    }
}
