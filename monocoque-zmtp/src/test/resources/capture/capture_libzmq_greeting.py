#!/usr/bin/python3
"""Capture the bytes a real libzmq DEALER sends when it connects: its ZMTP greeting and READY.

A plain TCP socket listens on 127.0.0.1 (ephemeral port). A pyzmq DEALER with routing id
b"peer-1" connects to it. The raw side answers with a valid ZMTP 3.1 NULL greeting and a
READY(Socket-Type=ROUTER) so libzmq goes on with the handshake, and records every byte libzmq
sends until it has the 64-octet greeting and one complete command frame (the READY).

Usage (python3-zmq is the Debian package, visible to the system interpreter only):

    /usr/bin/python3 capture_libzmq_greeting.py [output.hex]

The output is hex text: '#' comment lines (libzmq version, how it was made), then the greeting
on one line and the READY frame on the next. Everything is bounded by socket timeouts.
"""
import socket
import struct
import sys
import time

import zmq

TIMEOUT_S = 5.0
IDENTITY = b"peer-1"


def greeting_null_31(as_server):
    g = b"\xff" + b"\x00" * 8 + b"\x7f" + bytes([3, 1])
    g += b"NULL".ljust(20, b"\x00")
    g += bytes([1 if as_server else 0])
    g += b"\x00" * 31
    assert len(g) == 64
    return g


def command_frame(name, data):
    body = bytes([len(name)]) + name + data
    if len(body) <= 255:
        return bytes([0x04, len(body)]) + body
    return bytes([0x06]) + struct.pack(">Q", len(body)) + body


def metadata_property(name, value):
    return bytes([len(name)]) + name + struct.pack(">I", len(value)) + value


def recv_exactly(conn, n, deadline):
    buf = b""
    while len(buf) < n:
        if time.monotonic() > deadline:
            raise TimeoutError("libzmq sent %d of %d expected bytes" % (len(buf), n))
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise EOFError("libzmq closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def capture():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.settimeout(TIMEOUT_S)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    ctx = zmq.Context()
    dealer = ctx.socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.setsockopt(zmq.IDENTITY, IDENTITY)
    try:
        dealer.connect("tcp://127.0.0.1:%d" % port)
        conn, _ = listener.accept()
        conn.settimeout(TIMEOUT_S)
        try:
            deadline = time.monotonic() + TIMEOUT_S
            conn.sendall(greeting_null_31(as_server=False))
            conn.sendall(command_frame(b"READY", metadata_property(b"Socket-Type", b"ROUTER")))
            greeting = recv_exactly(conn, 64, deadline)
            flags = recv_exactly(conn, 1, deadline)
            if flags[0] & 0x02:
                size_bytes = recv_exactly(conn, 8, deadline)
                size = struct.unpack(">Q", size_bytes)[0]
            else:
                size_bytes = recv_exactly(conn, 1, deadline)
                size = size_bytes[0]
            body = recv_exactly(conn, size, deadline)
            return greeting, flags + size_bytes + body
        finally:
            conn.close()
    finally:
        dealer.close()
        ctx.term()
        listener.close()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "libzmq-dealer-greeting-ready.hex"
    greeting, ready = capture()
    with open(out, "w") as f:
        f.write("# Bytes sent by a real libzmq %s (pyzmq %s) DEALER, routing id %r,\n"
                % (zmq.zmq_version(), zmq.pyzmq_version(), IDENTITY.decode()))
        f.write("# connecting to a raw TCP peer that sent a ZMTP 3.1 NULL greeting + READY(Socket-Type=ROUTER).\n")
        f.write("# Made by: /usr/bin/python3 capture_libzmq_greeting.py %s\n" % out)
        f.write("# Line 1: greeting (64 octets). Line 2: READY command frame.\n")
        f.write(greeting.hex() + "\n")
        f.write(ready.hex() + "\n")
    print("libzmq %s: wrote %d greeting + %d READY bytes to %s" % (zmq.zmq_version(), len(greeting), len(ready), out))


if __name__ == "__main__":
    main()
