#!/usr/bin/env python3
"""Analysis cost on bad inputs (fuzzing and the bad-input matrix): self-references and cycles through
properties, nesting 10,000 levels deep, chained assignments 100,000 deep, and the JSX text that makes
swc's parser panic. Prints one line per input: size, seconds, exit code, peak RSS (MiB, Linux only).
usage: [TIMEOUT=300] [MEM_MB=4096] [ONLY=text] bench/bad_inputs.py [BINARY] (default target/release/dr-session-lint)
A run killed by the timeout or for its memory shows exit -9."""
import os, subprocess, sys, tempfile, threading, time

binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "release", "dr-session-lint")
timeout = float(os.environ.get("TIMEOUT", "300"))  # seconds, then the run is killed
mem_mb = int(os.environ.get("MEM_MB", "4096"))  # resident memory past which the run is killed


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def watch(proc, deadline, done):
    # The tool reserves large thread stacks, so an address-space limit would stop it from starting:
    # resident memory is polled instead (the main thread reaps the process and sets `done`).
    while not done.wait(0.02):
        if time.monotonic() > deadline or rss_mb(proc.pid) > mem_mb:
            proc.kill()
            return
DR = "var dr = new DigitalRiver('k');\n"


def deep(n):
    return DR + "dr.createSource({ type: 'payPal', sessionId: s, d: " + "{ d: " * n + "1" + " }" * n + " });\n"


def chain(n):
    return DR + "var v, p = { type: 'payPal' };\n" + "v = " * n + "1;\ndr.createSource(p);\n"


def chain_tracked(n):
    return DR + "var p;\n" + "p = " * n + "{ type: 'payPal' };\ndr.createSource(p);\n"


def self_assign_many(n):
    return DR + "var p = { type: 'payPal' };\n" + "".join(f"p.f{i} = p;\n" for i in range(n)) + "dr.createSource(p);\n"


def dag(n):
    # a_k holds a_(k-1) twice: a tree of 2^n paths if objects were copied without bound.
    out = [DR, "var a0 = { type: 'payPal' };\n"]
    for k in range(1, n + 1):
        out.append(f"var a{k} = {{ type: 'payPal', x: a{k-1}, y: a{k-1} }};\n")
    out.append(f"dr.createSource(a{n});\n")
    return "".join(out)


def doubling(n):
    # A write into an object the payload holds 2^n times (o_k holds o_(k-1) twice).
    out = [DR, "var o0 = {};\n"]
    for k in range(1, n + 1):
        out.append(f"var o{k} = {{ l: o{k-1}, r: o{k-1} }};\n")
    out.append(f"var p = {{ type: 'payPal', tree: o{n} }};\no0.leaf = 1;\ndr.createSource(p);\n")
    return "".join(out)


CASES = [
    ("self-reference p.a = p", "js", lambda: "var p = {};\np.a = p;\nx.createSource(p);\n"),
    ("two objects a.b = b; b.a = a", "js", lambda: DR + "var a = {}, b = {};\na.b = b;\nb.a = a;\ndr.createSource(a);\n"),
    ("two objects var a = { b }; b.a = a", "js", lambda: DR + "var b = {};\nvar a = { type: 'payPal', b };\nb.a = a;\ndr.createSource(a);\n"),
    ("Object.assign(p, {self: p})", "js", lambda: "var p = { type: 'payPal' };\nObject.assign(p, { self: p });\ndr.createSource(p);\n"),
    ("p.x = {}; p.x.y = p, in a loop and a closure", "js", lambda: "var p = { type: 'payPal' };\nfor (;;) { p.x = {}; p.x.y = p; function f() { p.z = p; p.x.y = p.x; } }\ndr.createSource(p);\n"),
    ("1,000 writes p.fN = p", "js", lambda: self_assign_many(1000)),
    ("a_k = { x: a_(k-1), y: a_(k-1) }, 30 levels", "js", lambda: dag(30)),
    ("write into 2^30 copies (o_k = { l: o_(k-1), r: o_(k-1) })", "js", lambda: doubling(30)),
    ("20,000 writes p.fN = p", "js", lambda: self_assign_many(20_000)),
    ("nested object 10,000 deep", "js", lambda: deep(10_000)),
    ("nested object 19,990 deep", "js", lambda: deep(19_990)),
    ("v = v = ... = 1, 100,000 deep", "js", lambda: chain(100_000)),
    ("p = p = ... = {...}, 100,000 deep", "js", lambda: chain_tracked(100_000)),
    ("JSX <b:r.createSource", "jsx", lambda: "const x = <b:r.createSource />;\n"),
]

print(f"{'input':56} {'KiB':>8} {'seconds':>8} {'exit':>5} {'RSS MiB':>8}")
only = os.environ.get("ONLY")  # run only the inputs whose name contains this
for name, ext, make in CASES:
    if only and only not in name:
        continue
    with tempfile.NamedTemporaryFile("w", suffix="." + ext, delete=False) as f:
        f.write(make())
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen([binary, "--format", "json", f.name], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        done = threading.Event()
        watcher = threading.Thread(target=watch, args=(proc, t0 + timeout, done))
        watcher.start()
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped yet
        dt = time.monotonic() - t0
        done.set()
        watcher.join()
        _, status, usage = os.wait4(proc.pid, 0)
        rc = proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024
    except OSError as e:
        rc, rss, dt = f"err {e}", 0, 0
    print(f"{name:56} {os.path.getsize(f.name) / 1024:8.1f} {dt:8.2f} {rc!s:>5} {rss:8.0f}")
    os.unlink(f.name)
