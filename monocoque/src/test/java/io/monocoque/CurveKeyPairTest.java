package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CurveKeyPairTest {

    @Test
    void shouldGenerateDistinct32ByteKeysWithZ85Forms() {
        CurveKeyPair a = CurveKeyPair.generate();
        CurveKeyPair b = CurveKeyPair.generate();
        assertThat(a.publicKey()).hasSize(32);
        assertThat(a.secretKey()).hasSize(32);
        assertThat(a.publicKeyZ85()).hasSize(40);
        assertThat(Z85.decode(a.secretKeyZ85())).isEqualTo(a.secretKey());
        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
        assertThat(a.toString()).doesNotContain(a.secretKeyZ85());
    }
}
