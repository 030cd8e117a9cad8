/**
 * Sans-IO ZMTP 3.1 protocol layer: greeting, frame codec, commands, security mechanisms and the
 * session state machine. Bytes in, events out; no sockets, threads or clocks.
 */
module io.monocoque.zmtp {
    requires org.bouncycastle.provider;
    exports io.monocoque.zmtp;
}
