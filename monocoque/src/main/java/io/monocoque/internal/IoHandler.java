package io.monocoque.internal;

/** Something registered with an {@link IoThread}'s selector: told when its channel is ready. */
interface IoHandler {
    /** Called on the I/O thread with the key's ready operations. Must not throw. */
    void onReady(int readyOps);
}
