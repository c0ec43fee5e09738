#!/usr/bin/env python3
"""Turn `chronotope export` JSON into a JSONL difference-constraint network.

    chronotope export STORY.scenes > story.json
    python3 benches/peers/to_jsonl.py story.json network.jsonl
    chronotope export STORY.scenes | python3 benches/peers/to_jsonl.py - network.jsonl

The network is the textbook one (issue 18's networkx peer): every scene has
a start point `S:ID` and an end point `E:ID`, times are whole seconds since
1970-01-01T00:00:00 (proleptic Gregorian, no zone), and every constraint is
an edge `from -> to` of weight `w` meaning `t[to] - t[from] <= w`. Absolute
bounds are edges to and from one origin point `@origin` whose time is 0:
`t[S] <= L` is `@origin -> S` of weight `L`, `t[S] >= E` is `S -> @origin`
of weight `-E`. (chronotope itself keeps absolute bounds as domains on the
points, not as origin edges; the two networks have the same solutions.)

One JSON object per line, in this order:

    {"kind": "story", "title": ..., "origin": "@origin", "epoch": "1970-01-01T00:00:00"}
    {"kind": "node", "id": "@origin"}
    {"kind": "node", "id": "S:s0", "scene": "s0", "point": "start", "telling": 1}
    {"kind": "node", "id": "E:s0", "scene": "s0", "point": "end", "telling": 1}
    ...
    {"kind": "edge", "from": "E:s0", "to": "S:s0", "weight": 0}
    ...

Edges follow the table of docs/ordering.md ("The network"), reading each
constraint kind of docs/export.md: every scene `E - S >= 0`; `starts_within`,
`lasts`, `after`, `before`, `during`, `offset`, `same_as` and `in_era` (an
era bound that is a scene stands for that scene's start). Two edges between
the same points are both written; a reader keeps the lighter one.

Only the first story of the export is converted. Stories in a calendar of
their own (a `calendar:` header other than `gregorian`) are refused: their
ISO strings are in the calendar's own numbering. Floating parts (no date
anywhere) are converted, but the peer does not pin them as chronotope does.
"""

import json
import re
import sys

ORIGIN = "@origin"
ISO = re.compile(r"^([+-]?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$")


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def seconds(iso):
    m = ISO.match(iso)
    if not m:
        raise ValueError(f"not an ISO date-time: {iso!r}")
    y, mo, d, h, mi, s = (int(g) for g in m.groups())
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s


def main(argv):
    if len(argv) != 3:
        print("usage: to_jsonl.py EXPORT.json|- OUT.jsonl", file=sys.stderr)
        return 2
    if argv[1] == "-":
        doc = json.load(sys.stdin)
    else:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    if doc.get("format") != "chronotope-story" or doc.get("version") != 1:
        print("to_jsonl.py: not a version 1 `chronotope export` document", file=sys.stderr)
        return 2
    stories = doc["stories"]
    if not stories:
        print("to_jsonl.py: the export holds no story", file=sys.stderr)
        return 2
    if len(stories) > 1:
        print(f"to_jsonl.py: {len(stories)} stories; converting the first only", file=sys.stderr)
    story = stories[0]
    calendar = story.get("header", {}).get("calendar")
    if calendar is not None and calendar.strip().lower() != "gregorian":
        print(f"to_jsonl.py: calendar `{calendar}` is not supported (Gregorian only)", file=sys.stderr)
        return 2

    eras = {e["name"]: e for e in story["eras"]}
    edges = []
    add = edges.append

    def start(i):
        return "S:" + i

    def end(i):
        return "E:" + i

    def between(a, b, lo, hi):
        """lo <= t[b] - t[a] <= hi (either side may be None)."""
        if hi is not None:
            add((a, b, hi))
        if lo is not None:
            add((b, a, -lo))

    for sc in story["scenes"]:
        me = sc["id"]
        s, e = start(me), end(me)
        between(s, e, 0, None)  # a scene ends no earlier than it starts
        for c in sc["story"]:
            k = c["kind"]
            lo, hi = c.get("min_seconds"), c.get("max_seconds")
            if k == "starts_within":
                between(ORIGIN, s, seconds(c["earliest"]), seconds(c["latest"]))
            elif k == "lasts":
                between(s, e, lo, hi)
            elif k == "after":
                between(end(c["scene"]), s, lo, hi)
            elif k == "before":
                between(e, start(c["scene"]), lo, hi)
            elif k == "offset":
                between(start(c["scene"]), s, lo, hi)
            elif k == "during":
                between(start(c["scene"]), s, 0, None)
                between(e, end(c["scene"]), 0, None)
            elif k == "same_as":
                between(start(c["scene"]), s, 0, 0)
                between(end(c["scene"]), e, 0, 0)
            elif k == "in_era":
                era = eras[c["era"]]
                lo_b, hi_b = era.get("from"), era.get("to")
                if lo_b is not None:
                    if "time" in lo_b:
                        between(ORIGIN, s, seconds(lo_b["time"]), None)
                    else:
                        between(start(lo_b["scene_start"]), s, 0, None)
                if hi_b is not None:
                    if "time" in hi_b:
                        between(ORIGIN, e, None, seconds(hi_b["time"]))
                    else:
                        between(e, start(hi_b["scene_start"]), 0, None)
            else:
                print(f"to_jsonl.py: scene {me}: unknown constraint kind {k!r}", file=sys.stderr)
                return 2

    out = sys.stdout if argv[2] == "-" else open(argv[2], "w", encoding="utf-8")
    dumps = json.dumps
    w = out.write
    w(dumps({"kind": "story", "title": story["title"], "origin": ORIGIN,
             "epoch": "1970-01-01T00:00:00"}, ensure_ascii=False) + "\n")
    w(dumps({"kind": "node", "id": ORIGIN}) + "\n")
    for sc in story["scenes"]:
        me, t = sc["id"], sc["telling"]
        w(dumps({"kind": "node", "id": start(me), "scene": me, "point": "start", "telling": t},
                ensure_ascii=False) + "\n")
        w(dumps({"kind": "node", "id": end(me), "scene": me, "point": "end", "telling": t},
                ensure_ascii=False) + "\n")
    for a, b, wt in edges:
        w(dumps({"kind": "edge", "from": a, "to": b, "weight": wt}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    print(f"to_jsonl.py: {len(story['scenes'])} scenes, {2 * len(story['scenes']) + 1} nodes, "
          f"{len(edges)} edges", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
