#!/bin/sh
# End-to-end `chronotope check` on a generated story: build release, write
# the story with the `check` bench's generator, time the CLI under
# /usr/bin/time -v and print MB/s and peak RSS relative to the input.
#
#   benches/run.sh [SCENES]        (default 200000)
#
# Needs GNU time (`apt-get install time`). The in-process numbers for parse
# and resolve alone come from `cargo bench --bench check`.
set -eu
cd "$(dirname "$0")/.."
SCENES=${1:-200000}
OUT=${TMPDIR:-/tmp}/chronotope-bench-$SCENES.scenes
cargo build --release --quiet
cargo bench --bench check --quiet -- --emit "$OUT" --scenes "$SCENES"
BYTES=$(wc -c < "$OUT")
LOG=$(mktemp)
status=0
/usr/bin/time -v target/release/chronotope check --color never "$OUT" \
    > /dev/null 2> "$LOG" || status=$?
grep -E "problems|errors?|warnings?" "$LOG" | grep " in 1 file" || true
SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$LOG")
USER=$(awk -F': ' '/User time/ { print $2 }' "$LOG")
RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$LOG")
rm -f "$LOG"
awk -v b="$BYTES" -v s="$SECS" -v u="$USER" -v r="$RSS_KB" -v n="$SCENES" -v st="$status" 'BEGIN {
    mb = b / 1e6
    printf "input     %d scenes, %.1f MB\n", n, mb
    printf "time      %.2f s wall, %.2f s user (exit %d)\n", s, u, st
    printf "speed     %.1f MB/s (wall)\n", mb / s
    printf "peak RSS  %.1f MB = %.1fx the input\n", r / 1024, r * 1024 / b
}'
