package io.monocoque.zmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GreetingDecoderTest {

    private static byte[] greeting(int major, int minor, String mechanism, int asServer) {
        byte[] g = Greeting.ofVersion31("NULL", false).toBytes();
        g[10] = (byte) major;
        g[11] = (byte) minor;
        for (int i = 12; i < 32; i++) {
            g[i] = 0;
        }
        byte[] m = TestBytes.ascii(mechanism);
        System.arraycopy(m, 0, g, 12, m.length);
        g[32] = (byte) asServer;
        return g;
    }

    /** Feeds {@code bytes} one at a time; returns the exception, failing if none is thrown. */
    private static ZmtpProtocolException feedUntilRefused(GreetingDecoder decoder, byte[] bytes) {
        for (byte b : bytes) {
            try {
                decoder.decode(ByteBuffer.wrap(new byte[] {b}));
            } catch (ZmtpProtocolException e) {
                return e;
            }
        }
        throw new AssertionError("greeting was not refused");
    }

    @Test
    void shouldDecodeGreetingArrivingOneByteAtATime() {
        byte[] bytes = Greeting.ofVersion31("NULL", true).toBytes();
        GreetingDecoder decoder = new GreetingDecoder();

        for (int i = 0; i < 63; i++) {
            ByteBuffer one = ByteBuffer.wrap(bytes, i, 1);
            assertThat(decoder.decode(one)).as("after %d octets", i + 1).isNull();
            assertThat(one.hasRemaining()).isFalse();
            assertThat(decoder.received()).isEqualTo(i + 1);
        }
        Greeting g = decoder.decode(ByteBuffer.wrap(bytes, 63, 1));

        assertThat(g).isEqualTo(new Greeting(3, 1, "NULL", true));
        assertThat(decoder.received()).isEqualTo(64);
    }

    @Test
    void shouldReturnNullWithoutErrorWhenNoBytesAreAvailable() {
        assertThat(new GreetingDecoder().decode(ByteBuffer.allocate(0))).isNull();
    }

    @Test
    void shouldLeaveBytesAfterTheGreetingInTheBuffer() {
        byte[] bytes = TestBytes.concat(Greeting.ofVersion31("NULL", false).toBytes(), TestBytes.hex("04 06"));
        ByteBuffer in = ByteBuffer.wrap(bytes);
        GreetingDecoder decoder = new GreetingDecoder();

        assertThat(decoder.decode(in)).isNotNull();
        assertThat(in.position()).isEqualTo(64);
        assertThat(in.remaining()).isEqualTo(2);
        // Once complete, the decoder neither consumes more nor changes its answer.
        assertThat(decoder.decode(in)).isEqualTo(new Greeting(3, 1, "NULL", false));
        assertThat(in.remaining()).isEqualTo(2);
    }

    @Test
    void shouldAcceptZmtp30Peer() {
        Greeting g = new GreetingDecoder().decode(ByteBuffer.wrap(greeting(3, 0, "NULL", 0)));

        assertThat(g.major()).isEqualTo(3);
        assertThat(g.minor()).isZero();
        assertThat(g.isAtLeast(3, 0)).isTrue();
        assertThat(g.isAtLeast(3, 1)).isFalse();
    }

    @Test
    void shouldAcceptNewerMajorVersion() {
        Greeting g = new GreetingDecoder().decode(ByteBuffer.wrap(greeting(4, 0, "NULL", 0)));

        assertThat(g.major()).isEqualTo(4);
        assertThat(g.isAtLeast(3, 1)).isTrue();
    }

    @Test
    void shouldIgnorePaddingOctetsAsLibzmqFillsThemWithIdentityLength() {
        byte[] bytes = greeting(3, 1, "NULL", 0);
        bytes[8] = 7;

        assertThat(new GreetingDecoder().decode(ByteBuffer.wrap(bytes))).isEqualTo(new Greeting(3, 1, "NULL", false));
    }

    @Test
    void shouldRefuseVersion2AsSoonAsTheVersionOctetArrives() {
        byte[] bytes = greeting(2, 0, "NULL", 0);
        GreetingDecoder decoder = new GreetingDecoder();
        assertThat(decoder.decode(ByteBuffer.wrap(bytes, 0, 10))).isNull();

        ByteBuffer versionOctet = ByteBuffer.wrap(bytes, 10, 1);
        ZmtpProtocolException e = catchThrowableOfType(ZmtpProtocolException.class, () -> decoder.decode(versionOctet));

        assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION);
        assertThat(decoder.received()).isEqualTo(11);
    }

    @Test
    void shouldRefuseVersion2InOneBufferWithoutReadingPastTheVersion() {
        ByteBuffer in = ByteBuffer.wrap(greeting(2, 0, "NULL", 0));

        assertThatThrownBy(() -> new GreetingDecoder().decode(in))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION));
        assertThat(in.position()).isEqualTo(11);
    }

    @Test
    void shouldRefuseFirstOctetOtherThan0xFF() {
        byte[] bytes = greeting(3, 1, "NULL", 0);
        bytes[0] = 0x01;
        GreetingDecoder decoder = new GreetingDecoder();

        ZmtpProtocolException e = feedUntilRefused(decoder, bytes);

        assertThat(decoder.received()).isEqualTo(1);
        assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("0x01");
    }

    @Test
    void shouldRefuseZmtp10SignatureEndingWithoutLowBitSet() {
        byte[] bytes = greeting(3, 1, "NULL", 0);
        bytes[9] = 0x7E;
        GreetingDecoder decoder = new GreetingDecoder();

        ZmtpProtocolException e = feedUntilRefused(decoder, bytes);

        assertThat(decoder.received()).isEqualTo(10);
        assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 0x7F, 0xFF})
    void shouldRefuseAsServerOctetOtherThanZeroOrOne(int asServer) {
        GreetingDecoder decoder = new GreetingDecoder();

        ZmtpProtocolException e = feedUntilRefused(decoder, greeting(3, 1, "NULL", asServer));

        assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("as-server");
        assertThat(decoder.received()).isEqualTo(33);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "NU LL", "NULL!", "N\u00c9"})
    void shouldRefuseInvalidMechanismCharacterAtTheOffendingOctet(String mechanism) {
        GreetingDecoder decoder = new GreetingDecoder();
        byte[] bytes = greeting(3, 1, "NULL", 0);
        byte[] m = mechanism.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(m, 0, bytes, 12, m.length);

        ZmtpProtocolException e = feedUntilRefused(decoder, bytes);

        assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("mechanism");
        assertThat(decoder.received()).isBetween(13, 32);
    }

    @Test
    void shouldRefuseEmptyMechanism() {
        byte[] bytes = greeting(3, 1, "NULL", 0);
        for (int i = 12; i < 32; i++) {
            bytes[i] = 0;
        }

        assertThatThrownBy(() -> new GreetingDecoder().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void shouldRefuseMechanismWithEmbeddedNull() {
        byte[] bytes = greeting(3, 1, "NULL", 0);
        bytes[17] = 'X'; // "NULL\0X"

        assertThatThrownBy(() -> new GreetingDecoder().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("embedded null");
    }

    @Test
    void shouldAcceptAllRfcMechanismCharacters() {
        Greeting g = new GreetingDecoder().decode(ByteBuffer.wrap(greeting(3, 1, "AZ09-_.+", 0)));

        assertThat(g.mechanism()).isEqualTo("AZ09-_.+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "TWENTY-ONE-CHARACTERS", "A B", "A:B"})
    void shouldRejectInvalidMechanismNameWhenConstructingGreeting(String mechanism) {
        assertThatThrownBy(() -> Greeting.ofVersion31(mechanism, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
