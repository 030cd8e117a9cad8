package io.monocoque.zmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.monocoque.zmtp.TestBytes.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the codec: split-independence, encode/decode identity, and robustness against
 * arbitrary input (only {@link ZmtpProtocolException}, never an allocation beyond the limit).
 */
class CodecPropertiesTest {

    private static final int FUZZ_MAX_FRAME = 4096;
    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+";
    private static final Set<String> KNOWN_COMMANDS = Set.of("READY", "ERROR", "SUBSCRIBE", "CANCEL", "PING", "PONG");

    // ---------------------------------------------------------------- generators

    /** A body of 0..1000 octets, sizes spread evenly so long frames (> 255) are common. */
    static Arbitrary<byte[]> bodies(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).withSizeDistribution(RandomDistribution.uniform());
    }

    /** A message or command frame with a valid flag combination (COMMAND never with MORE). */
    @Provide
    Arbitrary<Frame> frames() {
        return Combinators.combine(Arbitraries.of(0, FrameFlags.MORE, FrameFlags.COMMAND), bodies(1000)).as(Frame::new);
    }

    @Provide
    Arbitrary<List<Frame>> frameLists() {
        return frames().list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Metadata> metadata() {
        Arbitrary<String> names = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(255);
        Arbitrary<Tuple.Tuple2<String, byte[]>> props = Combinators.combine(names, bodies(300)).as(Tuple::of);
        return props.list().ofMaxSize(6).map(list -> {
            Metadata.Builder b = Metadata.builder();
            list.forEach(t -> b.put(t.get1(), t.get2()));
            return b.build();
        });
    }

    /** Bytes biased towards valid flag octets (0..7), so the fuzz gets past the first check. */
    @Provide
    Arbitrary<byte[]> frameishBytes() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.bytes().between((byte) 0, (byte) 7)),
                Tuple.of(2, Arbitraries.bytes()));
        return b.list().ofMaxSize(2000).map(CodecPropertiesTest::toArray);
    }

    /** A valid frame stream with a few octets overwritten. */
    @Provide
    Arbitrary<byte[]> mutatedFrameStreams() {
        Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> mutations =
                Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes()).as(Tuple::of)
                        .list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(frameLists().filter(l -> !l.isEmpty()), mutations).as((fs, ms) -> {
            byte[] stream = encode(fs);
            for (Tuple.Tuple2<Integer, Byte> m : ms) {
                stream[m.get1() % stream.length] = m.get2();
            }
            return stream;
        });
    }

    /** Greetings: random version, mechanism and as-server, then a few octets overwritten, or pure noise. */
    @Provide
    Arbitrary<byte[]> greetingish() {
        Arbitrary<byte[]> valid = Combinators.combine(
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.of("NULL", "PLAIN", "CURVE", "X"), Arbitraries.of(false, true))
                .as((major, minor, mech, server) -> new Greeting(major, minor, mech, server).toBytes());
        Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> mutations =
                Combinators.combine(Arbitraries.integers().between(0, 63), Arbitraries.bytes()).as(Tuple::of)
                        .list().ofMaxSize(3);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, mutations).as((g, ms) -> {
            for (Tuple.Tuple2<Integer, Byte> m : ms) {
                g[m.get1()] = m.get2();
            }
            return g;
        });
        return Arbitraries.oneOf(mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(100));
    }

    /** Command bodies: noise, or a known name followed by noise. */
    @Provide
    Arbitrary<byte[]> commandish() {
        Arbitrary<byte[]> named = Combinators.combine(Arbitraries.of(KNOWN_COMMANDS.toArray(String[]::new)), bodies(40))
                .as((name, data) -> new Command.Unknown(name, data).toBody());
        return Arbitraries.oneOf(named, bodies(60));
    }

    /** Metadata: noise, or valid metadata with a byte overwritten or the end cut off. */
    @Provide
    Arbitrary<byte[]> metadataish() {
        Arbitrary<byte[]> damaged = Combinators.combine(metadata(), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.bytes(), Arbitraries.of(true, false)).as((md, pos, value, cut) -> {
                    byte[] bytes = encode(md);
                    if (bytes.length == 0) {
                        return bytes;
                    }
                    if (cut) {
                        return java.util.Arrays.copyOf(bytes, pos % bytes.length);
                    }
                    bytes[pos % bytes.length] = value;
                    return bytes;
                });
        return Arbitraries.oneOf(damaged, bodies(60));
    }

    // ---------------------------------------------------------------- helpers

    static byte[] toArray(List<Byte> list) {
        byte[] a = new byte[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    static byte[] encode(List<Frame> frames) {
        int size = 0;
        for (Frame f : frames) {
            size += (int) FrameEncoder.frameSize(f.body().length);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (Frame f : frames) {
            FrameEncoder.writeFrame(buf, f.flags(), f.body());
        }
        assertThat(buf.hasRemaining()).isFalse();
        return buf.array();
    }

    static byte[] encode(Metadata md) {
        ByteBuffer buf = ByteBuffer.allocate(md.encodedSize());
        md.encode(buf);
        assertThat(buf.hasRemaining()).isFalse();
        return buf.array();
    }

    /** The frame as the decoder reports it: LONG set exactly when the body needs a long header. */
    static Frame asDecoded(Frame f) {
        return new Frame(f.flags() | (f.body().length > FrameEncoder.SHORT_MAX ? FrameFlags.LONG : 0), f.body());
    }

    /** Feeds {@code stream} in chunks whose sizes cycle through {@code chunkSizes}. */
    static List<Frame> decodeInChunks(FrameDecoder decoder, byte[] stream, List<Integer> chunkSizes) {
        List<Frame> out = new ArrayList<>();
        int off = 0;
        for (int i = 0; off < stream.length; i++) {
            int n = Math.min(chunkSizes.get(i % chunkSizes.size()), stream.length - off);
            ByteBuffer chunk = ByteBuffer.wrap(stream, off, n);
            decoder.decode(chunk, (flags, body) -> out.add(new Frame(flags, body)));
            assertThat(chunk.hasRemaining()).isFalse();
            off += n;
        }
        return out;
    }

    static void assertOnlyProtocolErrors(Runnable r) {
        try {
            r.run();
        } catch (ZmtpProtocolException expected) {
            assertThat(expected.kind()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail("expected success or ZmtpProtocolException, got " + t, t);
        }
    }

    // ---------------------------------------------------------------- (a) split independence

    @Property(tries = 300)
    void anySplitOfAnEncodedFrameStreamDecodesToTheSameFrames(
            @ForAll("frameLists") List<Frame> frames,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 300) Integer> chunkSizes) {
        byte[] stream = encode(frames);
        FrameDecoder decoder = new FrameDecoder(1000);

        List<Frame> decoded = decodeInChunks(decoder, stream, chunkSizes);

        assertThat(decoded).containsExactlyElementsOf(frames.stream().map(CodecPropertiesTest::asDecoded).toList());
        assertThat(decoder.isMidFrame()).isFalse();
    }

    @Property(tries = 100)
    void byteAtATimeDecodingEqualsWholeBufferDecoding(@ForAll("frameLists") List<Frame> frames) {
        byte[] stream = encode(frames);

        List<Frame> oneByOne = decodeInChunks(new FrameDecoder(-1), stream, List.of(1));

        assertThat(oneByOne).isEqualTo(decodeInChunks(new FrameDecoder(-1), stream, List.of(Integer.MAX_VALUE)));
    }

    // ---------------------------------------------------------------- (b) encode/decode identity

    @Property(tries = 300)
    void frameEncodeThenDecodeIsIdentity(@ForAll("frames") Frame frame) {
        byte[] wire = FrameEncoder.frame(frame.flags(), frame.body());

        assertThat(wire).hasSize((int) FrameEncoder.frameSize(frame.body().length));
        assertThat(TestBytes.decodeOne(wire)).isEqualTo(asDecoded(frame));
    }

    @Property(tries = 300)
    void metadataEncodeThenParseIsIdentity(@ForAll("metadata") Metadata md) {
        byte[] wire = encode(md);

        Metadata parsed = Metadata.parse(wire, 0, wire.length);

        assertThat(parsed).isEqualTo(md);
        assertThat(parsed.properties()).extracting(Metadata.Property::name)
                .containsExactlyElementsOf(md.properties().stream().map(Metadata.Property::name).toList());
        assertThat(parsed.encodedSize()).isEqualTo(wire.length);
    }

    private static void assertCommandRoundTrip(Command command) {
        Frame frame = TestBytes.decodeOne(command.toFrame());

        assertThat(FrameFlags.isCommand(frame.flags())).isTrue();
        assertThat(FrameFlags.isMore(frame.flags())).isFalse();
        Command parsed = Command.parse(frame.body());
        assertThat(parsed).isInstanceOf(command.getClass()).isEqualTo(command);
        assertThat(parsed.name()).isEqualTo(command.name());
    }

    @Property(tries = 200)
    void readyRoundTrips(@ForAll("metadata") Metadata md) {
        assertCommandRoundTrip(new Command.Ready(md));
    }

    @Property(tries = 200)
    void errorRoundTrips(@ForAll("errorReasons") String reason) {
        assertCommandRoundTrip(new Command.Error(reason));
    }

    @Provide
    Arbitrary<String> errorReasons() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(255);
    }

    @Property(tries = 200)
    void subscribeRoundTrips(@ForAll @Size(max = 300) byte[] topic) {
        assertCommandRoundTrip(new Command.Subscribe(topic));
    }

    @Property(tries = 200)
    void cancelRoundTrips(@ForAll @Size(max = 300) byte[] topic) {
        assertCommandRoundTrip(new Command.Cancel(topic));
    }

    @Property(tries = 200)
    void pingRoundTrips(@ForAll @IntRange(min = 0, max = 0xFFFF) int ttl, @ForAll @Size(max = 16) byte[] context) {
        assertCommandRoundTrip(new Command.Ping(ttl, context));
    }

    @Property(tries = 200)
    void pongRoundTrips(@ForAll @Size(max = 16) byte[] context) {
        assertCommandRoundTrip(new Command.Pong(context));
    }

    @Property(tries = 200)
    void unknownCommandRoundTrips(@ForAll("unknownNames") String name, @ForAll @Size(max = 300) byte[] data) {
        assertCommandRoundTrip(new Command.Unknown(name, data));
    }

    @Provide
    Arbitrary<String> unknownNames() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(255).filter(n -> !KNOWN_COMMANDS.contains(n));
    }

    // ---------------------------------------------------------------- (c) robustness

    @Property(tries = 300)
    void frameDecoderOnArbitraryBytesThrowsOnlyProtocolErrorsAndNeverExceedsTheMaximum(
            @ForAll("frameishBytes") byte[] noise,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 64) Integer> chunkSizes) {
        fuzzFrameDecoder(noise, chunkSizes);
    }

    @Property(tries = 300)
    void frameDecoderOnMutatedStreamsThrowsOnlyProtocolErrorsAndNeverExceedsTheMaximum(
            @ForAll("mutatedFrameStreams") byte[] stream,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 400) Integer> chunkSizes) {
        fuzzFrameDecoder(stream, chunkSizes);
    }

    private static void fuzzFrameDecoder(byte[] input, List<Integer> chunkSizes) {
        FrameDecoder decoder = new FrameDecoder(FUZZ_MAX_FRAME);
        List<Frame> delivered = new ArrayList<>();
        assertOnlyProtocolErrors(() -> delivered.addAll(decodeInChunks(decoder, input, chunkSizes)));
        assertThat(delivered).allSatisfy(f -> {
            assertThat(f.body().length).isLessThanOrEqualTo(FUZZ_MAX_FRAME);
            assertThat(f.flags() & FrameFlags.RESERVED).isZero();
            assertThat(FrameFlags.isCommand(f.flags()) && FrameFlags.isMore(f.flags())).isFalse();
        });
    }

    @Property(tries = 300)
    void frameHeaderAnnouncingMoreThanTheMaximumIsRefusedBeforeAnyBodyArrives(
            @ForAll @LongRange(min = FUZZ_MAX_FRAME + 1, max = Long.MAX_VALUE) long announced,
            @ForAll("validFlags") int flags) {
        ByteBuffer header = ByteBuffer.allocate(9).put((byte) (flags | FrameFlags.LONG)).putLong(announced).flip();
        FrameDecoder decoder = new FrameDecoder(FUZZ_MAX_FRAME);

        try {
            decoder.decode(header, (f, b) -> fail("no frame expected"));
            fail("a header announcing " + announced + " bytes was accepted");
        } catch (ZmtpProtocolException e) {
            // Sizes with the top bit set are malformed; the rest must hit the max-size check.
            assertThat(e.kind()).isEqualTo(announced < 0 ? ZmtpProtocolException.Kind.MALFORMED
                    : ZmtpProtocolException.Kind.MESSAGE_TOO_LARGE);
            assertThat(header.position()).isLessThanOrEqualTo(9);
        }
    }

    @Provide
    Arbitrary<Integer> validFlags() {
        return Arbitraries.of(0, FrameFlags.MORE, FrameFlags.COMMAND);
    }

    @Property(tries = 300)
    void greetingDecoderOnArbitraryBytesThrowsOnlyProtocolErrors(@ForAll("greetingish") byte[] input) {
        GreetingDecoder whole = new GreetingDecoder();
        Greeting[] result = new Greeting[1];
        assertOnlyProtocolErrors(() -> result[0] = whole.decode(ByteBuffer.wrap(input)));
        if (result[0] != null) {
            assertThat(result[0].major()).isGreaterThanOrEqualTo(3);
            assertThat(Greeting.isValidMechanismName(result[0].mechanism())).isTrue();
            assertThat(whole.received()).isEqualTo(Greeting.SIZE);
        }
    }

    @Property(tries = 200)
    void greetingDecoderGivesTheSameAnswerWhateverTheSplit(@ForAll("greetingish") byte[] input) {
        Object whole = outcome(input, input.length);
        Object oneByOne = outcome(input, 1);

        assertThat(oneByOne).isEqualTo(whole);
    }

    private static Object outcome(byte[] input, int chunk) {
        GreetingDecoder d = new GreetingDecoder();
        Greeting g = null;
        try {
            for (int off = 0; off < input.length; off += chunk) {
                g = d.decode(ByteBuffer.wrap(input, off, Math.min(chunk, input.length - off)));
            }
        } catch (ZmtpProtocolException e) {
            return e.kind() + "@" + d.received();
        }
        return g == null ? "need more" : g;
    }

    @Property(tries = 300)
    void commandParseOnArbitraryBytesThrowsOnlyProtocolErrors(@ForAll("commandish") byte[] body) {
        assertOnlyProtocolErrors(() -> {
            Command c = Command.parse(body);
            assertThat(c.name()).isEqualTo(Command.nameOf(body));
            if (!(c instanceof Command.Error)) {
                // ERROR is parsed leniently (octets after the reason are ignored, non-ASCII is
                // replaced), so only the other commands must re-encode to the exact body.
                assertThat(c.toBody()).as("a parsed command re-encodes to its body").isEqualTo(body);
            }
        });
    }

    @Property(tries = 300)
    void metadataParseOnArbitraryBytesThrowsOnlyProtocolErrors(@ForAll("metadataish") byte[] bytes) {
        assertOnlyProtocolErrors(() -> {
            Metadata md = Metadata.parse(bytes, 0, bytes.length);
            assertThat(encode(md)).isEqualTo(bytes);
        });
    }

    @Property(tries = 200)
    void sessionAfterGreetingThrowsOnlyProtocolErrors(@ForAll("frameishBytes") byte[] noise) {
        ZmtpSessionTest.Side s = ZmtpSessionTest.side(ZmtpSocketType.DEALER, null, FUZZ_MAX_FRAME);
        byte[] input = TestBytes.concat(ZmtpSessionTest.nullGreeting(), noise);

        assertOnlyProtocolErrors(() -> s.session().receive(ByteBuffer.wrap(input)));
        assertThat(s.events().frames).allSatisfy(f -> assertThat(f.body().length).isLessThanOrEqualTo(FUZZ_MAX_FRAME));
    }
}
