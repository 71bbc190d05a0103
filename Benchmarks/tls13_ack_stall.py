#!/usr/bin/env python3
"""Reproduces the ~40 ms stall after STARTTLS seen in `mailprobe smtp` cold starts.

A fast client sends EHLO right after its TLS 1.3 Finished. Postfix writes the
NewSessionTicket, then the EHLO reply; the reply, a small segment behind an
unacknowledged one, waits in Postfix's Nagle queue until the client ACKs the
ticket, and the client, which has just sent data, is in delayed-ACK
("pingpong") mode: the ACK comes after the 40 ms minimum delayed-ACK timer.
Setting TCP_QUICKACK after each write (Linux clears it again) makes the kernel
ACK the ticket as soon as it is read, and the stall disappears.

    python3 Benchmarks/tls13_ack_stall.py [normal|quickack|tls12] [connections]

Against the private Postfix (Scripts/mailservers), submission port.
"""
import os
import socket
import ssl
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "normal"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
host = os.environ.get("MAILPROBE_TEST_HOST", "127.0.0.1")
port = int(os.environ.get("MAILPROBE_TEST_SUBMISSION_PORT", "10587"))
context = ssl.create_default_context(
    cafile=os.environ.get("MAILPROBE_TEST_CA_FILE", "/tmp/mailprobe-servers/tls/ca.pem"))
if mode == "tls12":
    context.maximum_version = ssl.TLSVersion.TLSv1_2


def reply(stream):
    while True:
        line = stream.readline()
        if line[3:4] != b"-":
            return line


times = []
for _ in range(count):
    plain = socket.create_connection((host, port))
    plain.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = plain.makefile("rb")
    reply(stream)
    plain.sendall(b"EHLO bench.example.test\r\n")
    reply(stream)
    plain.sendall(b"STARTTLS\r\n")
    reply(stream)
    tls = context.wrap_socket(plain, server_hostname=host)
    started = time.perf_counter()
    tls.sendall(b"EHLO bench.example.test\r\n")
    if mode == "quickack":
        tls.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    secure = tls.makefile("rb")
    reply(secure)
    times.append((time.perf_counter() - started) * 1000)
    tls.sendall(b"QUIT\r\n")
    reply(secure)
    tls.close()

times.sort()
stalls = sum(t > 30 for t in times)
print(f"{mode}: EHLO after STARTTLS answered in median {times[len(times) // 2]:.2f} ms; "
      f"{stalls}/{len(times)} took > 30 ms (max {times[-1]:.1f} ms)")
