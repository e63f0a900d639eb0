#!/usr/bin/python3
"""Checks the report's floor under two-thread speedups on made-up runs: a
pool call of 2 us means 1.8x on two threads needs a layer of at least
2 / (1/1.8 - 1/2) = 36 us alone, and a 0.5 us round trip 9 us."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scaling import floor_section  # noqa: E402


def entry(us, level=2):
    return {"real_time": us, "time_unit": "us", "memory_level": level}


def main():
    threaded = {
        ("poolcall", "any", "pthreadpool", "empty"): {2: {"median": entry(2.0)}},
        ("poolcall", "any", "cacheline", "roundtrip"): {2: {"median": entry(0.5)}},
    }
    runs = {}
    # L2-resident layers of the default variant taking 5, 20 and 40 us
    # alone; a 30 us one of another variant and a 3 us L3 one, not counted.
    for shape, us, variant, level in [("a", 5, "avx2", 2), ("b", 20, "avx2", 2),
                                      ("c", 40, "avx2", 2), ("d", 30, "sse", 2),
                                      ("e", 3, "avx2", 3)]:
        key = ("maxpool", "nhwc", variant, shape)
        runs[key] = {"median": entry(us, level)}
        threaded[key] = {2: {"median": entry(us / 1.5, level)}}
    md = "\n".join(floor_section(runs, threaded, {"skb_default_variant": "avx2"},
                                 ["maxpool"]))
    problems = []
    for want in ["| 2 | 2.00 us | 0.50 us |", "needs T >= 36.0 us",
                 "2 of the 3 L2-resident layers", "would need T >= 9.0 us (1 of them"]:
        if want not in md:
            problems.append(f"missing {want!r}")
    # Without the pool-call run there is nothing to say.
    del threaded[("poolcall", "any", "pthreadpool", "empty")]
    if floor_section(runs, threaded, {"skb_default_variant": "avx2"}, ["maxpool"]):
        problems.append("a section without the pool-call run")
    for p in problems:
        print("scaling_test:", p)
    if problems:
        print(md)
        return 1
    print("scaling_test: the floor and its counts are right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
