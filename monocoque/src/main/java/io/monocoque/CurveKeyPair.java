package io.monocoque;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;

/**
 * A CURVE key pair (Curve25519, as libzmq's {@code zmq_curve_keypair}): 32-byte public and secret
 * keys, also as 40-character Z85 text. Generated with the JDK's X25519 provider; no hand-written
 * crypto.
 *
 * @param publicKey 32 bytes
 * @param secretKey 32 bytes
 */
public record CurveKeyPair(byte[] publicKey, byte[] secretKey) {
    /** Size of a key in bytes. */
    public static final int KEY_SIZE = 32;

    public CurveKeyPair {
        if (publicKey.length != KEY_SIZE || secretKey.length != KEY_SIZE) {
            throw new IllegalArgumentException("CURVE keys are 32 bytes");
        }
        publicKey = publicKey.clone();
        secretKey = secretKey.clone();
    }

    /** A fresh random key pair. */
    public static CurveKeyPair generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] secret = ((XECPrivateKey) kp.getPrivate()).getScalar()
                    .orElseThrow(() -> new IllegalStateException("X25519 provider does not expose the secret scalar"));
            return new CurveKeyPair(littleEndian(((XECPublicKey) kp.getPublic()).getU()), secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** The 32-byte little-endian encoding of an X25519 u-coordinate (RFC 7748). */
    private static byte[] littleEndian(BigInteger u) {
        byte[] big = u.toByteArray();
        byte[] out = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The public key as 40 Z85 characters. */
    public String publicKeyZ85() {
        return Z85.encode(publicKey);
    }

    /** The secret key as 40 Z85 characters. */
    public String secretKeyZ85() {
        return Z85.encode(secretKey);
    }

    @Override
    public String toString() {
        return "CurveKeyPair[public=" + publicKeyZ85() + ", secret=<hidden>]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveKeyPair k && java.util.Arrays.equals(k.publicKey, publicKey)
                && java.util.Arrays.equals(k.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(publicKey);
    }
}
