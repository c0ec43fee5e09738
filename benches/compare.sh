#!/bin/sh
# Two builds of chronotope timed side by side on one story, their runs
# alternating, so that a machine whose speed drifts during a session (a
# shared host can differ by a third from one hour to the next) slows both
# alike. Prints a Markdown table of wall time (best, median) and peak RSS,
# the exit statuses, and whether the two builds' outputs are byte-identical.
#
#   benches/compare.sh [--runs N] OLD NEW STORY [COMMAND...]
#
#   OLD, NEW   two chronotope binaries (copy target/release/chronotope
#              aside before rebuilding)
#   STORY      a story file or directory (`cargo bench --bench engine --
#              --emit FILE N` writes one)
#   COMMAND    the subcommands to time, each one argument, e.g.
#              "check" "order --format json" (the default: those two);
#              a render needs somewhere to write: "render --view curve -o
#              /tmp/out" (only standard output and error are compared)
#   --runs N   runs per build and command (default 5)
#
# Needs GNU time at /usr/bin/time (`apt-get install time`).
set -eu
cd "$(dirname "$0")/.."
. benches/common.sh

RUNS=5
if [ "${1:-}" = "--runs" ]; then
    RUNS=${2:?--runs needs a number}
    shift 2
fi
case ${1:-} in -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [ $# -lt 3 ]; then
    echo "compare.sh: wants OLD NEW STORY (see --help)" >&2
    exit 2
fi
positive_or_exit compare.sh "--runs" "$RUNS"
gnu_time_or_exit compare.sh
OLD=$1 NEW=$2 STORY=$3
shift 3
for bin in "$OLD" "$NEW"; do
    [ -x "$bin" ] || { echo "compare.sh: '$bin' is not an executable" >&2; exit 2; }
done
[ -e "$STORY" ] || { echo "compare.sh: no story at '$STORY'" >&2; exit 2; }
[ $# -gt 0 ] || set -- "check" "order --format json"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/chronotope-compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# One untimed run of each first: the story and both binaries are then in
# the page cache for every timed run alike.
"$OLD" check --color never "$STORY" > /dev/null 2>&1 || true
"$NEW" check --color never "$STORY" > /dev/null 2>&1 || true

echo "| command | build | runs | wall best | wall median | peak RSS best | exit | output |"
echo "|---|---|---|---|---|---|---|---|"
for command in "$@"; do
    : > "$TMP/old.runs"
    : > "$TMP/new.runs"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        for which in old new; do
            if [ "$which" = old ]; then bin=$OLD; else bin=$NEW; fi
            status=0
            # $command is split into words on purpose: "order --format json".
            # shellcheck disable=SC2086
            /usr/bin/time -f '%e %M' -o "$TMP/time" "$bin" $command --color never "$STORY" \
                > "$TMP/$which.out" 2> "$TMP/$which.err" || status=$?
            echo "$(tail -n 1 "$TMP/time") $status" >> "$TMP/$which.runs"
        done
        i=$((i + 1))
    done
    if cmp -s "$TMP/old.out" "$TMP/new.out" && cmp -s "$TMP/old.err" "$TMP/new.err"; then
        same="identical"
    else
        same="differs"
    fi
    for which in old new; do
        if [ "$which" = old ]; then bin=$OLD; else bin=$NEW; fi
        run_stats "$TMP/$which.runs" | while IFS='	' read -r n best median rss ex; do
            printf '| `%s` | %s (%s) | %d | %s s | %s s | %s MB | %s | %s |\n' \
                "$command" "$which" "$(basename "$bin")" "$n" "$best" "$median" "$rss" "$ex" "$same"
        done
    done
done
