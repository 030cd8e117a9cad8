package io.monocoque.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Connection metadata: the name/value properties carried by READY (and by CURVE's INITIATE /
 * READY). Names are case-insensitive (RFC 37); order is kept as received.
 *
 * <pre>
 * property:  +-----+----------------+-----------+-------------------+
 *            | len | name (len)     | value len | value             |
 *            | 1   | 1..255 octets  | 4, net.   | 0..2^31-1 octets  |
 *            +-----+----------------+-----------+-------------------+
 * name-char = ALPHA | DIGIT | "-" | "_" | "." | "+"
 * </pre>
 *
 * Immutable and thread-safe; values are copied in and out.
 */
public final class Metadata {
    /** Property carrying the sender's socket type. */
    public static final String SOCKET_TYPE = "Socket-Type";
    /** Property carrying the sender's routing id (for ROUTER peers). */
    public static final String IDENTITY = "Identity";
    /** Property carrying the ZAP user id, set by the receiver after authentication. */
    public static final String USER_ID = "User-Id";

    /** A metadata property. */
    public record Property(String name, byte[] value) {
        public Property {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as a UTF-8 string. */
        public String stringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Property p && p.name.equalsIgnoreCase(name) && Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return name.toLowerCase(Locale.ROOT).hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + stringValue();
        }
    }

    /** Metadata with no properties. */
    public static final Metadata EMPTY = new Metadata(List.of());

    private final List<Property> properties;

    private Metadata(List<Property> properties) {
        this.properties = Collections.unmodifiableList(properties);
    }

    /** Builds metadata from name/value pairs, validating every name. */
    public static Builder builder() {
        return new Builder();
    }

    /** The properties in wire order. */
    public List<Property> properties() {
        return properties;
    }

    /** The value of the first property with this name (case-insensitive), or {@code null}. */
    public byte[] get(String name) {
        for (Property p : properties) {
            if (p.name.equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** The value as a UTF-8 string, or {@code null}. */
    public String getString(String name) {
        byte[] v = get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Encoded size in octets. */
    public int encodedSize() {
        int n = 0;
        for (Property p : properties) {
            n += 1 + p.name.length() + 4 + p.value.length;
        }
        return n;
    }

    /** The encoded properties as a fresh array (for handshake commands). */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(encodedSize());
        encode(b);
        return b.array();
    }

    /** Writes the properties in wire format. */
    public void encode(ByteBuffer dst) {
        for (Property p : properties) {
            dst.put((byte) p.name.length());
            dst.put(p.name.getBytes(StandardCharsets.US_ASCII));
            dst.putInt(p.value.length);
            dst.put(p.value);
        }
    }

    /**
     * Parses properties from {@code src[offset, offset+length)}.
     *
     * @throws ZmtpProtocolException if a property is truncated, a name is empty or has an
     *                               invalid character, or a value length exceeds what remains
     */
    public static Metadata parse(byte[] src, int offset, int length) {
        List<Property> props = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int nameLen = src[pos++] & 0xFF;
            if (nameLen == 0) {
                throw ZmtpProtocolException.malformed("metadata property name is empty");
            }
            if (end - pos < nameLen + 4) {
                throw ZmtpProtocolException.malformed("metadata property truncated: name of " + nameLen
                        + " octets and value size need " + (nameLen + 4) + ", only " + (end - pos) + " left");
            }
            for (int i = pos; i < pos + nameLen; i++) {
                if (!isNameChar(src[i] & 0xFF)) {
                    throw ZmtpProtocolException.malformed(String.format(
                            "metadata property name has invalid character 0x%02x", src[i] & 0xFF));
                }
            }
            String name = new String(src, pos, nameLen, StandardCharsets.US_ASCII);
            pos += nameLen;
            int valueLen = ((src[pos] & 0xFF) << 24) | ((src[pos + 1] & 0xFF) << 16) | ((src[pos + 2] & 0xFF) << 8) | (src[pos + 3] & 0xFF);
            pos += 4;
            if (valueLen < 0 || valueLen > end - pos) {
                throw ZmtpProtocolException.malformed("metadata property '" + name + "' value of "
                        + Integer.toUnsignedString(valueLen) + " octets exceeds the " + (end - pos) + " left");
            }
            props.add(new Property(name, Arrays.copyOfRange(src, pos, pos + valueLen)));
            pos += valueLen;
        }
        return props.isEmpty() ? EMPTY : new Metadata(props);
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            throw ZmtpProtocolException.malformed("metadata property name must be 1-255 characters: '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c)) {
                throw ZmtpProtocolException.malformed(String.format(
                        "metadata property name has invalid character U+%04X", (int) c));
            }
        }
    }

    private static boolean isNameChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '+';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && m.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    @Override
    public String toString() {
        return properties.toString();
    }

    /** Collects properties; {@link #build()} gives immutable {@link Metadata}. */
    public static final class Builder {
        private final List<Property> props = new ArrayList<>();

        private Builder() {
        }

        /** Adds a property; the name must follow the name grammar. */
        public Builder put(String name, byte[] value) {
            try {
                checkName(name);
            } catch (ZmtpProtocolException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            props.add(new Property(name, value));
            return this;
        }

        /** Adds a property with a UTF-8 value. */
        public Builder put(String name, String value) {
            return put(name, value.getBytes(StandardCharsets.UTF_8));
        }

        public Metadata build() {
            return props.isEmpty() ? EMPTY : new Metadata(new ArrayList<>(props));
        }
    }
}
