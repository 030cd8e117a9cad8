package io.monocoque.cli;

import io.monocoque.CurveKeyPair;
import picocli.CommandLine.Command;

/** {@code monocoque keygen}: prints a new CURVE key pair in Z85, as libzmq's {@code curve_keygen}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Prints a new CURVE key pair (Curve25519) as 40-character Z85 keys.",
        footer = {"%nExample:%n  bin/monocoque keygen"})
final class KeygenCommand implements Runnable {
    @Override
    public void run() {
        CurveKeyPair kp = CurveKeyPair.generate();
        System.out.println("public: " + kp.publicKeyZ85());
        System.out.println("secret: " + kp.secretKeyZ85());
    }
}
