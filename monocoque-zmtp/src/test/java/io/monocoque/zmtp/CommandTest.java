package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed command bodies and argument checks of the command records. */
class CommandTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "",                 // no name length
            "00",               // empty name
            "05 52 45 41 44",   // name of 5 announced, 4 present
    })
    void shouldRejectMissingEmptyOrTruncatedCommandName(String body) {
        byte[] bytes = hex(body);

        assertThatThrownBy(() -> Command.parse(bytes))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MALFORMED));
    }

    @Test
    void shouldRejectPingWithoutFullTtl() {
        assertThatThrownBy(() -> Command.parse(hex("04 50 49 4e 47 01")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("TTL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02 41 31", "02 41 2d", "01 20", "01 ff"})
    void shouldRejectCommandNameWithNonLetter(String body) {
        assertThatThrownBy(() -> Command.parse(hex(body)))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("invalid octet");
    }

    @Test
    void shouldRejectErrorWithoutReasonLength() {
        assertThatThrownBy(() -> Command.parse(hex("05 45 52 52 4f 52")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("ERROR");
    }

    @Test
    void shouldRejectErrorWithTruncatedReason() {
        assertThatThrownBy(() -> Command.parse(hex("05 45 52 52 4f 52 05 61 62")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectReadyWithMalformedMetadata() {
        assertThatThrownBy(() -> Command.parse(hex("05 52 45 41 44 59 00")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("metadata");
    }

    @Test
    void shouldRejectPingContextOver16Octets() {
        byte[] body = TestBytes.concat(hex("04 50 49 4e 47 00 01"), new byte[17]);

        assertThatThrownBy(() -> Command.parse(body)).isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("16");
    }

    @Test
    void shouldRejectPongContextOver16Octets() {
        byte[] body = TestBytes.concat(hex("04 50 4f 4e 47"), new byte[17]);

        assertThatThrownBy(() -> Command.parse(body)).isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("16");
    }

    @Test
    void shouldRejectOutOfRangePingArguments() {
        assertThatThrownBy(() -> new Command.Ping(-1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Ping(0x10000, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Ping(1, new byte[17])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command.Pong(new byte[17])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTruncateErrorReasonTo255Octets() {
        Command.Error e = new Command.Error("x".repeat(300));

        assertThat(e.reason()).hasSize(255);
        assertThat(e.toBody()).hasSize(1 + 5 + 1 + 255);
        assertThat(Command.parse(e.toBody())).isEqualTo(e);
    }

    @Test
    void shouldReportNameAndDataSizeConsistentWithBody() {
        Command[] commands = {
                new Command.Ready(Metadata.builder().put("Socket-Type", "PUB").build()),
                new Command.Error("bad"),
                new Command.Subscribe(ascii("topic")),
                new Command.Cancel(ascii("topic")),
                new Command.Ping(1, ascii("c")),
                new Command.Pong(ascii("c")),
                new Command.Unknown("HELLO", ascii("xyz")),
        };
        for (Command c : commands) {
            byte[] body = c.toBody();
            assertThat(body.length).as(c.name()).isEqualTo(1 + c.name().length() + c.dataSize());
            assertThat(Command.nameOf(body)).isEqualTo(c.name());
            assertThat(Command.parse(body)).isEqualTo(c);
        }
    }

    @Test
    void shouldCompareByteArrayCommandsByContent() {
        assertThat(new Command.Subscribe(ascii("a"))).isEqualTo(new Command.Subscribe(ascii("a")))
                .hasSameHashCodeAs(new Command.Subscribe(ascii("a")))
                .isNotEqualTo(new Command.Cancel(ascii("a")));
        assertThat(new Command.Ping(5, ascii("a"))).isNotEqualTo(new Command.Ping(6, ascii("a")));
        assertThat(new Command.Unknown("A", ascii("a"))).isNotEqualTo(new Command.Unknown("B", ascii("a")));
    }
}
