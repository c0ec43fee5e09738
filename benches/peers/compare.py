#!/usr/bin/env python3
"""Compare `chronotope order --format json` with networkx_order.py's output.

    python3 benches/peers/compare.py CHRONOTOPE.json PEER.json

Checks that both list the same placed scenes in the same order, with the
same earliest/latest start and end, and the same unplaced scenes. Prints
one summary line (and the first few differences) and exits 0 when all
agree, 1 otherwise. Only the first story of chronotope's output is read
(it writes one JSON document per story).
"""

import json
import sys

FIELDS = ("earliest_start", "latest_start", "earliest_end", "latest_end")


def main(argv):
    if len(argv) != 3:
        print("usage: compare.py CHRONOTOPE.json PEER.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    chrono, _ = json.JSONDecoder().raw_decode(text.lstrip())
    with open(argv[2], encoding="utf-8") as f:
        peer = json.load(f)
    a, b = chrono["scenes"], peer["scenes"]
    shown = 0
    order_diff = bounds_diff = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x["id"] != y["id"]:
            order_diff += 1
            if shown < 5:
                print(f"position {i + 1}: chronotope {x['id']}, networkx {y['id']}")
                shown += 1
        else:
            for k in FIELDS:
                if x.get(k) != y.get(k):
                    bounds_diff += 1
                    if shown < 5:
                        print(f"{x['id']} {k}: chronotope {x.get(k)}, networkx {y.get(k)}")
                        shown += 1
                    break
    ua = [u["id"] for u in chrono.get("unplaced", [])]
    ub = [u["id"] for u in peer.get("unplaced", [])]
    relative = sum(1 for x in a if x.get("relative") is not None)
    ok = len(a) == len(b) and order_diff == 0 and bounds_diff == 0 and ua == ub
    print(f"compare: {len(a)} placed scenes (chronotope) / {len(b)} (networkx); "
          f"positions differing: {order_diff}; same scene, bounds differing: {bounds_diff}; "
          f"unplaced {len(ua)} / {len(ub)}; floating in chronotope: {relative}: "
          f"{'orders and bounds match' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
