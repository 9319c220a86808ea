#!/usr/bin/env python3
"""Compares two perf-results JSON files from tools/perf.sh: every numeric figure, old -> new, and the ratio."""
import json
import sys


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out[prefix] = value


def main():
    if len(sys.argv) != 3:
        print("usage: tools/perf-compare.py OLD.json NEW.json", file=sys.stderr)
        return 2
    old, new = {}, {}
    flatten("", json.load(open(sys.argv[1]))["figures"], old)
    flatten("", json.load(open(sys.argv[2]))["figures"], new)
    for key in sorted(set(old) & set(new)):
        a, b = old[key], new[key]
        ratio = f"{b / a:6.2f}x" if a else "     -"
        print(f"{key:60} {a:>16,.2f} -> {b:>16,.2f}  {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
