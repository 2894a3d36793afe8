#!/usr/bin/env python3
"""Analysis cost on a pathological file: N functions that each write the same payload in loops and
branches (generated code, bundles). The run time should grow about linearly with N.
usage: bench/stress.py [BINARY] (default target/release/dr-session-lint)"""
import os, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "release", "dr-session-lint")
print("functions   MiB   seconds")
for n in (2000, 5000, 10000, 20000):
    parts = ["var dr = new DigitalRiver('k');\nvar p = { type: 'payPal', amount: 1 };\n"]
    for i in range(n):
        parts.append(f"function f{i}(a) {{ for (var j = 0; j < a; j++) {{ if (a > {i}) {{ p.x{i % 50} = j; }} "
                     f"else {{ while (a--) {{ if (a) p.y = 1; }} }} }} return a; }}\n")
    parts.append("dr.createSource(p);\n")
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as f:
        f.write("".join(parts))
    t0 = time.monotonic()
    rc = subprocess.run([binary, "--format", "json", f.name], stdout=subprocess.DEVNULL).returncode
    dt = time.monotonic() - t0
    print(f"{n:9d} {os.path.getsize(f.name) / 1048576:5.1f} {dt:9.2f}   (exit {rc})")
    os.unlink(f.name)
