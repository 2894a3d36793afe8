#!/usr/bin/env python3
"""Latency of the language server: from a didChange of a 5,000-line file to its publishDiagnostics.

usage: bench/lsp_latency.py [--bin PATH] [--lines N] [--changes N]
  (default: build with `cargo build --release` and use $CARGO_TARGET_DIR/release/dr-session-lint)

The file is fixtures/checkout/checkout.js repeated, each copy in its own function, up to N lines
(default 5,000: 26 copies, 5,122 lines, 364 diagnostics). The script opens it, then makes N
single-character edits (incremental changes, as an editor sends while typing), waiting for the
diagnostics of each version, and prints the median, 90th percentile and maximum time from sending
the change to reading the diagnostics. It does so twice: with the debounce set to 0
(`initializationOptions.debounceMs`: the server's own work, what the 50 ms target is about), and with
the default 150 ms debounce (what an editor sees after the last keystroke of a burst).
Nothing here is a test: the figures go in bench/lsp.md.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Server:
    def __init__(self, binary, root, options):
        self.proc = subprocess.Popen(
            [binary, "--lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.next_id = 0
        self.request("initialize", {
            "processId": None,
            "rootUri": pathlib.Path(root).as_uri(),
            "capabilities": {},
            "initializationOptions": options,
        })
        self.notify("initialized", {})

    def send(self, message):
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def diagnostics(self, uri, version):
        while True:
            m = self.read()
            p = m.get("params", {})
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri \
                    and p.get("version") == version:
                return p["diagnostics"]

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def make_file(lines):
    block = (REPO / "fixtures/checkout/checkout.js").read_text()
    parts, count, i = [], 0, 0
    while count < lines:
        part = "(function copy%d() {\n%s})();\n" % (i, block)
        parts.append(part)
        count += part.count("\n")
        i += 1
    return "".join(parts)


def measure(binary, text, changes, options):
    with tempfile.TemporaryDirectory() as root:
        path = pathlib.Path(root) / "big.js"
        path.write_text(text)
        uri = path.as_uri()
        server = Server(binary, root, options)
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "javascript", "version": 1, "text": text}})
        found = len(server.diagnostics(uri, 1))
        times = []
        for n in range(changes):
            version = n + 2
            # Type one character at the end of the first line (a comment), as an editor sends it.
            start = {"line": 0, "character": len(text.split("\n", 1)[0]) + n}
            change = {"range": {"start": start, "end": start}, "text": "x"}
            t0 = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            server.diagnostics(uri, version)
            times.append((time.perf_counter() - t0) * 1000)
        server.stop()
    times.sort()
    return found, times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--changes", type=int, default=40)
    args = ap.parse_args()
    binary = args.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
        binary = str(pathlib.Path(target) / "release" / "dr-session-lint")
    text = make_file(args.lines)
    print("file: %d lines, %d bytes; %d changes each" % (
        text.count("\n"), len(text.encode()), args.changes))
    for label, options in [("debounce 0 ms (the server's work)", {"debounceMs": 0}),
                           ("default debounce (150 ms)", {})]:
        found, t = measure(binary, text, args.changes, options)
        p90 = t[min(len(t) - 1, int(len(t) * 0.9))]
        print("%s: %d diagnostics; didChange -> publishDiagnostics median %.1f ms, p90 %.1f ms, max %.1f ms"
              % (label, found, statistics.median(t), p90, t[-1]))


if __name__ == "__main__":
    main()
