/**
 * The ZMTP 3.1 wire protocol (RFC 23 / RFC 37) as pure state machines.
 *
 * <p>Start reading at {@link io.monocoque.zmtp.ZmtpSession}: it drives a connection from
 * {@link io.monocoque.zmtp.Greeting} through a {@link io.monocoque.zmtp.Mechanism} handshake to
 * traffic, using {@link io.monocoque.zmtp.FrameDecoder} and {@link io.monocoque.zmtp.FrameEncoder}.
 * Nothing here touches a channel, a thread or a clock: a transport feeds bytes in and drains bytes
 * out, which is what makes every class here testable byte by byte and fuzzable.
 *
 * <p>Malformed input always surfaces as {@link io.monocoque.zmtp.ZmtpProtocolException}; "not enough
 * bytes yet" is a normal answer, never an error.
 */
package io.monocoque.zmtp;
