#!/usr/bin/env python3
"""Compare the DigitalRiver.js call sites in dr-session-lint's JSON output with the corpus truth.

usage: check_truth.py TOOL_OUTPUT.json [TRUTH.jsonl]
  TOOL_OUTPUT.json  stdout of `dr-session-lint --format json .` run from inside the tree
  TRUTH.jsonl       one {"path": ..., "dr_call_sites": N} per line, paths relative to the tree;
                    without it every file is expected to have 0 DigitalRiver.js call sites (natural tree)
Per-file counts of callSites with kind == "digitalriver" must match exactly. Exit 0 if they do, 1 if not,
2 if the output cannot be read.

A truth whose lines also list "findings" ([line, rule, field], the modular tree's) is checked by its
findings instead: per file, the multiset of (line, rule, field) of the tool's diagnostics of those rules
must match exactly. Call-site counts are then only reported: the tool counts a payload sent through a
wrapper at the wrapper's call, and a builder's payload in the builder's file, on purpose."""
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
    truth_findings = None
    if len(argv) == 3:
        with open(argv[2], encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    t = json.loads(line)
                    expected[norm(t['path'])] += t.get('dr_call_sites', 0)
                    if 'findings' in t:
                        truth_findings = truth_findings or {}
                        truth_findings.setdefault(norm(t['path']), Counter()).update(
                            (f[0], f[1], f[2]) for f in t['findings'])
    if truth_findings is not None:
        return check_findings(doc, truth_findings, expected, found)

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


def check_findings(doc, truth, expected_sites, found_sites):
    rules = {r for c in truth.values() for (_, r, _) in c}
    found = {}
    others = Counter()
    for d in doc['diagnostics']:
        if d['rule'] not in rules:
            others[d['rule']] += 1
            continue
        key = (d['range']['start']['line'], d['rule'], d.get('field') or '')
        found.setdefault(norm(d['path']), Counter())[key] += 1
    paths = sorted(p for p in truth.keys() | found.keys()
                   if truth.get(p, Counter()) != found.get(p, Counter()))
    for p in paths[:20]:
        want, got = truth.get(p, Counter()), found.get(p, Counter())
        print(f'  mismatch {p}: missing {sorted((want - got).elements())}, extra {sorted((got - want).elements())}')
    if len(paths) > 20:
        print(f'  ... and {len(paths) - 20} more mismatching files')
    site_diff = sorted(p for p in expected_sites.keys() | found_sites.keys()
                       if expected_sites[p] != found_sites[p])
    n = lambda c: sum(sum(x.values()) for x in c.values())
    print(f'truth check (findings): expected {n(truth)} findings in {len(truth)} files, found {n(found)}, '
          f'mismatching files {len(paths)} -> {"OK" if not paths else "FAIL"}; other rules {dict(others)}; '
          f'digitalriver call sites: truth {sum(expected_sites.values())}, tool {sum(found_sites.values())}, '
          f'{len(site_diff)} files differ (by design: not checked)')
    return 0 if not paths else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
