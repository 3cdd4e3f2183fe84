#!/usr/bin/env python3
"""Stands in for Slack and HipChat in `make demo`: prints every notification it receives.

Answers like the real services: 200 "ok" for a Slack incoming webhook, 200 {"ok": true, ...} for
Slack's Web API (POST /api/chat.postMessage, notify.slack.token), 204 for a HipChat room notification. Listens on 127.0.0.1 only, and exits when the process that started it (--parent) is gone.
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


PRINTING = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        hipchat = "/v2/room/" in self.path
        who = "HipChat" if hipchat else "Slack"
        auth = self.headers.get("Authorization")
        if auth:
            auth = auth.split(" ")[0] + " ****"  # the token stays secret, even in a demo
        try:
            shown = show(json.loads(body))
        except ValueError:
            shown = body
        with PRINTING:  # Slack and HipChat are notified in parallel: one payload at a time
            print("-- %s: %s %s%s" % (who, self.command, self.path, ("  (Authorization: %s)" % auth) if auth else ""))
            print(shown, flush=True)
        if hipchat:
            self.send_response(204)
            self.end_headers()
        elif self.path == "/api/chat.postMessage":
            answer = json.dumps({"ok": True, "channel": "C0DEMO", "ts": "%.6f" % time.time()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    def log_message(self, fmt, *args):
        pass  # the payloads are the output


def show(value, depth=0):
    """JSON as sent, but a small object of plain values (a Slack field) on one line."""
    pad = "  " * (depth + 1)
    if isinstance(value, dict) and (depth == 0 or any(isinstance(v, (dict, list)) for v in value.values())):
        items = ["%s%s: %s" % (pad, json.dumps(k), show(v, depth + 1)) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(pad + show(v, depth + 1) for v in value) + "\n" + "  " * depth + "]"
    return json.dumps(value, ensure_ascii=False)


def watch(parent):
    while True:
        try:
            os.kill(parent, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, default=4020)
    p.add_argument("--parent", type=int, help="exit when this process id is gone")
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Receiver)
    if a.parent:
        threading.Thread(target=watch, args=(a.parent,), daemon=True).start()
    print("listening on http://127.0.0.1:%d" % a.port, file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
