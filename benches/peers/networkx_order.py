#!/usr/bin/env python3
"""The networkx peer of `chronotope order --format json` (issue 18).

    python3 benches/peers/networkx_order.py NETWORK.jsonl OUT.json

Reads the JSONL network of `to_jsonl.py` into a networkx DiGraph (two
edges between the same points: the lighter one is kept), runs Bellman-Ford
from the origin on the distance graph (`t[to] - t[from] <= weight`) for
every point's latest time and on the reversed graph for its earliest time,
sorts the scenes by earliest start (then latest start, then telling, the
tie-break chronotope uses; an open side counts as minus or plus infinity)
and writes the order as one JSON document:

    {"story": TITLE,
     "scenes": [{"id", "telling", "chrono", "earliest_start", "latest_start",
                 "earliest_end", "latest_end"}, ...],
     "unplaced": [{"id", "telling"}, ...]}

Times are written as chronotope writes them (`2014-05-17T18:00:00`, `null`
when open). A scene none of whose points the origin reaches in either
direction (no date in its part of the story, or no tag at all) is listed as
unplaced: chronotope pins such floating parts to their first scene told
instead, so stories with floating parts are not compared. A negative cycle
(contradictory tags) is reported and exits 1. The whole run (read, solve,
sort, write) is what `benches/peers/run.sh` times; PEER_TIMINGS=1 prints
the time at the end of each stage on standard error.
"""

import time

T0 = time.perf_counter()

import datetime  # noqa: E402 (timed from here)
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import networkx as nx  # noqa: E402

EPOCH = datetime.datetime(1970, 1, 1)
MIN_S = (datetime.datetime(1, 1, 1) - EPOCH).total_seconds()
MAX_S = (datetime.datetime(9999, 12, 31, 23, 59, 59) - EPOCH).total_seconds()


def civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (m <= 2), m, d


def iso(t):
    if t is None:
        return None
    if MIN_S <= t <= MAX_S:
        return (EPOCH + datetime.timedelta(seconds=t)).isoformat()
    days, rem = divmod(t, 86400)
    y, m, d = civil_from_days(days)
    year = f"{y:04d}" if 0 <= y <= 9999 else (f"-{-y:04d}" if y < 0 else f"+{y}")
    return f"{year}-{m:02d}-{d:02d}T{rem // 3600:02d}:{rem % 3600 // 60:02d}:{rem % 60:02d}"


TIMINGS = os.environ.get("PEER_TIMINGS") == "1"


def stage(name):
    """With PEER_TIMINGS=1, print the time since this file started running
    (the interpreter's own start-up, before it, is not counted)."""
    if TIMINGS:
        print(f"timing {name:<8} {time.perf_counter() - T0:7.3f} s (cumulative)", file=sys.stderr)


def main(argv):
    stage("import")
    if len(argv) != 3:
        print("usage: networkx_order.py NETWORK.jsonl OUT.json", file=sys.stderr)
        return 2
    title, origin = None, None
    scenes = []  # (id, telling) in file order
    weights = {}
    loads = json.loads
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            o = loads(line)
            k = o["kind"]
            if k == "edge":
                key = (o["from"], o["to"])
                w = o["weight"]
                old = weights.get(key)
                if old is None or w < old:
                    weights[key] = w
            elif k == "node":
                if o.get("point") == "start":
                    scenes.append((o["scene"], o["telling"]))
            elif k == "story":
                title, origin = o["title"], o["origin"]
    if origin is None:
        print("networkx_order.py: no story line in the network", file=sys.stderr)
        return 2

    stage("read")
    g = nx.DiGraph()
    g.add_node(origin)
    for sid, _ in scenes:
        g.add_node("S:" + sid)
        g.add_node("E:" + sid)
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    del weights
    stage("graph")

    try:
        # Shortest distance origin -> v is v's latest time; shortest
        # distance v -> origin (origin -> v in the reversed graph) is minus
        # its earliest time.
        latest = nx.single_source_bellman_ford_path_length(g, origin, weight="weight")
        back = nx.single_source_bellman_ford_path_length(g.reverse(copy=False), origin, weight="weight")
    except nx.NetworkXUnbounded:
        print("networkx_order.py: negative cycle: the tags contradict each other", file=sys.stderr)
        return 1
    stage("solve")

    rows, unplaced = [], []
    inf = math.inf
    for sid, telling in scenes:
        s, e = "S:" + sid, "E:" + sid
        es = back.get(s)
        ee = back.get(e)
        es = None if es is None else -es
        ee = None if ee is None else -ee
        ls, le = latest.get(s), latest.get(e)
        if es is None and ls is None and ee is None and le is None:
            unplaced.append({"id": sid, "telling": telling})
            continue
        rows.append((-inf if es is None else es, inf if ls is None else ls, telling,
                     sid, es, ls, ee, le))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    stage("sort")

    out = {
        "story": title,
        "scenes": [
            {"id": sid, "telling": telling, "chrono": i + 1,
             "earliest_start": iso(es), "latest_start": iso(ls),
             "earliest_end": iso(ee), "latest_end": iso(le)}
            for i, (_, _, telling, sid, es, ls, ee, le) in enumerate(rows)
        ],
        "unplaced": unplaced,
    }
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(json.dumps(out, ensure_ascii=False))  # one C-encoder call
        f.write("\n")
    stage("write")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
