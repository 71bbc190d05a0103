#!/usr/bin/env python3
"""Python's smtplib peer for the throughput benchmark (see run-smtp.sh).

One smtplib.SMTP() connection, sendmail() N times with the same ~500-byte
message as smtp-bench, QUIT. Times the same span as smtp-bench: from before
the connection to after QUIT. Prints one `key=value` line.
"""
import smtplib
import sys
import time


def message(size):
    text = (
        "From: Sender <sender@example.test>\r\n"
        "To: Sink <sink@example.test>\r\n"
        "Subject: MailProbe throughput benchmark\r\n"
        "Message-ID: <bench.0001@example.test>\r\n"
        "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        "\r\n"
    )
    line = "The quick brown fox jumps over the lazy dog, again and again.\r\n"
    while len(text) + len(line) <= size:
        text += line
    data = text.encode()
    if len(data) < size - 2:
        data += b"x" * (size - 2 - len(data))
    if len(data) < size:
        data += b"\r\n"
    return data


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    data = message(size)
    started = time.perf_counter()
    smtp = smtplib.SMTP(host, port, local_hostname="localhost")
    for index in range(count):
        refused = smtp.sendmail("sender@example.test", ["sink@example.test"], data)
        if refused:
            sys.exit(f"message {index}: refused {refused}")
    smtp.quit()
    seconds = time.perf_counter() - started
    print(f"messages={count} seconds={seconds} msgs_per_s={count / seconds}")


if __name__ == "__main__":
    main()
