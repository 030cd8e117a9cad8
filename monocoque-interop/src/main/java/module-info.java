/**
 * Support for Monocoque's interop tests: {@link io.monocoque.interop.PeerProcess} runs a peer of
 * another ZeroMQ implementation (e.g. a pyzmq script) in its own process. The tests themselves
 * live in this module's {@code src/test}.
 */
module io.monocoque.interop {
    // The tests are compiled as part of this module and drive Monocoque's API.
    requires io.monocoque;

    exports io.monocoque.interop;
}
