package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.ascii;
import static io.monocoque.zmtp.TestBytes.concat;
import static io.monocoque.zmtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataTest {

    /** Socket-Type=DEALER (property wire form). */
    private static final byte[] SOCKET_TYPE_DEALER = hex("0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44 45 41 4c 45 52");

    private static Metadata parse(byte[] bytes) {
        return Metadata.parse(bytes, 0, bytes.length);
    }

    private static byte[] encode(Metadata md) {
        ByteBuffer buf = ByteBuffer.allocate(md.encodedSize());
        md.encode(buf);
        assertThat(buf.hasRemaining()).isFalse();
        return buf.array();
    }

    @Test
    void shouldGetValuesByNameIgnoringCase() {
        Metadata md = parse(SOCKET_TYPE_DEALER);

        assertThat(md.getString("Socket-Type")).isEqualTo("DEALER");
        assertThat(md.getString("socket-type")).isEqualTo("DEALER");
        assertThat(md.getString("SOCKET-TYPE")).isEqualTo("DEALER");
        assertThat(md.get("sOcKeT-tYpE")).isEqualTo(ascii("DEALER"));
    }

    @Test
    void shouldReturnNullForAbsentProperty() {
        Metadata md = parse(SOCKET_TYPE_DEALER);

        assertThat(md.get("Identity")).isNull();
        assertThat(md.getString("Identity")).isNull();
    }

    @Test
    void shouldReturnFirstOfDuplicateNames() {
        Metadata md = Metadata.builder().put("X-A", "one").put("x-a", "two").build();

        assertThat(md.getString("X-A")).isEqualTo("one");
        assertThat(md.properties()).hasSize(2);
    }

    @Test
    void shouldParseEmptyInputAsEmptyMetadata() {
        assertThat(parse(new byte[0])).isSameAs(Metadata.EMPTY);
        assertThat(Metadata.EMPTY.encodedSize()).isZero();
        assertThat(Metadata.builder().build()).isSameAs(Metadata.EMPTY);
    }

    @Test
    void shouldParseOnlyTheGivenRange() {
        byte[] src = concat(hex("ff ff"), SOCKET_TYPE_DEALER, hex("ff"));

        Metadata md = Metadata.parse(src, 2, SOCKET_TYPE_DEALER.length);

        assertThat(md.getString("Socket-Type")).isEqualTo("DEALER");
    }

    @Test
    void shouldParseEmptyValue() {
        Metadata md = parse(hex("08 49 64 65 6e 74 69 74 79 00 00 00 00"));

        assertThat(md.get("Identity")).isEmpty();
    }

    @Test
    void shouldEncodeInInsertionOrderWithBigEndianValueLength() {
        Metadata md = Metadata.builder().put("Socket-Type", "DEALER").put("X", new byte[] {1, 2}).build();

        assertThat(encode(md)).isEqualTo(concat(SOCKET_TYPE_DEALER, hex("01 58 00 00 00 02 01 02")));
        assertThat(parse(encode(md))).isEqualTo(md);
    }

    @Test
    void shouldRejectEmptyName() {
        assertThatThrownBy(() -> parse(hex("00 00 00 00 00")))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MALFORMED))
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20", "3a", "2f", "00", "7f", "c3", "ff"})
    void shouldRejectInvalidNameCharacter(String badOctet) {
        byte[] bytes = hex("03 41 " + badOctet + " 42 00 00 00 00");

        assertThatThrownBy(() -> parse(bytes))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("invalid character");
    }

    @Test
    void shouldRejectNameTruncatedBeforeValueLength() {
        assertThatThrownBy(() -> parse(hex("0b 53 6f 63 6b 65 74")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectTruncatedValueLength() {
        assertThatThrownBy(() -> parse(hex("01 58 00 00 00")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectTruncatedValue() {
        byte[] truncated = java.util.Arrays.copyOf(SOCKET_TYPE_DEALER, SOCKET_TYPE_DEALER.length - 1);

        assertThatThrownBy(() -> parse(truncated))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void shouldRejectValueLengthExceedingRemainingBytes() {
        assertThatThrownBy(() -> parse(hex("01 58 7f ff ff ff 00")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void shouldRejectValueLengthWithTopBitSet() {
        assertThatThrownBy(() -> parse(hex("01 58 ff ff ff ff 00")))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("4294967295");
    }

    @Test
    void shouldRejectValueLengthThatOnlyFitsTheWholeArrayNotTheRange() {
        byte[] src = concat(hex("01 58 00 00 00 02"), hex("61 62"));

        assertThatThrownBy(() -> Metadata.parse(src, 0, src.length - 1)).isInstanceOf(ZmtpProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Socket Type", "Socket:Type", "Idéntity", "tab\t", "slash/"})
    void shouldRejectBadNamesInBuilderWithIllegalArgumentException(String name) {
        assertThatThrownBy(() -> Metadata.builder().put(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectNameLongerThan255InBuilder() {
        assertThatThrownBy(() -> Metadata.builder().put("A".repeat(256), "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptNameOf255CharactersAndAllGrammarCharacters() {
        Metadata md = Metadata.builder().put("A".repeat(255), "v").put("az-AZ_09.+", "w").build();

        assertThat(parse(encode(md))).isEqualTo(md);
        assertThat(encode(md)[0] & 0xFF).isEqualTo(255);
    }

    @Test
    void shouldCopyValuesInAndOut() {
        byte[] value = ascii("abc");
        Metadata md = Metadata.builder().put("X", value).build();

        value[0] = 'z';
        md.get("X")[1] = 'z';
        md.properties().get(0).value()[2] = 'z';

        assertThat(md.getString("X")).isEqualTo("abc");
    }

    @Test
    void shouldExposeUnmodifiablePropertyList() {
        Metadata md = Metadata.builder().put("X", "1").build();

        assertThatThrownBy(() -> md.properties().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldCompareEqualIgnoringNameCase() {
        Metadata a = Metadata.builder().put("Socket-Type", "DEALER").build();
        Metadata b = Metadata.builder().put("socket-type", "DEALER").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Metadata.builder().put("Socket-Type", "ROUTER").build());
    }
}
