#!/usr/bin/env python3
"""Keep the header and the first N scenes of a scene file.

    python3 benches/peers/first_scenes.py N IN.scenes OUT.scenes

Cuts before the N+1-th line starting with `scene `. On the story of
`cargo bench --bench engine -- --emit FILE N` the first N scenes are that
command's story of N scenes (each scene refers only to scenes before it and
draws its random numbers in turn), so a 10,000-scene story can be cut from
the 100,000-scene one without building anything.
"""

import sys


def main(argv):
    if len(argv) != 4:
        print("usage: first_scenes.py N IN.scenes OUT.scenes", file=sys.stderr)
        return 2
    n = int(argv[1])
    seen = 0
    with open(argv[2], encoding="utf-8") as src, open(argv[3], "w", encoding="utf-8") as out:
        for line in src:
            if line.startswith("scene "):
                seen += 1
                if seen > n:
                    break
            out.write(line)
    print(f"first_scenes.py: {min(seen, n)} scenes written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
