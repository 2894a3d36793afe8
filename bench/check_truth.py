#!/usr/bin/env python3
"""Compare the DigitalRiver.js call sites in dr-session-lint's JSON output with the corpus truth.

usage: check_truth.py TOOL_OUTPUT.json [TRUTH.jsonl]
  TOOL_OUTPUT.json  stdout of `dr-session-lint --format json .` run from inside the tree
  TRUTH.jsonl       one {"path": ..., "dr_call_sites": N} per line, paths relative to the tree;
                    without it every file is expected to have 0 DigitalRiver.js call sites (natural tree)
Per-file counts of callSites with kind == "digitalriver" must match exactly. Exit 0 if they do, 1 if not,
2 if the output cannot be read."""
import json
import sys
from collections import Counter


def norm(path):
    while path.startswith('./'):
        path = path[2:]
    return path


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding='utf-8') as f:
            doc = json.load(f)
        found = Counter(norm(s['path']) for s in doc['callSites'] if s.get('kind') == 'digitalriver')
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print(f'truth check: cannot read call sites from {argv[1]}: {e!r}')
        return 2

    expected = Counter()
    if len(argv) == 3:
        with open(argv[2], encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    t = json.loads(line)
                    expected[norm(t['path'])] += t['dr_call_sites']

    paths = sorted(p for p in expected.keys() | found.keys() if expected[p] != found[p])
    for p in paths[:20]:
        print(f'  mismatch {p}: expected {expected[p]}, found {found[p]}')
    if len(paths) > 20:
        print(f'  ... and {len(paths) - 20} more mismatching files')
    missing = sum(max(0, expected[p] - found[p]) for p in paths)
    extra = sum(max(0, found[p] - expected[p]) for p in paths)

    ok = not paths
    summary = (doc.get('summary') or {}).get('callSites') or {}
    if 'digitalRiver' in summary and summary['digitalRiver'] != sum(found.values()):
        print(f"  summary.callSites.digitalRiver is {summary['digitalRiver']} but callSites lists "
              f"{sum(found.values())} digitalriver entries")
        ok = False
    scanned = (doc.get('summary') or {}).get('filesScanned')
    print(f'truth check: expected {sum(expected.values())} digitalriver call sites, found {sum(found.values())}, '
          f'missing {missing}, extra {extra}, mismatching files {len(paths)}, filesScanned {scanned} '
          f'-> {"OK" if ok else "FAIL"}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
