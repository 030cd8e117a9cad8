package io.monocoque.bench.jmh;

import io.monocoque.Msg;
import io.monocoque.internal.MessageEncoder;
import io.monocoque.internal.MsgAccess;
import io.monocoque.internal.Pipe;
import io.monocoque.zmtp.FrameDecoder;
import io.monocoque.zmtp.FrameEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-message work of the codec on the engine's paths, one operation = one message:
 *
 * <pre>
 *   encode:  Pipe --poll--> MessageEncoder --ZMTP frames--> 64 KiB write buffer   (send path, a reused Msg)
 *   decode:  64 KiB read buffer --FrameDecoder--> exact-size frame --> Msg         (receive path)
 * </pre>
 *
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per message, which should
 * be 0 on the send path and the frame plus the {@code Msg} on the receive path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    /** Messages per invocation: what one 64 KiB buffer holds at 64 B. */
    private static final int BATCH = 512;

    @Param({"64", "1024"})
    int size;

    private final MsgAccess access = MsgAccess.get();
    private final MessageEncoder encoder = new MessageEncoder();
    private final MessageEncoder.CommandOutput noCommands = w -> true;
    private Pipe pipe;
    private Msg msg;
    private ByteBuffer writeBuffer;
    private ByteBuffer wire;
    private FrameDecoder decoder;

    @Setup
    public void setUp() {
        msg = Msg.of(new byte[size]);
        pipe = new Pipe(0, new Pipe.Listener() {
            @Override
            public void onReadable(Pipe p) {
            }

            @Override
            public void onWritable(Pipe p) {
            }
        });
        writeBuffer = ByteBuffer.allocate((int) FrameEncoder.frameSize(size) * BATCH);
        wire = ByteBuffer.allocate((int) FrameEncoder.frameSize(size) * BATCH);
        byte[] body = new byte[size];
        for (int i = 0; i < BATCH; i++) {
            FrameEncoder.writeFrame(wire, 0, body);
        }
        wire.flip();
        decoder = new FrameDecoder(-1);
    }

    /** Send path: BATCH messages through the outbound pipe into the write buffer. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int encode() {
        for (int i = 0; i < BATCH; i++) {
            pipe.offer(msg);
        }
        writeBuffer.clear();
        encoder.encode(pipe, writeBuffer, noCommands);
        return writeBuffer.position();
    }

    /** Receive path: BATCH frames decoded from the read buffer into messages. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decode(Blackhole bh) {
        wire.position(0);
        return decoder.decode(wire, (flags, body) -> {
            bh.consume(access.adopt(body, null));
            return true;
        });
    }
}
