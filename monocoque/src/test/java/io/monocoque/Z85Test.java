package io.monocoque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Z85Test {

    @Test
    void shouldMatchRfc32TestVector() {
        byte[] bytes = {(byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59, (byte) 0xF7, 0x5B};
        assertThat(Z85.encode(bytes)).isEqualTo("HelloWorld");
        assertThat(Z85.decode("HelloWorld")).isEqualTo(bytes);
    }

    @Test
    void shouldDecodeTheCurveTestKeysOfRfc26() {
        // The well-known client public key from the ZeroMQ CURVE examples is 40 characters for 32 bytes.
        assertThat(Z85.decode("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID")).hasSize(32);
    }

    @Test
    void shouldRejectBadInput() {
        assertThatThrownBy(() -> Z85.encode(new byte[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThatThrownBy(() -> Z85.decode("abcd")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> Z85.decode("abc\"d")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Z85");
        assertThatThrownBy(() -> Z85.decode("#####")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bits");
    }

    @Property(tries = 300)
    void decodeInvertsEncode(@ForAll @Size(max = 16) byte[] seed) {
        byte[] data = java.util.Arrays.copyOf(seed, seed.length / 4 * 4);
        assertThat(Z85.decode(Z85.encode(data))).isEqualTo(data);
    }
}
