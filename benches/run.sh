#!/bin/sh
# Whole-CLI timings as a user runs them (issue 18): build release once,
# write generated stories, run each command several times under GNU time
# and print a Markdown table of wall time (best, median) and peak RSS.
#
#   benches/run.sh [--runs N] [--sizes "100000 1000000"] [--quick] [--write]
#
#   --runs N     runs per command (default 5)
#   --sizes S    story sizes in scenes, space- or comma-separated
#                (default "100000 1000000")
#   --quick      1 run, 100,000 scenes only (a smoke test, under a minute)
#   --write      also replace the section between <!-- run.sh:begin -->
#                and <!-- run.sh:end --> in benches/README.md
#
# Stories: `cargo bench --bench engine -- --emit FILE N` (30 % dated, 70 %
# tied to a recent scene) for each size, and a 100,000-scene Fountain
# script from `cargo bench --bench fountain -- --emit FILE N`. Output goes
# to /dev/null (or a temporary directory for `render -o`). A command that
# exits non-zero is still timed and its exit status is shown in the table.
# A command whose first run takes longer than SLOW seconds (default 60) is
# run once only, and the table says so.
#
# Needs GNU time at /usr/bin/time (`apt-get install time`).
set -eu
cd "$(dirname "$0")/.."
. benches/common.sh

RUNS=5
SIZES="100000 1000000"
FOUNTAIN_SCENES=100000
SLOW=${SLOW:-60}
WRITE=0
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --sizes) SIZES=$(printf '%s' "${2:?--sizes needs a list}" | tr ',' ' '); shift 2 ;;
    --quick) RUNS=1; SIZES=100000; shift ;;
    --write) WRITE=1; shift ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
positive_or_exit run.sh "--runs and --sizes" "$RUNS" $SIZES
gnu_time_or_exit run.sh

TMP=$(mktemp -d "${TMPDIR:-/tmp}/chronotope-run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
BIN=target/release/chronotope
TABLE=$TMP/table.md

say() { echo "run.sh: $*" >&2; }

# "64 MB" for a file.
size_of() { wc -c < "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }

# "1,000,000" for 1000000.
commas() { printf '%s' "$1" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta'; }

# measure LABEL STORY COMMAND...: run COMMAND up to RUNS times and append a
# table row. A render's `-o` directory is emptied before each run, so every
# run writes its files afresh.
measure() {
    label=$1 story=$2
    shift 2
    : > "$TMP/runs"
    note=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        rm -rf "$TMP/out"
        status=0
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" > /dev/null 2> "$TMP/stderr" || status=$?
        # GNU time puts "Command exited with non-zero status N" first.
        echo "$(tail -n 1 "$TMP/time") $status" >> "$TMP/runs"
        i=$((i + 1))
        say "$label on $story: run $i: $(tail -n 1 "$TMP/runs")"
        if [ "$i" -lt "$RUNS" ] && tail -n 1 "$TMP/time" | awk -v s="$SLOW" '{ exit !($1 > s) }'; then
            note=" (over ${SLOW} s: 1 run)"
            break
        fi
    done
    if [ "$status" -gt 1 ]; then
        say "$label exited $status:"
        head -n 5 "$TMP/stderr" >&2
    fi
    run_stats "$TMP/runs" | while IFS='	' read -r n best median rss ex; do
        printf '| `%s` | %s | %d%s | %s s | %s s | %s MB | %s |\n' \
            "$label" "$story" "$n" "$note" "$best" "$median" "$rss" "$ex"
    done >> "$TABLE"
}

say "building release"
cargo build --release --quiet
say "writing the stories"
for n in $SIZES; do
    cargo bench --bench engine --quiet -- --emit "$TMP/story-$n.scenes" "$n"
done
cargo bench --bench fountain --quiet -- --emit "$TMP/script.fountain" "$FOUNTAIN_SCENES"

{
    echo "| command | story | runs | wall best | wall median | peak RSS best | exit |"
    echo "|---|---|---|---|---|---|---|"
} > "$TABLE"
for n in $SIZES; do
    f=$TMP/story-$n.scenes
    story="$(commas "$n") scenes ($(size_of "$f"))"
    measure "check" "$story" "$BIN" check --color never "$f"
    measure "order --format json" "$story" "$BIN" order --format json --color never "$f"
    measure "order --format csv" "$story" "$BIN" order --format csv --color never "$f"
    for view in lanes curve storylines; do
        measure "render --view $view" "$story" "$BIN" render --view "$view" --color never -o "$TMP/out" "$f"
    done
done
f=$TMP/script.fountain
measure "order --format json" "$(commas "$FOUNTAIN_SCENES")-scene Fountain ($(size_of "$f"))" \
    "$BIN" order --format json --color never "$f"

cat "$TABLE"

if [ "$WRITE" = 1 ]; then
    commit=$(git rev-parse --short HEAD)
    git diff --quiet HEAD -- src Cargo.toml Cargo.lock || commit="$commit + uncommitted changes"
    {
        echo "<!-- run.sh:begin -->"
        echo "Written by \`benches/run.sh --runs $RUNS --write\` on $(date -u '+%Y-%m-%d %H:%M UTC'):"
        echo "$(nproc) cores, Linux $(uname -r), commit \`$commit\`, release build."
        echo
        cat "$TABLE"
        echo "<!-- run.sh:end -->"
    } > "$TMP/section"
    readme=benches/README.md
    if ! grep -q '^<!-- run.sh:begin -->$' "$readme" || ! grep -q '^<!-- run.sh:end -->$' "$readme"; then
        echo "run.sh: $readme lacks the <!-- run.sh:begin --> / <!-- run.sh:end --> lines" >&2
        exit 2
    fi
    awk -v section="$TMP/section" '
        /^<!-- run.sh:begin -->$/ { while ((getline line < section) > 0) print line; skip = 1; next }
        /^<!-- run.sh:end -->$/ { skip = 0; next }
        !skip { print }' "$readme" > "$TMP/readme"
    cat "$TMP/readme" > "$readme"
    say "wrote the table into $readme"
fi
