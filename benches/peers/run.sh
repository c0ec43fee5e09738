#!/bin/sh
# Peer comparisons of issue 18, run side by side in one session:
#
#  1. `chronotope order --format json` on a generated story against a
#     networkx peer on the same network (the JSONL that to_jsonl.py makes
#     from `chronotope export`; Bellman-Ford from an origin, sort by
#     earliest start, write the order: networkx_order.py), then a check
#     that both give the same order and bounds (compare.py);
#  2. `chronotope order --format json` on a generated Fountain script
#     against screenplain parsing it (screenplain_parse.py) and against
#     screenplain's command line writing HTML (0.12 has no default output).
#
#   benches/peers/run.sh [--runs N] [--scenes N] [--story FILE] [--fountain FILE]
#                        [--no-network] [--no-fountain]
#
#   --runs N         timed runs of each command, alternating (default 3)
#   --scenes N       size of the generated story and script (default 100000)
#   --story FILE     use this scene file instead of generating one with
#                    `cargo bench --bench engine -- --emit FILE N`
#   --fountain FILE  use this script instead of generating one with
#                    `cargo bench --bench fountain -- --emit FILE N`
#   --no-network     skip comparison 1;  --no-fountain  skip comparison 2
#
# chronotope is target/release/chronotope (CHRONOTOPE=PATH to change; built
# with `cargo build --release` if missing), copied into a temporary
# directory first so that a rebuild during the run cannot swap it. networkx
# and screenplain are installed with pip into a virtualenv at
# ${TMPDIR:-/tmp}/chronotope-peers-venv (PEERS_VENV=DIR to change) if it
# lacks them. Each command runs under GNU time (`/usr/bin/time -f "%e %M"`:
# wall time, peak RSS), writing its output to a file, not /dev/null; the
# network is made before the clock starts. A command whose first run takes
# over SLOW seconds (default 120) is run once only. Prints a Markdown table.
set -eu
cd "$(dirname "$0")/../.."
. benches/common.sh

RUNS=3
SCENES=100000
STORY=""
FOUNTAIN=""
NETWORK=1
SCRIPT=1
SLOW=${SLOW:-120}
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --scenes) SCENES=${2:?--scenes needs a number}; shift 2 ;;
    --story) STORY=${2:?--story needs a file}; shift 2 ;;
    --fountain) FOUNTAIN=${2:?--fountain needs a file}; shift 2 ;;
    --no-network) NETWORK=0; shift ;;
    --no-fountain) SCRIPT=0; shift ;;
    -h | --help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "peers/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
positive_or_exit peers/run.sh "--runs and --scenes" "$RUNS" "$SCENES"
gnu_time_or_exit peers/run.sh

say() { echo "peers/run.sh: $*" >&2; }
commas() { printf '%s' "$1" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta'; }
size_of() { wc -c < "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/chronotope-peers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
PEERS=benches/peers

# The peers' Python.
VENV=${PEERS_VENV:-${TMPDIR:-/tmp}/chronotope-peers-venv}
if ! "$VENV/bin/python" -c 'import networkx, screenplain' > /dev/null 2>&1; then
    say "installing networkx and screenplain into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet networkx screenplain
fi
PY=$VENV/bin/python
versions=$("$PY" -c 'import sys, importlib.metadata as m; print("Python %s, networkx %s, screenplain %s" % (sys.version.split()[0], m.version("networkx"), m.version("screenplain")))')

# chronotope, frozen for the session.
SRC_BIN=${CHRONOTOPE:-target/release/chronotope}
if ! [ -x "$SRC_BIN" ]; then
    say "building release"
    cargo build --release --quiet
fi
built=$(date -u -r "$SRC_BIN" '+%Y-%m-%d %H:%M UTC')
cp "$SRC_BIN" "$TMP/chronotope"
BIN=$TMP/chronotope
commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2> /dev/null || commit="$commit + uncommitted changes to src/ or the Cargo files"

if [ "$NETWORK" = 1 ] && [ -z "$STORY" ]; then
    say "writing a $SCENES-scene story"
    STORY=$TMP/story.scenes
    cargo bench --bench engine --quiet -- --emit "$STORY" "$SCENES"
fi
if [ "$SCRIPT" = 1 ] && [ -z "$FOUNTAIN" ]; then
    say "writing a $SCENES-scene Fountain script"
    FOUNTAIN=$TMP/script.fountain
    cargo bench --bench fountain --quiet -- --emit "$FOUNTAIN" "$SCENES"
fi

# once LABEL COMMAND...: one timed run of COMMAND (stdout to $TMP/out.LABEL),
# appended to $TMP/runs.LABEL as "wall kB status"; skipped when LABEL was
# marked slow.
once() {
    label=$1
    shift
    [ -e "$TMP/slow.$label" ] && return 0
    status=0
    /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" > "$TMP/out.$label" 2> "$TMP/err.$label" || status=$?
    # GNU time puts "Command exited with non-zero status N" first.
    echo "$(tail -n 1 "$TMP/time") $status" >> "$TMP/runs.$label"
    say "$label: $(tail -n 1 "$TMP/runs.$label")"
    if [ "$status" -gt 1 ]; then
        say "$label exited $status:"
        head -n 5 "$TMP/err.$label" >&2
    fi
    if tail -n 1 "$TMP/time" | awk -v s="$SLOW" '{ exit !($1 > s) }'; then
        echo "over ${SLOW} s: 1 run" > "$TMP/slow.$label"
    fi
}

# row LABEL INPUT COMMAND-TEXT BASELINE-LABEL: a table row from the runs of
# LABEL; the last column is LABEL's best wall over BASELINE-LABEL's.
row() {
    label=$1 input=$2 text=$3 base=$4
    base_best=$(sort -n "$TMP/runs.$base" | head -n 1 | cut -d' ' -f1)
    note=""
    [ -e "$TMP/slow.$label" ] && note=" ($(cat "$TMP/slow.$label"))"
    self=$([ "$label" = "$base" ] && echo 1 || echo 0)
    run_stats "$TMP/runs.$label" | while IFS='	' read -r n best median rss ex; do
        if [ "$self" = 1 ]; then
            ratio=1
        else
            ratio=$(awk -v a="$best" -v b="$base_best" 'BEGIN { print (b > 0 ? sprintf("%.1f×", a / b) : "—") }')
        fi
        printf '| %s | %s | %d%s | %s s | %s s | %s MB | %s | %s |\n' \
            "$input" "$text" "$n" "$note" "$best" "$median" "$rss" "$ex" "$ratio"
    done >> "$TMP/table.md"
}

{
    echo "| input | command | runs | wall best | wall median | peak RSS best | exit | best ÷ chronotope's |"
    echo "|---|---|---|---|---|---|---|---|"
} > "$TMP/table.md"
: > "$TMP/notes"
load=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

if [ "$NETWORK" = 1 ]; then
    n=$(grep -c '^scene ' "$STORY" || true)
    say "making the network of $STORY (not timed)"
    "$BIN" export --color never "$STORY" > "$TMP/export.json"
    "$PY" "$PEERS/to_jsonl.py" "$TMP/export.json" "$TMP/network.jsonl" 2> "$TMP/to_jsonl.err"
    rm -f "$TMP/export.json"
    edges=$(sed -n 's/.* \([0-9]*\) edges$/\1/p' "$TMP/to_jsonl.err")
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        once chrono-order "$BIN" order --format json --color never "$STORY"
        once networkx "$PY" "$PEERS/networkx_order.py" "$TMP/network.jsonl" "$TMP/out.networkx-json"
        i=$((i + 1))
    done
    input="$(commas "$n") scenes ($(size_of "$STORY"); network $(size_of "$TMP/network.jsonl") JSONL, $(commas "$edges") edges)"
    row chrono-order "$input" '`chronotope order --format json`' chrono-order
    row networkx "$input" '`networkx_order.py` (read JSONL, Bellman-Ford ×2, sort, write)' chrono-order
    "$PY" "$PEERS/compare.py" "$TMP/out.chrono-order" "$TMP/out.networkx-json" >> "$TMP/notes" || true
    rm -f "$TMP/network.jsonl" "$TMP/out.chrono-order" "$TMP/out.networkx-json"
fi

if [ "$SCRIPT" = 1 ]; then
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        once chrono-fountain "$BIN" order --format json --color never "$FOUNTAIN"
        once screenplain-parse "$PY" "$PEERS/screenplain_parse.py" "$FOUNTAIN"
        once screenplain-html "$VENV/bin/screenplain" --format html "$FOUNTAIN"
        i=$((i + 1))
    done
    # Scenes as chronotope counts them (placed and unplaced), from its output.
    n=$("$PY" -c 'import json, sys
d, _ = json.JSONDecoder().raw_decode(open(sys.argv[1], encoding="utf-8").read())
print(len(d["scenes"]) + len(d["unplaced"]))' "$TMP/out.chrono-fountain" 2> /dev/null || echo "?")
    input="Fountain, $(commas "$n") scenes ($(size_of "$FOUNTAIN"))"
    row chrono-fountain "$input" '`chronotope order --format json`' chrono-fountain
    row screenplain-parse "$input" '`screenplain_parse.py` (`fountain.parse` only)' chrono-fountain
    row screenplain-html "$input" '`screenplain --format html`' chrono-fountain
    tail -n 1 "$TMP/err.screenplain-parse" >> "$TMP/notes" || true
fi

echo "Measured by \`benches/peers/run.sh --runs $RUNS\` from $started (load average at start $load):"
echo "$(nproc) cores, Linux $(uname -r), chronotope at commit \`$commit\` (binary built $built), $versions."
echo
cat "$TMP/table.md"
if [ -s "$TMP/notes" ]; then
    echo
    sed 's/^/    /' "$TMP/notes"
fi
