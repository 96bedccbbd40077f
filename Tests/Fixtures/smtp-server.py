#!/usr/bin/python3
"""A receiving SMTP server for editoriald's tests, on Debian's python3-aiosmtpd (run it with /usr/bin/python3).

    smtp-server.py --directory DIR [--port 0] [--reject-rcpt CODE] [--reject-data CODE]

Listens on 127.0.0.1, prints the port it got on the first line of standard output, and stores each message it
accepts as DIR/NNNN.eml (the DATA bytes exactly as received, CRLF line ends, dot-stuffing undone) with its
envelope in DIR/NNNN.json: {"mail_from": "...", "rcpt_tos": ["..."], "time": 1718000000.1}. The JSON file is
written first and each file is renamed into place, so a reader that sees an .eml sees all of it and its
envelope; then it prints `message N` to standard output, so a test can wait for that event.
--reject-rcpt CODE answers every RCPT TO with CODE (a 4xx or 5xx), --reject-data CODE every DATA.
The server runs until its standard input closes or it gets SIGTERM.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP

MESSAGES = {
    421: "Service not available", 450: "Mailbox unavailable", 451: "Local error in processing",
    452: "Insufficient storage", 550: "No such user here", 552: "Exceeded storage allocation",
    553: "Mailbox name not allowed", 554: "Transaction failed",
}


def reply(code):
    return "%d %s" % (code, MESSAGES.get(code, "Rejected by the test server"))


class Store:
    """The aiosmtpd handler: writes each message and its envelope into the directory."""

    def __init__(self, directory, reject_rcpt, reject_data):
        self.directory = directory
        self.reject_rcpt = reject_rcpt
        self.reject_data = reject_data
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt:
            return reply(self.reject_rcpt)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return reply(self.reject_data)
        self.count += 1
        stem = os.path.join(self.directory, "%04d" % self.count)
        side = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos), "time": time.time()}
        self.write(stem + ".json", json.dumps(side).encode())
        content = envelope.original_content if envelope.original_content is not None else envelope.content
        self.write(stem + ".eml", content)
        # One line per message on standard output, after its files: a test waits for these events.
        print("message %d" % self.count, flush=True)
        return "250 Message accepted for delivery"

    @staticmethod
    def write(path, data):
        temporary = path + ".tmp"
        with open(temporary, "wb") as file:
            file.write(data)
        os.rename(temporary, path)


async def serve(options):
    loop = asyncio.get_running_loop()
    handler = Store(options.directory, options.reject_rcpt, options.reject_data)
    server = await loop.create_server(
        lambda: SMTP(handler, decode_data=False, hostname="smtp-test.localhost", data_size_limit=64 << 20),
        host="127.0.0.1", port=options.port)
    stopped = loop.create_future()

    def stop():
        if not stopped.done():
            stopped.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)

    def stdin_readable():
        # The test process holds our standard input: when it goes away (even killed), so do we.
        if not os.read(0, 4096):
            loop.remove_reader(0)
            stop()

    loop.add_reader(0, stdin_readable)
    print(server.sockets[0].getsockname()[1], flush=True)
    await stopped
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description="A receiving SMTP server for tests.")
    parser.add_argument("--directory", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject-rcpt", type=int, default=0)
    parser.add_argument("--reject-data", type=int, default=0)
    options = parser.parse_args()
    os.makedirs(options.directory, exist_ok=True)
    asyncio.run(serve(options))


if __name__ == "__main__":
    sys.exit(main())
