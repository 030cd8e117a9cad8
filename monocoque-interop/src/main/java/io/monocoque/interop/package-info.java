/**
 * Helpers for tests that run Monocoque against real peers (libzmq through pyzmq, JeroMQ). Start
 * reading at {@link io.monocoque.interop.PeerProcess}; the peers and the interop matrix are in
 * this module's tests ({@code InteropCase}, {@code Conversation}).
 */
package io.monocoque.interop;
