"""libzmq side of the heartbeat interop test.

A PULL socket binds with ZMTP heartbeats on (libzmq PINGs the Monocoque peer every 50 ms and drops
it when nothing answers within 300 ms), prints its endpoint, then counts messages and
disconnections (from a zmq socket monitor) until it receives b"end", and prints
"received=N disconnected=M". Bounded: gives up after 20 s.
"""
import sys
import time
import zmq
import zmq.utils.monitor

ctx = zmq.Context()
pull = ctx.socket(zmq.PULL)
pull.setsockopt(zmq.LINGER, 0)
pull.setsockopt(zmq.HEARTBEAT_IVL, 50)
pull.setsockopt(zmq.HEARTBEAT_TIMEOUT, 300)
pull.setsockopt(zmq.HEARTBEAT_TTL, 500)
monitor = pull.get_monitor_socket(zmq.EVENT_DISCONNECTED)
pull.bind("tcp://127.0.0.1:*")
print(pull.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)

poller = zmq.Poller()
poller.register(pull, zmq.POLLIN)
poller.register(monitor, zmq.POLLIN)
received = 0
disconnected = 0
deadline = time.time() + 20
while time.time() < deadline:
    events = dict(poller.poll(100))
    if monitor in events:
        zmq.utils.monitor.recv_monitor_message(monitor)
        disconnected += 1
    if pull in events:
        msg = pull.recv()
        if msg == b"end":
            break
        received += 1
print("received=%d disconnected=%d" % (received, disconnected), flush=True)
pull.disable_monitor()
monitor.close(0)
pull.close(0)
ctx.term()
