package io.monocoque.zmtp;

import java.security.SecureRandom;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Arrays;

/**
 * NaCl's {@code crypto_box} (Curve25519 + XSalsa20 + Poly1305) as CurveZMQ (RFC 26) uses it, built
 * from Bouncy Castle's primitives: {@link X25519} for the key agreement, {@link XSalsa20Engine}
 * for the stream and {@link Poly1305} for the authenticator. Nothing here is a hand-written
 * primitive; HSalsa20 (the key derivation step of NaCl's {@code crypto_box_beforenm}) is
 * Bouncy Castle's Salsa20 core without its final addition, as XSalsa20 itself derives its subkey.
 *
 * <pre>
 * box(m, n, pk, sk) = MAC(16) || c       key  = HSalsa20(X25519(sk, pk), 0^16)
 *                                        s    = XSalsa20(key, n)           (24-byte nonce)
 *                                        c    = m XOR s[32..]
 *                                        MAC  = Poly1305(s[0..32], c)
 * </pre>
 *
 * <p>Stateless and safe from any thread.
 */
public final class CurveCrypto {
    /** Size of keys, secrets and precomputed box keys. */
    public static final int KEY_SIZE = 32;
    /** Size of the Poly1305 authenticator that opens every box. */
    public static final int MAC_SIZE = 16;
    /** Size of a full box nonce. */
    public static final int NONCE_SIZE = 24;

    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574}; // "expand 32-byte k"
    private static final byte[] ZERO_16 = new byte[16];
    private static final SecureRandom RANDOM = new SecureRandom();

    private CurveCrypto() {
    }

    /** Fills {@code dst} with cryptographically strong random bytes. */
    public static void randomBytes(byte[] dst) {
        RANDOM.nextBytes(dst);
    }

    /** A fresh secret key (32 random bytes; X25519 clamps it when used). */
    public static byte[] newSecretKey() {
        byte[] sk = new byte[KEY_SIZE];
        X25519.generatePrivateKey(RANDOM, sk);
        return sk;
    }

    /** The public key of a secret key, as libzmq's {@code zmq_curve_public}. */
    public static byte[] publicKey(byte[] secretKey) {
        checkKey(secretKey, "secret key");
        byte[] pk = new byte[KEY_SIZE];
        X25519.generatePublicKey(secretKey, 0, pk, 0);
        return pk;
    }

    /**
     * The precomputed key of a box between {@code ourSecret} and {@code theirPublic}
     * ({@code crypto_box_beforenm}).
     *
     * @throws ZmtpProtocolException when {@code theirPublic} is a low-order point (no shared secret)
     */
    public static byte[] beforenm(byte[] theirPublic, byte[] ourSecret) {
        checkKey(theirPublic, "public key");
        checkKey(ourSecret, "secret key");
        byte[] shared = new byte[KEY_SIZE];
        if (!X25519.calculateAgreement(ourSecret, 0, theirPublic, 0, shared, 0)) {
            throw new ZmtpProtocolException(ZmtpProtocolException.Kind.CRYPTOGRAPHIC,
                    "CURVE public key is not usable (no shared secret)");
        }
        byte[] key = hsalsa20(shared, ZERO_16, 0);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    /**
     * HSalsa20 of a 32-byte key and a 16-byte input: the subkey XSalsa20 uses for a nonce that
     * starts with {@code in[off..off+16]}.
     */
    static byte[] hsalsa20(byte[] key, byte[] in, int off) {
        int[] state = new int[16];
        state[0] = SIGMA[0];
        state[5] = SIGMA[1];
        state[10] = SIGMA[2];
        state[15] = SIGMA[3];
        for (int i = 0; i < 4; i++) {
            state[1 + i] = littleEndian(key, 4 * i);
            state[11 + i] = littleEndian(key, 16 + 4 * i);
            state[6 + i] = littleEndian(in, off + 4 * i);
        }
        int[] x = new int[16];
        Salsa20Engine.salsaCore(20, state, x);
        int[] words = {0, 5, 10, 15, 6, 7, 8, 9};
        byte[] out = new byte[KEY_SIZE];
        for (int i = 0; i < words.length; i++) {
            int w = x[words[i]] - state[words[i]]; // undo the core's final addition
            out[4 * i] = (byte) w;
            out[4 * i + 1] = (byte) (w >>> 8);
            out[4 * i + 2] = (byte) (w >>> 16);
            out[4 * i + 3] = (byte) (w >>> 24);
        }
        return out;
    }

    private static int littleEndian(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /**
     * Seals {@code len} bytes of {@code in} into {@code out} as MAC (16) followed by the
     * ciphertext ({@code len}); {@code out} needs {@code len + 16} bytes from {@code outOff}.
     */
    public static void seal(byte[] key, byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) {
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = polyKey(cipher, new byte[KEY_SIZE]);
        cipher.processBytes(in, inOff, len, out, outOff + MAC_SIZE);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(out, outOff + MAC_SIZE, len);
        mac.doFinal(out, outOff);
    }

    /**
     * Opens a box of {@code boxLen} bytes (MAC then ciphertext) into {@code out}, which needs
     * {@code boxLen - 16} bytes from {@code outOff}.
     *
     * @return false when the box is too short or its authenticator does not verify ({@code out}
     *         is then left untouched)
     */
    public static boolean open(byte[] key, byte[] nonce, byte[] in, int inOff, int boxLen, byte[] out, int outOff) {
        if (boxLen < MAC_SIZE) {
            return false;
        }
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = polyKey(cipher, new byte[KEY_SIZE]);
        if (!authentic(new Poly1305(), polyKey, in, inOff + MAC_SIZE, boxLen - MAC_SIZE, in, inOff, new byte[MAC_SIZE])) {
            return false;
        }
        cipher.processBytes(in, inOff + MAC_SIZE, boxLen - MAC_SIZE, out, outOff);
        return true;
    }

    /** Fills {@code dst} with the first 32 keystream octets, the Poly1305 key (NaCl secretbox). */
    static byte[] polyKey(StreamCipher cipher, byte[] dst) {
        Arrays.fill(dst, (byte) 0);
        cipher.processBytes(dst, 0, KEY_SIZE, dst, 0);
        return dst;
    }

    /** Whether the Poly1305 of {@code data} under {@code polyKey} equals the 16 octets at {@code expected[expOff]}. */
    static boolean authentic(Poly1305 mac, byte[] polyKey, byte[] data, int off, int len,
                             byte[] expected, int expOff, byte[] scratch) {
        mac.init(new KeyParameter(polyKey));
        mac.update(data, off, len);
        mac.doFinal(scratch, 0);
        return Arrays.constantTimeAreEqual(MAC_SIZE, scratch, 0, expected, expOff);
    }

    private static void checkKey(byte[] key, String what) {
        if (key == null || key.length != KEY_SIZE) {
            throw new IllegalArgumentException("CURVE " + what + " must be 32 bytes, got "
                    + (key == null ? "none" : key.length));
        }
    }
}
