#!/usr/bin/env python3
"""Shrinks a .flow that breaks a layout invariant, line by line (delta debugging),
with the `pipeline` fuzz binary as the oracle; then drops strings, deadlines, posts
and blocks from the lines that remain.

Usage (from the repository root, after `cargo +nightly fuzz build -O -s none pipeline`):
    python3 fuzz/ddmin.py IN.flow OUT.flow RULE ["layout (Down)"]
RULE is a verifier rule name such as label-on-edge; the optional last argument must
also appear in the failure (to keep a top-to-bottom failure top to bottom).
"""
import os
import re
import subprocess
import sys
import tempfile

BIN = "fuzz/target/x86_64-unknown-linux-gnu/release/pipeline"


def main() -> None:
    src, dst, rule = sys.argv[1], sys.argv[2], sys.argv[3]
    need = sys.argv[4] if len(sys.argv) > 4 else ""
    lines = open(src, encoding="utf-8").read().splitlines()
    fd, cand_path = tempfile.mkstemp(suffix=".flow")
    os.close(fd)

    def bad(ls):
        with open(cand_path, "w", encoding="utf-8") as f:
            f.write("\n".join(ls) + "\n")
        r = subprocess.run([BIN, cand_path], capture_output=True, text=True, timeout=60)
        return f'rule: "{rule}"' in r.stderr and need in r.stderr

    if not bad(lines):
        sys.exit("the input does not show the failure")
    n = 2
    while len(lines) >= 2:
        chunk = max(1, len(lines) // n)
        for i in range(0, len(lines), chunk):
            cand = lines[:i] + lines[i + chunk:]
            if cand and bad(cand):
                lines = cand
                n = max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(lines), n * 2)
    for i in range(len(lines)):
        for pat in [r" \{.*\}\s*$", r' "[^"]*"', r" deadline \S+( \S+)?", r" @\S+"]:
            cand = lines[:]
            cand[i] = re.sub(pat, "", lines[i], count=1)
            if cand[i] != lines[i] and bad(cand):
                lines = cand
    os.unlink(cand_path)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(line.rstrip() for line in lines) + "\n")


if __name__ == "__main__":
    main()
