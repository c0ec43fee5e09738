#!/usr/bin/env python3
"""screenplain parsing a Fountain script and nothing else (issue 18's peer).

    python3 benches/peers/screenplain_parse.py SCRIPT.fountain

Opens the file as screenplain's command line does (`codecs.open`, UTF-8
with an optional byte-order mark) and runs `screenplain.parsers.fountain.parse`
on it; prints the number of paragraphs parsed on standard error. No output
format is written: screenplain 0.12 has no default output (its command line
wants `--format fdx|html|pdf`), which `run.sh` times separately.
"""

import codecs
import sys

from screenplain.parsers import fountain


def main(argv):
    if len(argv) != 2:
        print("usage: screenplain_parse.py SCRIPT.fountain", file=sys.stderr)
        return 2
    with codecs.open(argv[1], "r", encoding="utf-8-sig", errors="strict") as f:
        screenplay = fountain.parse(f)
    print(f"screenplain_parse.py: {len(screenplay.paragraphs)} paragraphs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
