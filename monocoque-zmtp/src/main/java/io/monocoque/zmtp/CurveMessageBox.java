package io.monocoque.zmtp;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * CURVE's MESSAGE command (RFC 26), one per frame after the handshake.
 *
 * <pre>
 * +------------+----------------+----------+-------+-----------------+
 * | 0x07       | short nonce    | MAC      | flags | payload         |
 * | "MESSAGE"  | 8, big-endian  | 16       | 1     | (rest)          |
 * +------------+----------------+----------+-------+-----------------+
 *                                 \______ Box[flags + payload] ______/
 *   box nonce = "CurveZMQMESSAGEC" (client to server) or "CurveZMQMESSAGES" + short nonce
 * </pre>
 *
 * Every box of a connection uses a 24-byte nonce that starts with the same 16-octet prefix, so
 * XSalsa20's HSalsa20 step is done once per direction and each frame costs one Salsa20 keystream
 * plus one Poly1305. The short nonce continues the counter of the handshake's boxes; received
 * nonces must strictly increase.
 */
final class CurveMessageBox implements MessageCipher {
    static final byte[] NAME = "\u0007MESSAGE".getBytes(StandardCharsets.US_ASCII);
    /** Name (8) + short nonce (8) + MAC (16) + flags (1). */
    static final int OVERHEAD = 8 + 8 + CurveCrypto.MAC_SIZE + 1;
    private static final int NONCE_OFF = 8;
    private static final int MAC_OFF = 16;
    private static final int FLAGS_OFF = 32;

    private final Salsa20Engine sealer = new Salsa20Engine();
    private final Salsa20Engine opener = new Salsa20Engine();
    private final Poly1305 sealMac = new Poly1305();
    private final Poly1305 openMac = new Poly1305();
    private final byte[] sealIv = new byte[8];
    private final byte[] sealPolyKey = new byte[CurveCrypto.KEY_SIZE];
    private final byte[] openPolyKey = new byte[CurveCrypto.KEY_SIZE];
    private final byte[] macScratch = new byte[CurveCrypto.MAC_SIZE];
    private long nextNonce;
    private long lastPeerNonce;
    private int openedFlags;

    /**
     * @param key           the connection's precomputed box key (C' with S')
     * @param asServer      whether this side is the CURVE server (it seals with the "S" prefix)
     * @param nextNonce     the short nonce of the first MESSAGE this side sends
     * @param lastPeerNonce the last short nonce the peer used in the handshake
     */
    CurveMessageBox(byte[] key, boolean asServer, long nextNonce, long lastPeerNonce) {
        byte[] client = "CurveZMQMESSAGEC".getBytes(StandardCharsets.US_ASCII);
        byte[] server = "CurveZMQMESSAGES".getBytes(StandardCharsets.US_ASCII);
        byte[] sealKey = CurveCrypto.hsalsa20(key, asServer ? server : client, 0);
        byte[] openKey = CurveCrypto.hsalsa20(key, asServer ? client : server, 0);
        sealer.init(true, new ParametersWithIV(new KeyParameter(sealKey), new byte[8]));
        opener.init(false, new ParametersWithIV(new KeyParameter(openKey), new byte[8]));
        this.nextNonce = nextNonce;
        this.lastPeerNonce = lastPeerNonce;
    }

    @Override
    public int overhead() {
        return OVERHEAD;
    }

    @Override
    public void seal(int flags, byte[] payload, int off, int len, byte[] out, int outOff) {
        long nonce = nextNonce++;
        System.arraycopy(NAME, 0, out, outOff, NAME.length);
        putLong(out, outOff + NONCE_OFF, nonce);
        System.arraycopy(out, outOff + NONCE_OFF, sealIv, 0, 8);
        sealer.init(true, new ParametersWithIV(null, sealIv));
        CurveCrypto.polyKey(sealer, sealPolyKey);
        out[outOff + FLAGS_OFF] = sealer.returnByte((byte) (flags & (MORE | COMMAND)));
        sealer.processBytes(payload, off, len, out, outOff + FLAGS_OFF + 1);
        sealMac.init(new KeyParameter(sealPolyKey));
        sealMac.update(out, outOff + FLAGS_OFF, len + 1);
        sealMac.doFinal(out, outOff + MAC_OFF);
    }

    @Override
    public byte[] open(byte[] body) {
        if (body.length < NAME.length || !Command.hasName(body, "MESSAGE")) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.MALFORMED,
                    "CURVE peer sent a frame that is not a MESSAGE command");
        }
        if (body.length < OVERHEAD) {
            throw ZmtpProtocolException.malformed("CURVE MESSAGE of " + body.length + " octets is shorter than "
                    + OVERHEAD);
        }
        long nonce = getLong(body, NONCE_OFF);
        if (Long.compareUnsigned(nonce, lastPeerNonce) <= 0) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.CRYPTOGRAPHIC,
                    "CURVE MESSAGE nonce " + Long.toUnsignedString(nonce) + " does not follow "
                            + Long.toUnsignedString(lastPeerNonce) + " (replayed or reordered)");
        }
        opener.init(false, new ParametersWithIV(null, java.util.Arrays.copyOfRange(body, NONCE_OFF, NONCE_OFF + 8)));
        CurveCrypto.polyKey(opener, openPolyKey);
        int len = body.length - FLAGS_OFF;
        if (!CurveCrypto.authentic(openMac, openPolyKey, body, FLAGS_OFF, len, body, MAC_OFF, macScratch)) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.CRYPTOGRAPHIC,
                    "CURVE MESSAGE does not authenticate (tampered, or sealed with another key)");
        }
        lastPeerNonce = nonce;
        openedFlags = opener.returnByte(body[FLAGS_OFF]) & 0xFF;
        byte[] payload = new byte[len - 1];
        opener.processBytes(body, FLAGS_OFF + 1, len - 1, payload, 0);
        return payload;
    }

    @Override
    public int openedFlags() {
        return openedFlags;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }
}
