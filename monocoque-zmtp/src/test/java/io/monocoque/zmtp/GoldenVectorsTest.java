package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.concat;
import static io.monocoque.zmtp.TestBytes.counting;
import static io.monocoque.zmtp.TestBytes.decodeOne;
import static io.monocoque.zmtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmtp.TestBytes.Frame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors written by hand from the RFC 23 / RFC 37 grammar (not produced by the code under
 * test), checked in both directions: the encoder must produce them and the decoder must read them.
 */
class GoldenVectorsTest {

    /** greeting = signature version mechanism as-server filler (RFC 23 section "The Greeting"). */
    static final byte[] NULL_GREETING_CLIENT = hex("""
            ff 00 00 00 00 00 00 00 00 7f
            03 01
            4e 55 4c 4c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """);

    /** READY with Socket-Type=DEALER and Identity=peer-1. */
    static final byte[] READY_DEALER_PEER1 = hex("""
            04 2f
            05 52 45 41 44 59
            0b 53 6f 63 6b 65 74 2d 54 79 70 65  00 00 00 06  44 45 41 4c 45 52
            08 49 64 65 6e 74 69 74 79           00 00 00 06  70 65 65 72 2d 31
            """);

    @Nested
    class GreetingVectors {
        @Test
        void shouldEncodeNullClientGreetingAsTheRfcOctets() {
            byte[] encoded = Greeting.ofVersion31("NULL", false).toBytes();

            assertThat(encoded).hasSize(64).isEqualTo(NULL_GREETING_CLIENT);
        }

        @Test
        void shouldEncodeAsServerOctetAtOffset32() {
            byte[] expected = NULL_GREETING_CLIENT.clone();
            expected[32] = 1;

            assertThat(Greeting.ofVersion31("NULL", true).toBytes()).isEqualTo(expected);
        }

        @Test
        void shouldEncodeGreetingIntoCallerBufferAtItsPosition() {
            ByteBuffer dst = ByteBuffer.allocate(70);
            dst.position(3);

            Greeting.ofVersion31("NULL", false).encode(dst);

            assertThat(dst.position()).isEqualTo(67);
            byte[] written = new byte[64];
            dst.get(3, written);
            assertThat(written).isEqualTo(NULL_GREETING_CLIENT);
        }

        @Test
        void shouldDecodeNullClientGreeting() {
            ByteBuffer in = ByteBuffer.wrap(NULL_GREETING_CLIENT);

            Greeting g = new GreetingDecoder().decode(in);

            assertThat(g).isEqualTo(new Greeting(3, 1, "NULL", false));
            assertThat(in.hasRemaining()).isFalse();
        }

        @Test
        void shouldEncodeTwentyCharacterMechanismWithoutTerminator() {
            String name = "ABCDEFGHIJ0123456789";
            byte[] encoded = Greeting.ofVersion31(name, false).toBytes();

            byte[] mechanismField = new byte[20];
            System.arraycopy(encoded, 12, mechanismField, 0, 20);
            assertThat(mechanismField).isEqualTo(ascii(name));
            assertThat(new GreetingDecoder().decode(ByteBuffer.wrap(encoded)).mechanism()).isEqualTo(name);
        }
    }

    @Nested
    class MessageFrameVectors {
        @Test
        void shouldEncodeShortFrameAsFlagsSizeBody() {
            assertThat(FrameEncoder.frame(0, ascii("hello"))).isEqualTo(hex("00 05 68 65 6c 6c 6f"));
        }

        @Test
        void shouldDecodeShortFrame() {
            Frame f = decodeOne(hex("00 05 68 65 6c 6c 6f"));

            assertThat(f.flags()).isZero();
            assertThat(f.body()).isEqualTo(ascii("hello"));
        }

        @Test
        void shouldEncodeAndDecodeEmptyFrame() {
            assertThat(FrameEncoder.frame(0, new byte[0])).isEqualTo(hex("00 00"));
            assertThat(decodeOne(hex("00 00")).body()).isEmpty();
        }

        @Test
        void shouldEncodeMoreFlagInBitZero() {
            assertThat(FrameEncoder.frame(FrameFlags.MORE, ascii("abc"))).isEqualTo(hex("01 03 61 62 63"));
        }

        @Test
        void shouldDecodeMoreFlag() {
            Frame f = decodeOne(hex("01 03 61 62 63"));

            assertThat(FrameFlags.isMore(f.flags())).isTrue();
            assertThat(FrameFlags.isCommand(f.flags())).isFalse();
            assertThat(f.body()).isEqualTo(ascii("abc"));
        }

        @Test
        void shouldUseShortFrameUpTo255Octets() {
            byte[] body = counting(255);
            byte[] expected = concat(hex("00 ff"), body);

            assertThat(FrameEncoder.frame(0, body)).isEqualTo(expected);
            assertThat(decodeOne(expected).body()).isEqualTo(body);
            assertThat(FrameEncoder.headerSize(255)).isEqualTo(2);
        }

        @Test
        void shouldEncode256OctetBodyAsLongFrameWithEightOctetBigEndianSize() {
            byte[] body = counting(256);
            byte[] expected = concat(hex("02 00 00 00 00 00 00 01 00"), body);

            assertThat(FrameEncoder.frame(0, body)).isEqualTo(expected);
            assertThat(FrameEncoder.headerSize(256)).isEqualTo(9);
            assertThat(FrameEncoder.frameSize(256)).isEqualTo(265);
        }

        @Test
        void shouldDecode256OctetLongFrame() {
            byte[] body = counting(256);
            Frame f = decodeOne(concat(hex("02 00 00 00 00 00 00 01 00"), body));

            assertThat(f.flags() & ~FrameFlags.LONG).isZero();
            assertThat(f.body()).isEqualTo(body);
        }

        @Test
        void shouldEncodeAndDecode300OctetLongFrameWithMore() {
            byte[] body = counting(300);
            byte[] expected = concat(hex("03 00 00 00 00 00 00 01 2c"), body);

            assertThat(FrameEncoder.frame(FrameFlags.MORE, body)).isEqualTo(expected);
            Frame f = decodeOne(expected);
            assertThat(FrameFlags.isMore(f.flags())).isTrue();
            assertThat(f.body()).isEqualTo(body);
        }

        @Test
        void shouldDropLongFlagWhenBodyFitsShortFrame() {
            assertThat(FrameEncoder.frame(FrameFlags.LONG | FrameFlags.MORE, ascii("x"))).isEqualTo(hex("01 01 78"));
        }

        @Test
        void shouldAcceptLongHeaderCarryingSmallSize() {
            // RFC 23 does not forbid a long frame with a small size, and libzmq accepts it.
            Frame f = decodeOne(hex("02 00 00 00 00 00 00 00 03 61 62 63"));

            assertThat(f.body()).isEqualTo(ascii("abc"));
        }

        @Test
        void shouldWriteHeaderOnlyWhenAskedForHeader() {
            ByteBuffer dst = ByteBuffer.allocate(9);
            FrameEncoder.writeHeader(dst, FrameFlags.MORE, 1L << 32);

            assertThat(dst.array()).isEqualTo(hex("03 00 00 00 01 00 00 00 00"));
        }
    }

    @Nested
    class CommandVectors {
        @Test
        void shouldEncodeReadyWithSocketTypeAndIdentity() {
            Metadata md = Metadata.builder().put("Socket-Type", "DEALER").put("Identity", "peer-1").build();

            assertThat(new Command.Ready(md).toFrame()).isEqualTo(READY_DEALER_PEER1);
        }

        @Test
        void shouldDecodeReadyWithSocketTypeAndIdentity() {
            Frame f = decodeOne(READY_DEALER_PEER1);

            assertThat(f.flags()).isEqualTo(FrameFlags.COMMAND);
            Command c = Command.parse(f.body());
            assertThat(c).isInstanceOf(Command.Ready.class);
            Metadata md = ((Command.Ready) c).metadata();
            assertThat(md.getString("Socket-Type")).isEqualTo("DEALER");
            assertThat(md.get("Identity")).isEqualTo(ascii("peer-1"));
            assertThat(md.properties()).extracting(Metadata.Property::name).containsExactly("Socket-Type", "Identity");
        }

        @Test
        void shouldEncodeAndDecodeReadyWithoutProperties() {
            byte[] wire = hex("04 06 05 52 45 41 44 59");

            assertThat(new Command.Ready(Metadata.EMPTY).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Ready(Metadata.EMPTY));
        }

        @Test
        void shouldUseLongCommandFrameForReadyOver255Octets() {
            byte[] value = counting(300);
            Metadata md = Metadata.builder().put("X-Big", value).build();
            // body = 1 + 5 ("READY") + 1 + 5 ("X-Big") + 4 + 300 = 316 = 0x13c
            byte[] expected = concat(hex("06 00 00 00 00 00 00 01 3c 05 52 45 41 44 59 05 58 2d 42 69 67 00 00 01 2c"), value);

            assertThat(new Command.Ready(md).toFrame()).isEqualTo(expected);
            Frame f = decodeOne(expected);
            assertThat(FrameFlags.isCommand(f.flags())).isTrue();
            assertThat(Command.parse(f.body())).isEqualTo(new Command.Ready(md));
        }

        static final byte[] ERROR_INVALID_SOCKET_TYPE = hex("""
                04 1a
                05 45 52 52 4f 52
                13 49 6e 76 61 6c 69 64 20 73 6f 63 6b 65 74 20 74 79 70 65
                """);

        @Test
        void shouldEncodeErrorAsLengthPrefixedReason() {
            assertThat(new Command.Error("Invalid socket type").toFrame()).isEqualTo(ERROR_INVALID_SOCKET_TYPE);
        }

        @Test
        void shouldDecodeError() {
            assertThat(Command.parse(decodeOne(ERROR_INVALID_SOCKET_TYPE).body()))
                    .isEqualTo(new Command.Error("Invalid socket type"));
        }

        @Test
        void shouldEncodeAndDecodeErrorWithEmptyReason() {
            byte[] wire = hex("04 07 05 45 52 52 4f 52 00");

            assertThat(new Command.Error("").toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Error(""));
        }

        @Test
        void shouldEncodeSubscribeAsNameThenTopic() {
            byte[] wire = hex("04 0d 09 53 55 42 53 43 52 49 42 45 61 62 63");

            assertThat(new Command.Subscribe(ascii("abc")).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Subscribe(ascii("abc")));
        }

        @Test
        void shouldEncodeAndDecodeSubscribeToEverything() {
            byte[] wire = hex("04 0a 09 53 55 42 53 43 52 49 42 45");

            assertThat(new Command.Subscribe(new byte[0]).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Subscribe(new byte[0]));
        }

        @Test
        void shouldEncodeAndDecodeCancel() {
            byte[] wire = hex("04 0a 06 43 41 4e 43 45 4c 61 62 63");

            assertThat(new Command.Cancel(ascii("abc")).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Cancel(ascii("abc")));
        }

        @Test
        void shouldEncodePingWithBigEndianTtlInDecisecondsAndContext() {
            // TTL 30 s = 300 deciseconds = 0x012c
            byte[] wire = hex("04 0a 04 50 49 4e 47 01 2c 63 74 78");

            assertThat(new Command.Ping(300, ascii("ctx")).toFrame()).isEqualTo(wire);
            Command.Ping ping = (Command.Ping) Command.parse(decodeOne(wire).body());
            assertThat(ping.ttlDeciseconds()).isEqualTo(300);
            assertThat(ping.context()).isEqualTo(ascii("ctx"));
        }

        @Test
        void shouldDecodePingWithMaximumTtlAndSixteenOctetContext() {
            byte[] ctx = counting(16);
            byte[] wire = concat(hex("04 17 04 50 49 4e 47 ff ff"), ctx);

            assertThat(new Command.Ping(0xFFFF, ctx).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Ping(65535, ctx));
        }

        @Test
        void shouldEncodeAndDecodePingWithoutContext() {
            byte[] wire = hex("04 07 04 50 49 4e 47 00 00");

            assertThat(new Command.Ping(0, new byte[0]).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Ping(0, new byte[0]));
        }

        @Test
        void shouldEncodePongAsNameThenContext() {
            byte[] wire = hex("04 08 04 50 4f 4e 47 63 74 78");

            assertThat(new Command.Pong(ascii("ctx")).toFrame()).isEqualTo(wire);
            assertThat(Command.parse(decodeOne(wire).body())).isEqualTo(new Command.Pong(ascii("ctx")));
        }

        @Test
        void shouldSurfaceUnknownCommandWithItsNameAndData() {
            // HELLO belongs to PLAIN/CURVE: the codec itself does not interpret it.
            byte[] wire = hex("04 08 05 48 45 4c 4c 4f 01 02");

            Command c = Command.parse(decodeOne(wire).body());

            assertThat(c).isInstanceOf(Command.Unknown.class);
            assertThat(c.name()).isEqualTo("HELLO");
            assertThat(((Command.Unknown) c).data()).isEqualTo(hex("01 02"));
            assertThat(new Command.Unknown("HELLO", hex("01 02")).toFrame()).isEqualTo(wire);
        }

        @Test
        void shouldTreatCommandNamesCaseSensitively() {
            Command c = Command.parse(hex("05 72 65 61 64 79"));

            assertThat(c).isEqualTo(new Command.Unknown("ready", new byte[0]));
        }

        @Test
        void shouldMatchCommandNameWithoutParsing() {
            assertThat(Command.hasName(decodeOne(READY_DEALER_PEER1).body(), "READY")).isTrue();
            assertThat(Command.hasName(decodeOne(READY_DEALER_PEER1).body(), "ERROR")).isFalse();
            assertThat(Command.hasName(hex("05 52 45 41 44"), "READY")).isFalse();
        }
    }
}
