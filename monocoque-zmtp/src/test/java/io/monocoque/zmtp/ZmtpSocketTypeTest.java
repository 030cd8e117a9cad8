package io.monocoque.zmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZmtpSocketTypeTest {

    /**
     * RFC 37 (ZMTP 3.1), "Socket types": which Socket-Type may connect to which. Row = this socket,
     * column = peer; 'X' = valid combination. Written out from the RFC's list:
     * REQ-REP, REQ-ROUTER, DEALER-REP, DEALER-DEALER, DEALER-ROUTER, ROUTER-ROUTER, PUB-SUB,
     * PUB-XSUB, XPUB-SUB, XPUB-XSUB, PUSH-PULL, PAIR-PAIR (and each pair read in both directions).
     */
    private static final String[] COLUMNS = {"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB"};
    private static final String[] TABLE = {
            //          PAIR PUB SUB REQ REP DEALER ROUTER PULL PUSH XPUB XSUB
            /* PAIR   */ "X    .   .   .   .   .      .      .    .    .    .",
            /* PUB    */ ".    .   X   .   .   .      .      .    .    .    X",
            /* SUB    */ ".    X   .   .   .   .      .      .    .    X    .",
            /* REQ    */ ".    .   .   .   X   .      X      .    .    .    .",
            /* REP    */ ".    .   .   X   .   X      .      .    .    .    .",
            /* DEALER */ ".    .   .   .   X   X      X      .    .    .    .",
            /* ROUTER */ ".    .   .   X   .   X      X      .    .    .    .",
            /* PULL   */ ".    .   .   .   .   .      .      .    X    .    .",
            /* PUSH   */ ".    .   .   .   .   .      .      X    .    .    .",
            /* XPUB   */ ".    .   X   .   .   .      .      .    .    .    X",
            /* XSUB   */ ".    X   .   .   .   .      .      .    .    X    .",
    };

    private static boolean expected(int row, int column) {
        String[] cells = TABLE[row].trim().split("\\s+");
        assertThat(cells).hasSize(COLUMNS.length);
        return cells[column].equals("X");
    }

    @Test
    void shouldMatchRfc37CompatibilityTableForAll121Pairs() {
        assertThat(ZmtpSocketType.values()).hasSize(11);
        List<String> mismatches = new ArrayList<>();
        for (int r = 0; r < COLUMNS.length; r++) {
            ZmtpSocketType self = ZmtpSocketType.valueOf(COLUMNS[r]);
            for (int c = 0; c < COLUMNS.length; c++) {
                ZmtpSocketType peer = ZmtpSocketType.valueOf(COLUMNS[c]);
                if (self.isCompatibleWith(peer) != expected(r, c)) {
                    mismatches.add(self + "->" + peer + " expected " + expected(r, c));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldBeSymmetric() {
        for (ZmtpSocketType a : ZmtpSocketType.values()) {
            for (ZmtpSocketType b : ZmtpSocketType.values()) {
                assertThat(a.isCompatibleWith(b)).as("%s/%s", a, b).isEqualTo(b.isCompatibleWith(a));
            }
        }
    }

    @Test
    void shouldUseUpperCaseWireNamesAndMapThemBack() {
        for (ZmtpSocketType t : ZmtpSocketType.values()) {
            assertThat(t.wireName()).isEqualTo(t.name());
            assertThat(ZmtpSocketType.fromWireName(t.wireName())).isSameAs(t);
        }
    }

    @Test
    void shouldReturnNullForUnknownOrDraftWireNames() {
        assertThat(ZmtpSocketType.fromWireName("CLIENT")).isNull();
        assertThat(ZmtpSocketType.fromWireName("SERVER")).isNull();
        assertThat(ZmtpSocketType.fromWireName("dealer")).isNull();
        assertThat(ZmtpSocketType.fromWireName("")).isNull();
        assertThat(ZmtpSocketType.fromWireName(null)).isNull();
    }
}
