#!/usr/bin/env python3
"""The bad-input catalogue: table-driven cases run through the real trio6sim binary.

Each tests/catalogue/<area>.yaml is a list of cases:

    - name: junos-ipv4-octet-too-big      # unique, kebab-case
      args: [check, "{dir}/r1.conf"]       # {dir}: the case's temp folder; {repo}: the repository root
      files: {r1.conf: "..."}              # optional, written into {dir} first (relative names, may hold '/')
      stdin: "..."                          # optional
      exit: 1                               # expected exit status
      expect: ["r1.conf:2", "13.10.1.300"]  # fragments that must all appear in stdout + stderr
      expect_not: ["..."]                   # optional: fragments that must not appear

A case fails when its exit status differs, a fragment is missing (or a forbidden one present), the
process ends by a signal, prints a sanitizer report or std::terminate's message, or runs past the
timeout. Usage: run_catalogue.py TRIO6SIM AREA.yaml [AREA.yaml ...] [--timeout S] [-k SUBSTRING]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# What a crash or an undefined behaviour prints, whatever the exit status says.
CRASH_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "terminate called", "Segmentation fault",
                 "stack-overflow")
KNOWN_KEYS = {"name", "args", "files", "stdin", "exit", "expect", "expect_not", "why"}


def check_case_shape(case, where):
    unknown = set(case) - KNOWN_KEYS
    missing = {"name", "args", "exit", "expect"} - set(case)
    if unknown or missing:
        raise SystemExit(f"{where}: case {case.get('name', '?')}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    if not case["expect"]:
        raise SystemExit(f"{where}: case {case['name']}: expect must name at least one fragment")


def run_case(binary, case, timeout):
    """Returns None when the case holds, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="trio6sim-cat-") as tmp:
        subst = lambda s: str(s).replace("{dir}", tmp).replace("{repo}", REPO)
        for name, text in (case.get("files") or {}).items():
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(subst(text))
        args = [os.path.abspath(binary)] + [subst(a) for a in case["args"]]
        try:
            proc = subprocess.run(args, input=subst(case.get("stdin", "")).encode(), capture_output=True,
                                  timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return f"timed out after {timeout} s"
        out = proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")
        out_in_dir = out.replace(tmp, "{dir}")
        problems = []
        if proc.returncode < 0:
            problems.append(f"ended by signal {-proc.returncode}")
        elif proc.returncode != case["exit"]:
            problems.append(f"exit status {proc.returncode}, expected {case['exit']}")
        for marker in CRASH_MARKERS:
            if marker in out:
                problems.append(f"printed '{marker}'")
        for frag in case["expect"]:
            if str(frag) not in out and str(frag) not in out_in_dir:
                problems.append(f"missing '{frag}'")
        for frag in case.get("expect_not") or []:
            if str(frag) in out:
                problems.append(f"unexpected '{frag}'")
        if problems:
            tail = "\n      ".join(out_in_dir.strip().splitlines()[-12:])
            return "; ".join(problems) + f"\n    output (last lines):\n      {tail}"
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("areas", nargs="+")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("-k", dest="only", default="")
    a = ap.parse_args()
    names = set()
    passed = failed = 0
    for area in a.areas:
        with open(area, encoding="utf-8") as f:
            cases = yaml.safe_load(f) or []
        for case in cases:
            check_case_shape(case, area)
            if case["name"] in names:
                raise SystemExit(f"{area}: duplicate case name {case['name']}")
            names.add(case["name"])
            if a.only and a.only not in case["name"]:
                continue
            problem = run_case(a.binary, case, a.timeout)
            if problem:
                failed += 1
                print(f"FAIL {case['name']}: {problem}")
            else:
                passed += 1
                print(f"ok   {case['name']}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
