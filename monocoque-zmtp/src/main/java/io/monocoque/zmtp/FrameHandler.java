package io.monocoque.zmtp;

/**
 * Receives the frames a {@link FrameDecoder} completes. Called on the decoding thread.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * One complete frame.
     *
     * @param flags the frame's flags octet ({@link FrameFlags}); LONG is already accounted for
     * @param body  the frame body, exact size, owned by the callee from now on
     * @return {@code true} to go on decoding, {@code false} to stop after this frame (back-pressure)
     */
    boolean onFrame(int flags, byte[] body);
}
