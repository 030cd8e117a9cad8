package io.monocoque.zmtp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmtp.Authenticator;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.FrameDecoder;
import io.monocoque.zmtp.Greeting;
import io.monocoque.zmtp.GreetingDecoder;
import io.monocoque.zmtp.Mechanism;
import io.monocoque.zmtp.Metadata;
import io.monocoque.zmtp.NullMechanism;
import io.monocoque.zmtp.PeerInfo;
import io.monocoque.zmtp.PlainMechanism;
import io.monocoque.zmtp.ZmtpProtocolException;
import io.monocoque.zmtp.ZmtpSession;
import io.monocoque.zmtp.ZmtpSocketType;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that parses peer bytes: the frame decoder, the
 * greeting, command and metadata parsing, and the NULL and PLAIN handshakes on both sides. The
 * only failure a peer may cause is {@link ZmtpProtocolException}; anything else (an
 * ArrayIndexOutOfBounds, an OutOfMemoryError from a peer-sized allocation, a hang) is a bug.
 *
 * <p>In the normal test run each target replays its seeds (regression mode). To fuzz, run one
 * target at a time with {@code JAZZER_FUZZ=1}, e.g.
 * {@code JAZZER_FUZZ=1 mvn -pl monocoque-zmtp test -Dtest=CodecFuzzTest#frameDecoder}; each stops
 * after {@code maxDuration} (CI runs all three that way; for a long run raise maxDuration). The
 * corpus grows in {@code monocoque-zmtp/.cifuzz-corpus} (not committed).
 */
class CodecFuzzTest {
    private static final int MAX_FRAME = 4096;

    @FuzzTest(maxDuration = "20s")
    void frameDecoder(FuzzedDataProvider data) {
        FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 300));
                decoder.decode(ByteBuffer.wrap(chunk), (flags, body) -> {
                    if (body.length > MAX_FRAME) {
                        throw new AssertionError("frame of " + body.length + " bytes passed a " + MAX_FRAME + " limit");
                    }
                    return true;
                });
            }
        } catch (ZmtpProtocolException expected) {
            // the only acceptable failure
        }
    }

    @FuzzTest(maxDuration = "20s")
    void greetingAndCommands(FuzzedDataProvider data) {
        try {
            new GreetingDecoder().decode(ByteBuffer.wrap(data.consumeBytes(70)));
        } catch (ZmtpProtocolException expected) {
            // fine
        }
        byte[] body = data.consumeRemainingAsBytes();
        try {
            Command.parse(body);
        } catch (ZmtpProtocolException expected) {
            // fine
        }
        try {
            Metadata.parse(body, 0, body.length);
        } catch (ZmtpProtocolException expected) {
            // fine
        }
    }

    @FuzzTest(maxDuration = "20s")
    void handshakes(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 2);
        Mechanism mechanism = switch (kind) {
            case 0 -> new NullMechanism();
            case 1 -> PlainMechanism.server(Authenticator.ALLOW_ALL);
            default -> PlainMechanism.client("user", "pass");
        };
        ZmtpSession session = new ZmtpSession(new ZmtpSession.Config(ZmtpSocketType.DEALER, new byte[] {1},
                mechanism, MAX_FRAME), new ZmtpSession.Listener() {
                    @Override
                    public void onHandshakeComplete(PeerInfo peer) {
                    }

                    @Override
                    public boolean onMessageFrame(int flags, byte[] body) {
                        return true;
                    }

                    @Override
                    public boolean onCommand(Command command) {
                        return true;
                    }
                });
        session.start();
        // A valid greeting first, so the fuzzer spends its time in the handshake, then fuzzed frames.
        byte[] greeting = Greeting.ofVersion31(mechanism.name(), kind == 2).toBytes();
        ByteBuffer out = ByteBuffer.allocate(1 << 12);
        try {
            session.receive(ByteBuffer.wrap(greeting));
            while (data.remainingBytes() > 0) {
                session.receive(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 200))));
                out.clear();
                session.drainOutput(out);
            }
        } catch (ZmtpProtocolException expected) {
            // fine
        }
    }
}
