#!/usr/bin/env python3
"""A scripted webhook receiver for editoriald's tests (Python 3 standard library only).

    webhook-server.py --port 0 --log FILE [--script SCRIPT] [--secret-file F] [--fast]
                      [--tls-cert PEM --tls-key PEM]

Listens on 127.0.0.1, prints the port it got on the first line of standard output, and appends one JSON
line to FILE for each request it receives, before answering it (then prints `request N` to standard output,
so a test can wait for that event):

    {"time": 1718000000.123, "method": "POST", "path": "/hook", "headers": [["Content-Type", "..."], ...],
     "body": "...", "length": 17, "status": 200, "signature": true}

`status` is what it answered (null for `hang`); `signature` says whether the `Editoriald-Signature` header
(`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`) verified with the secret in the secret file
(null without --secret-file, false when the header is missing or wrong).

SCRIPT is a comma-separated list of actions, one consumed per request in the order received; after the last
one every request gets 200. An action is a status code or `hang`, with options after a colon separated by
semicolons, their values percent-encoded (so an HTTP-date can carry its comma as %2C):

    200   500   429:retry-after=2   503:retry-after=Wed%2C%2021%20Oct%202015%2007%3A28%3A00%20GMT
    301:location=https%3A//example.com/new   404:body=no%20such%20hook   200:delay=0.5   hang

`hang` accepts the request and never answers, holding the connection until the server exits. `delay=S`
waits S seconds before answering; `trickle=S` sends the body (100 dots unless `body=` is given) one byte every
S seconds after the headers. --fast answers 200 to everything at once and logs only time, method,
path, status and the `Idempotency-Key` header as `idempotency_key` (null when absent), for load tests.
With --tls-cert and --tls-key it speaks HTTPS. The server runs until its standard input closes or it
gets SIGTERM.
"""

import argparse
import hashlib
import hmac
import http.server
import json
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse

REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
    303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout", 410: "Gone",
    413: "Content Too Large", 425: "Too Early", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


def parse_script(text):
    """The actions of a script: a list of (status or None for hang, {option: value})."""
    actions = []
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        head, _, rest = item.partition(":")
        options = {}
        for option in filter(None, rest.split(";")):
            key, _, value = option.partition("=")
            options[key.strip().lower()] = urllib.parse.unquote(value)
        if head == "hang":
            actions.append((None, options))
        else:
            actions.append((int(head), options))
    return actions


def verify(secret, header, body):
    """Whether an `Editoriald-Signature` header signs `body` with `secret`."""
    if header is None:
        return False
    fields = dict(part.strip().partition("=")[::2] for part in header.split(","))
    stamp, given = fields.get("t"), fields.get("v1")
    if not stamp or not given:
        return False
    expected = hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given.lower())


class State:
    """What the handler threads share: the script, the log, the secret, the hang release."""

    def __init__(self, actions, log, secret, fast):
        self.actions = actions
        self.log = log
        self.secret = secret
        self.fast = fast
        self.lock = threading.Lock()
        self.count = 0
        self.stopping = threading.Event()

    def next_action(self):
        with self.lock:
            return self.actions.pop(0) if self.actions else (200, {})

    def record(self, entry):
        line = json.dumps(entry, separators=(",", ":")) + "\n"
        with self.lock:
            self.log.write(line)
            self.log.flush()
            self.count += 1
            # One line per request on standard output, after the log line: a test waits for these events.
            sys.stdout.write("request %d\n" % self.count)
            sys.stdout.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "webhook-server"

    def log_message(self, *args):
        pass

    def handle_any(self):
        state = self.server.state
        received = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        if state.fast:
            state.record({
                "time": received, "method": self.command, "path": self.path, "status": 200,
                "idempotency_key": self.headers.get("Idempotency-Key"),
            })
            self.answer(200, {}, b"")
            return
        status, options = state.next_action()
        signature = None
        if state.secret is not None:
            signature = verify(state.secret, self.headers.get("Editoriald-Signature"), body)
        state.record({
            "time": received, "method": self.command, "path": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": body.decode("utf-8", errors="replace"), "length": len(body), "status": status,
            "signature": signature,
        })
        if status is None:
            state.stopping.wait()
            self.close_connection = True
            return
        if "delay" in options:
            time.sleep(float(options["delay"]))
        payload = options.get("body", "").encode()
        if "trickle" in options and not payload:
            payload = b"." * 100
        self.answer(status, options, payload)

    def answer(self, status, options, payload):
        self.send_response(status, REASONS.get(status, "Status"))
        if "retry-after" in options:
            self.send_header("Retry-After", options["retry-after"])
        if "location" in options:
            self.send_header("Location", options["location"])
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if "trickle" in options:
            for index in range(len(payload)):
                if self.server.state.stopping.wait(float(options["trickle"])):
                    return
                self.wfile.write(payload[index:index + 1])
                self.wfile.flush()
            return
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    parser = argparse.ArgumentParser(description="A scripted webhook receiver for tests.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--script", default="")
    parser.add_argument("--secret-file")
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    options = parser.parse_args()

    secret = None
    if options.secret_file:
        with open(options.secret_file, "rb") as file:
            secret = file.read().rstrip(b"\r\n")
    log = open(options.log, "a", encoding="utf-8")
    server = Server(("127.0.0.1", options.port), Handler)
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.tls_cert, options.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.state = State(parse_script(options.script), log, secret, options.fast)

    def stop(*_):
        server.state.stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_stdin():
        # The test process holds our standard input: when it goes away (even killed), so do we.
        while os.read(0, 4096):
            pass
        stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    server.server_close()
    log.close()


if __name__ == "__main__":
    sys.exit(main())
