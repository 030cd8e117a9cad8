package io.monocoque.zmtp;

import static io.monocoque.zmtp.TestBytes.concat;
import static io.monocoque.zmtp.TestBytes.counting;
import static io.monocoque.zmtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmtp.TestBytes.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private final List<Frame> frames = new ArrayList<>();
    private final FrameHandler collect = (flags, body) -> frames.add(new Frame(flags, body));

    private static ZmtpProtocolException.Kind kindOf(Throwable t) {
        return ((ZmtpProtocolException) t).kind();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x10, 0x20, 0x40, 0x80, 0xF8, 0x41, 0x4A})
    void shouldRejectReservedFlagBits(int flags) {
        FrameDecoder decoder = new FrameDecoder(1024);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {(byte) flags, 0}), collect))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("reserved bits")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ZmtpProtocolException.Kind.MALFORMED));
        assertThat(frames).isEmpty();
    }

    @Test
    void shouldRejectReservedFlagBitsWhenFlagsOctetArrivesAlone() {
        FrameDecoder decoder = new FrameDecoder(1024);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("40")), collect))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("reserved bits");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x05, 0x07})
    void shouldRejectCommandWithMoreFlag(int flags) {
        FrameDecoder decoder = new FrameDecoder(1024);
        byte[] frame = concat(new byte[] {(byte) flags}, flags == 0x05 ? hex("01 41") : hex("00 00 00 00 00 00 00 01 41"));

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(frame), collect))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("command with MORE")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ZmtpProtocolException.Kind.MALFORMED));
        assertThat(frames).isEmpty();
    }

    @Test
    void shouldRejectLongSizeWithTopBitSetAsSoonAsItsFirstOctetArrives() {
        FrameDecoder decoder = new FrameDecoder(-1);
        ByteBuffer in = ByteBuffer.wrap(hex("02 80"));

        assertThatThrownBy(() -> decoder.decode(in, collect))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("top bit")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ZmtpProtocolException.Kind.MALFORMED));
    }

    @Test
    void shouldRejectOversizedLongFrameFromHeaderAloneWithoutAllocating() {
        // 9-byte header announcing 2^40 bytes; no body follows. An allocation attempt would OOM.
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        ByteBuffer in = ByteBuffer.wrap(hex("02 00 00 01 00 00 00 00 00"));

        assertThatThrownBy(() -> decoder.decode(in, collect))
                .isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining(Long.toString(1L << 40))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ZmtpProtocolException.Kind.MESSAGE_TOO_LARGE));
        assertThat(in.position()).isEqualTo(9);
    }

    @Test
    void shouldRejectOversizedFrameEvenWithoutConfiguredLimit() {
        // 2^62: larger than any Java array, so "no limit" still has to refuse it before allocating.
        FrameDecoder decoder = new FrameDecoder(-1);

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("02 40 00 00 00 00 00 00 00")), collect))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MESSAGE_TOO_LARGE));
    }

    @Test
    void shouldRejectOversizedShortFrameBeforeItsBodyArrives() {
        FrameDecoder decoder = new FrameDecoder(10);
        ByteBuffer in = ByteBuffer.wrap(hex("00 0b"));

        assertThatThrownBy(() -> decoder.decode(in, collect))
                .isInstanceOfSatisfying(ZmtpProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZmtpProtocolException.Kind.MESSAGE_TOO_LARGE));
    }

    @Test
    void shouldAcceptFrameOfExactlyTheMaximumSize() {
        FrameDecoder decoder = new FrameDecoder(10);

        decoder.decode(ByteBuffer.wrap(concat(hex("00 0a"), counting(10))), collect);

        assertThat(frames).containsExactly(new Frame(0, counting(10)));
    }

    @Test
    void shouldApplyChangedMaximumToFramesNotYetStarted() {
        FrameDecoder decoder = new FrameDecoder(4);
        decoder.decode(ByteBuffer.wrap(hex("00 04 01 02 03 04")), collect);

        decoder.setMaxFrameSize(3);

        assertThat(decoder.maxFrameSize()).isEqualTo(3);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("00 04")), collect))
                .isInstanceOf(ZmtpProtocolException.class);
    }

    @Test
    void shouldTreatNegativeMaximumAsLargestJavaArray() {
        assertThat(new FrameDecoder(-1).maxFrameSize()).isEqualTo(Integer.MAX_VALUE - 8);
        assertThat(new FrameDecoder(Long.MAX_VALUE).maxFrameSize()).isEqualTo(Integer.MAX_VALUE - 8);
    }

    @Test
    void shouldPauseWhenHandlerReturnsFalseAndLeaveRemainingBytesInBuffer() {
        byte[] stream = concat(hex("01 01 61"), hex("00 01 62"), hex("00 01 63"));
        ByteBuffer in = ByteBuffer.wrap(stream);
        FrameDecoder decoder = new FrameDecoder(1024);
        FrameHandler pauseAfterEach = (flags, body) -> {
            frames.add(new Frame(flags, body));
            return false;
        };

        assertThat(decoder.decode(in, pauseAfterEach)).isEqualTo(1);
        assertThat(in.position()).isEqualTo(3);
        assertThat(in.remaining()).isEqualTo(6);
        assertThat(decoder.isMidFrame()).isFalse();
        assertThat(frames).containsExactly(new Frame(FrameFlags.MORE, TestBytes.ascii("a")));

        assertThat(decoder.decode(in, pauseAfterEach)).isEqualTo(1);
        assertThat(in.remaining()).isEqualTo(3);
        assertThat(decoder.decode(in, collect)).isEqualTo(1);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(frames).extracting(f -> new String(f.body())).containsExactly("a", "b", "c");
    }

    @Test
    void shouldDeliverEveryFrameAndCountThemWhenHandlerKeepsGoing() {
        byte[] stream = concat(hex("01 01 61"), hex("00 00"), hex("04 06 05 52 45 41 44 59"));

        int n = new FrameDecoder(1024).decode(ByteBuffer.wrap(stream), collect);

        assertThat(n).isEqualTo(3);
        assertThat(frames).containsExactly(
                new Frame(FrameFlags.MORE, TestBytes.ascii("a")),
                new Frame(0, new byte[0]),
                new Frame(FrameFlags.COMMAND, hex("05 52 45 41 44 59")));
    }

    @Test
    void shouldResumeLongHeaderSplitAtEveryOctet() {
        byte[] body = counting(300);
        byte[] stream = concat(hex("03 00 00 00 00 00 00 01 2c"), body);
        FrameDecoder decoder = new FrameDecoder(1024);

        for (int i = 0; i < stream.length - 1; i++) {
            assertThat(decoder.decode(ByteBuffer.wrap(stream, i, 1), collect)).isZero();
            assertThat(decoder.isMidFrame()).isTrue();
        }
        assertThat(decoder.decode(ByteBuffer.wrap(stream, stream.length - 1, 1), collect)).isEqualTo(1);

        assertThat(decoder.isMidFrame()).isFalse();
        assertThat(frames).containsExactly(new Frame(FrameFlags.MORE | FrameFlags.LONG, body));
    }

    @Test
    void shouldDeliverEmptyFrameWhoseHeaderEndsTheBuffer() {
        FrameDecoder decoder = new FrameDecoder(1024);

        decoder.decode(ByteBuffer.wrap(hex("01")), collect);
        assertThat(frames).isEmpty();
        decoder.decode(ByteBuffer.wrap(hex("00")), collect);

        assertThat(frames).containsExactly(new Frame(FrameFlags.MORE, new byte[0]));
    }

    @Test
    void shouldCopyBodySoTheInputBufferCanBeReused() {
        byte[] stream = hex("00 03 61 62 63");

        new FrameDecoder(1024).decode(ByteBuffer.wrap(stream), collect);
        java.util.Arrays.fill(stream, (byte) 0);

        assertThat(frames.get(0).body()).isEqualTo(TestBytes.ascii("abc"));
    }

    @Test
    void shouldDecodeFromBufferWhosePositionIsNotZero() {
        ByteBuffer in = ByteBuffer.wrap(hex("ff ff 00 02 61 62 ff")).position(2).limit(6);

        new FrameDecoder(1024).decode(in, collect);

        assertThat(frames).containsExactly(new Frame(0, TestBytes.ascii("ab")));
    }
}
