#!/usr/bin/env python3
"""docs/library.md's C++ is copied from examples/ and tests/, which CI
builds: every ```cpp block of the page must appear, line for line (leading
and trailing blanks aside), in one of those files, so a copy that drifts
from the compiled code fails here (issue 17: every example in the page is
compiled in CI). A block that is only a sketch says so on its first line
with `// sketch`.

usage: library_excerpts_test.py REPO
"""
import glob
import os
import re
import sys


def lines(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def main():
    repo = sys.argv[1]
    page = open(os.path.join(repo, "docs", "library.md")).read()
    sources = {}
    for pattern in ("examples/*.cpp", "examples/**/*.cpp", "tests/**/*.cpp", "models/*.h"):
        for path in glob.glob(os.path.join(repo, pattern), recursive=True):
            sources[os.path.relpath(path, repo)] = "\n".join(lines(open(path).read()))
    blocks = re.findall(r"```cpp\n(.*?)```", page, re.S)
    if not blocks:
        sys.exit("docs/library.md: no ```cpp blocks (the check would pass for nothing)")
    failures = []
    for i, block in enumerate(blocks, 1):
        want = lines(block)
        if not want or want[0].startswith("// sketch"):
            continue
        text = "\n".join(want)
        if not any(text in src for src in sources.values()):
            failures.append(f"block {i} (first line: {want[0]!r}) is in no file of examples/, tests/ or models/")
    for f in failures:
        print(f"docs/library.md: {f}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"docs/library.md: {len(blocks)} C++ blocks, each found in the compiled sources")


if __name__ == "__main__":
    main()
