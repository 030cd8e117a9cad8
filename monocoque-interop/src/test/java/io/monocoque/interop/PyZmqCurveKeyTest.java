package io.monocoque.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.CurveKeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keys from {@link CurveKeyPair#generate()} are libzmq keys: libzmq derives the same public key from each secret. */
class PyZmqCurveKeyTest {

    @Test
    @Timeout(30)
    void libzmqDerivesOurPublicKeysFromOurSecretKeys() throws Exception {
        PyZmqPeer.assumeAvailable();
        List<CurveKeyPair> pairs = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(PyZmqPeer.PYTHON, "-c",
                "import sys, zmq\nfor s in sys.argv[1:]:\n    print(zmq.curve_public(s.encode()).decode(), flush=True)"));
        for (int i = 0; i < 5; i++) {
            CurveKeyPair kp = CurveKeyPair.generate();
            pairs.add(kp);
            command.add(kp.secretKeyZ85());
        }
        try (PeerProcess python = PeerProcess.start("libzmq curve_public", command)) {
            for (CurveKeyPair kp : pairs) {
                assertThat(python.nextLine(Duration.ofSeconds(15))).as("stderr: %s", python.stderr()).isEqualTo(kp.publicKeyZ85());
            }
        }
    }
}
