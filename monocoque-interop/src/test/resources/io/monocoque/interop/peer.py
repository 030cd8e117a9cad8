#!/usr/bin/python3
"""A libzmq peer (through pyzmq) for Monocoque's interop tests: one socket playing one role.

Usage: peer.py ROLE TYPE bind|connect ENDPOINT [--count N] [--routing-id HEX] [--envelope]

Roles (the Java twin is JeroMqPeer; the messages are Script.java's, see script() below):
  serve   echo every message back as received (REP, ROUTER, DEALER, PAIR) until COUNT+4
          script messages were echoed; probes are echoed too but not counted
  sink    receive the script (PULL) and compare it with what was expected
  client  send a probe, wait for its echo (unless PUSH), then send the script and compare the
          echoes (REQ lock-step, DEALER/PAIR with up to WINDOW messages outstanding)
  tally   receive single frames "TAG-N" until "END" and report, per tag, count, first, last and
          whether N only went up (for the reconnect test)

Standard output carries one JSON object a line, flushed at once:
  {"endpoint": "..."}      once the socket is bound (the resolved endpoint) or connected
  {"event": "probe"}       sink: the first probe arrived
  {"event": "first"}       tally: the first message arrived
  {"result": {...}}        the role is done; then the process exits 0
  {"error": "..."}         something failed or timed out; then the process exits 1
Every wait is bounded (RCVTIMEO/SNDTIMEO and an overall deadline), so the peer never hangs a test.
"""
import argparse
import json
import sys
import time

import zmq

PROBE = b"__probe__"
WINDOW = 100
IO_TIMEOUT_MS = 20000
OVERALL_SECONDS = 120
LINGER_MS = 5000

TYPES = {name: getattr(zmq, name) for name in ("PAIR", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH")}


class PeerError(Exception):
    pass


def script(count):
    """The script: multipart, 1 MiB, empty frame inside, empty single frame, then COUNT sequence messages."""
    yield [b"frame-a", b"frame-b", b"frame-c"]
    base = bytes(((j * 31 + 7) & 0xFF) for j in range(256))
    yield [base * 4096]
    yield [b"head", b"", b"tail"]
    yield [b""]
    for i in range(count):
        yield [b"seq-%d" % i]


def emit(obj):
    print(json.dumps(obj), flush=True)


def describe(frames):
    return "[" + ", ".join("%d B %s" % (len(f), f[:16].hex()) for f in frames) + "]"


def is_probe(frames):
    return frames[-1] == PROBE


class Peer:
    def __init__(self, args):
        self.args = args
        self.deadline = time.monotonic() + OVERALL_SECONDS
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(TYPES[args.type])
        self.sock.setsockopt(zmq.LINGER, LINGER_MS)
        self.sock.setsockopt(zmq.RCVTIMEO, IO_TIMEOUT_MS)
        self.sock.setsockopt(zmq.SNDTIMEO, IO_TIMEOUT_MS)
        if args.routing_id:
            self.sock.setsockopt(zmq.ROUTING_ID, bytes.fromhex(args.routing_id))

    def open(self):
        if self.args.mode == "bind":
            # A restarted peer rebinds the port of its predecessor: retry while the kernel frees it.
            until = time.monotonic() + 10
            while True:
                try:
                    self.sock.bind(self.args.endpoint)
                    break
                except zmq.ZMQError as e:
                    if e.errno != zmq.EADDRINUSE or time.monotonic() > until:
                        raise
                    time.sleep(0.05)
            endpoint = self.sock.getsockopt(zmq.LAST_ENDPOINT).decode()
        else:
            self.sock.connect(self.args.endpoint)
            endpoint = self.args.endpoint
        emit({"endpoint": endpoint})

    def recv(self, what):
        if time.monotonic() > self.deadline:
            raise PeerError("overall deadline of %d s passed while waiting for %s" % (OVERALL_SECONDS, what))
        try:
            return self.sock.recv_multipart()
        except zmq.Again:
            raise PeerError("nothing received in %d ms while waiting for %s" % (IO_TIMEOUT_MS, what))

    def send(self, frames, what):
        try:
            self.sock.send_multipart(frames)
        except zmq.Again:
            raise PeerError("could not send %s in %d ms" % (what, IO_TIMEOUT_MS))

    def close(self):
        self.sock.close()  # LINGER_MS bounds the flush of what is still queued
        self.ctx.term()

    def serve(self):
        total = self.args.count + 4
        count, first, ids = 0, None, []
        while count < total:
            msg = self.recv("message %d of %d" % (count, total))
            self.send(msg, "the echo of message %d" % count)
            if is_probe(msg):
                continue
            if first is None:
                first = [f.hex() for f in msg]
            if self.args.type == "ROUTER" and msg[0].hex() not in ids:
                ids.append(msg[0].hex())
            count += 1
        return {"count": count, "first": first, "routing_ids": ids}

    def sink(self):
        count, mismatches, first_mismatch, probed = 0, 0, None, False
        for expected in script(self.args.count):
            while True:
                msg = self.recv("message %d" % count)
                if not is_probe(msg):
                    break
                if not probed:
                    probed = True
                    emit({"event": "probe"})
            if msg != expected:
                mismatches += 1
                if first_mismatch is None:
                    first_mismatch = "message %d: expected %s, got %s" % (count, describe(expected), describe(msg))
            count += 1
        return {"count": count, "mismatches": mismatches, "first_mismatch": first_mismatch}

    def client(self):
        envelope = [b""] if self.args.envelope else []
        replies = self.args.type != "PUSH"
        window = 1 if self.args.type == "REQ" else WINDOW
        self.send(envelope + [PROBE], "the probe")
        if replies:
            echo = self.recv("the echo of the probe")
            if echo != envelope + [PROBE]:
                raise PeerError("the probe came back as %s" % describe(echo))
        messages = list(script(self.args.count))
        sent, received, mismatches, first_mismatch = 0, 0, 0, None
        while sent < len(messages) or (replies and received < len(messages)):
            while sent < len(messages) and (not replies or sent - received < window):
                self.send(envelope + messages[sent], "message %d" % sent)
                sent += 1
            if replies:
                echo = self.recv("the echo of message %d" % received)
                body = echo[len(envelope):] if echo[:len(envelope)] == envelope else None
                if body != messages[received]:
                    mismatches += 1
                    if first_mismatch is None:
                        first_mismatch = "echo %d: expected %s, got %s" % (
                            received, describe(envelope + messages[received]), describe(echo))
                received += 1
        return {"count": received if replies else sent, "mismatches": mismatches, "first_mismatch": first_mismatch}

    def tally(self):
        tags, first = {}, True
        while True:
            msg = self.recv("a message or END")
            if first:
                first = False
                emit({"event": "first"})
            if len(msg) != 1:
                raise PeerError("expected one frame, got %s" % describe(msg))
            if msg[0] == b"END":
                return {"tags": tags}
            tag, _, n = msg[0].decode().partition("-")
            n = int(n)
            t = tags.setdefault(tag, {"count": 0, "first": n, "last": None, "increasing": True})
            if t["last"] is not None and n <= t["last"]:
                t["increasing"] = False
            t["count"] += 1
            t["last"] = n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=("serve", "sink", "client", "tally"))
    parser.add_argument("type", choices=sorted(TYPES))
    parser.add_argument("mode", choices=("bind", "connect"))
    parser.add_argument("endpoint")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--routing-id", default="")
    parser.add_argument("--envelope", action="store_true")
    args = parser.parse_args()
    peer = Peer(args)
    try:
        peer.open()
        result = getattr(peer, args.role)()
    except (PeerError, zmq.ZMQError) as e:
        emit({"error": "%s %s: %s" % (args.type, args.role, e)})
        peer.sock.close(linger=0)
        peer.ctx.term()
        return 1
    emit({"result": result})
    peer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
