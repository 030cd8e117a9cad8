package io.monocoque.zmtp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmtp.Authenticator;
import io.monocoque.zmtp.Command;
import io.monocoque.zmtp.CurveCrypto;
import io.monocoque.zmtp.CurveMechanism;
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
 * greeting, command and metadata parsing, the NULL, PLAIN and CURVE handshakes on both sides,
 * and a real CURVE conversation whose bytes the fuzzer flips, drops and replays. The
 * only failure a peer may cause is {@link ZmtpProtocolException}; anything else (an
 * ArrayIndexOutOfBounds, an OutOfMemoryError from a peer-sized allocation, a hang) is a bug.
 *
 * <p>In the normal test run each target replays its seeds (regression mode). To fuzz, run one
 * target at a time with {@code JAZZER_FUZZ=1}, e.g.
 * {@code JAZZER_FUZZ=1 mvn -pl monocoque-zmtp test -Dtest=CodecFuzzTest#frameDecoder}; each stops
 * after {@code maxDuration} (CI runs all four that way; for a long run raise maxDuration). The
 * corpus grows in {@code monocoque-zmtp/.cifuzz-corpus} (not committed).
 */
class CodecFuzzTest {
    private static final int MAX_FRAME = 4096;
    private static final byte[] SERVER_SECRET = CurveCrypto.newSecretKey();
    private static final byte[] SERVER_PUBLIC = CurveCrypto.publicKey(SERVER_SECRET);
    private static final byte[] CLIENT_SECRET = CurveCrypto.newSecretKey();
    private static final byte[] CLIENT_PUBLIC = CurveCrypto.publicKey(CLIENT_SECRET);

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
        int kind = data.consumeInt(0, 4);
        Mechanism mechanism = switch (kind) {
            case 0 -> new NullMechanism();
            case 1 -> PlainMechanism.server(Authenticator.ALLOW_ALL);
            case 2 -> PlainMechanism.client("user", "pass");
            case 3 -> CurveMechanism.server(SERVER_SECRET, Authenticator.ALLOW_ALL);
            default -> CurveMechanism.client(CLIENT_PUBLIC, CLIENT_SECRET, SERVER_PUBLIC);
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
        byte[] greeting = Greeting.ofVersion31(mechanism.name(), kind == 2 || kind == 4).toBytes();
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

    /**
     * A CURVE client and server talk through a channel the fuzzer controls: it flips octets,
     * truncates or repeats chunks of the client's bytes. The server may only fail with
     * {@link ZmtpProtocolException}, and every frame it accepts must be one the client sealed, in
     * order: tampering must never deliver a forged, replayed or reordered frame.
     */
    @FuzzTest(maxDuration = "20s")
    void curveTampering(FuzzedDataProvider data) {
        java.util.List<byte[]> received = new java.util.ArrayList<>();
        ZmtpSession server = curveSession(CurveMechanism.server(SERVER_SECRET, Authenticator.ALLOW_ALL), received);
        ZmtpSession client = curveSession(CurveMechanism.client(CLIENT_PUBLIC, CLIENT_SECRET, SERVER_PUBLIC),
                new java.util.ArrayList<>());
        java.util.List<byte[]> sent = new java.util.ArrayList<>();
        ByteBuffer out = ByteBuffer.allocate(1 << 14);
        try {
            for (int round = 0; round < 8 && data.remainingBytes() > 0; round++) {
                out.clear();
                if (client.phase() == ZmtpSession.Phase.ACTIVE) {
                    byte[] body = data.consumeBytes(data.consumeInt(0, 64));
                    sent.add(body);
                    client.encodeMessageFrame(out, false, body);
                }
                client.drainOutput(out);
                out.flip();
                byte[] wire = new byte[out.remaining()];
                out.get(wire);
                byte[] mangled = mangle(wire, data);
                server.receive(ByteBuffer.wrap(mangled));
                out.clear();
                server.drainOutput(out);
                out.flip();
                client.receive(out);
            }
        } catch (ZmtpProtocolException expected) {
            // fine: the connection would be dropped
        }
        // Accepted frames must be an in-order subsequence of the sent ones: never forged, replayed
        // or reordered. A frame whose bytes were cut away entirely is simply missing, as in libzmq
        // (nonces must increase, not be consecutive).
        int next = 0;
        for (byte[] got : received) {
            while (next < sent.size() && !java.util.Arrays.equals(got, sent.get(next))) {
                next++;
            }
            if (next == sent.size()) {
                throw new AssertionError("server accepted a frame (" + java.util.HexFormat.of().formatHex(got)
                        + ") that the client did not send at that point");
            }
            next++;
        }
    }

    private static byte[] mangle(byte[] wire, FuzzedDataProvider data) {
        if (wire.length == 0) {
            return wire;
        }
        return switch (data.consumeInt(0, 3)) {
            case 0 -> wire;
            case 1 -> {
                byte[] w = wire.clone();
                w[data.consumeInt(0, w.length - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
                yield w;
            }
            case 2 -> java.util.Arrays.copyOf(wire, data.consumeInt(0, wire.length - 1));
            default -> {
                byte[] w = java.util.Arrays.copyOf(wire, 2 * wire.length);
                System.arraycopy(wire, 0, w, wire.length, wire.length);
                yield w;
            }
        };
    }

    private static ZmtpSession curveSession(Mechanism mechanism, java.util.List<byte[]> frames) {
        ZmtpSession s = new ZmtpSession(new ZmtpSession.Config(
                mechanism.asServer() ? ZmtpSocketType.PULL : ZmtpSocketType.PUSH, null, mechanism, MAX_FRAME),
                new ZmtpSession.Listener() {
                    @Override
                    public void onHandshakeComplete(PeerInfo peer) {
                    }

                    @Override
                    public boolean onMessageFrame(int flags, byte[] body) {
                        frames.add(body);
                        return true;
                    }

                    @Override
                    public boolean onCommand(Command command) {
                        return true;
                    }
                });
        s.start();
        return s;
    }
}
