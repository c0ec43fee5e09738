#!/bin/sh
# Mutation testing of the engine and continuity files a change touches.
#
#   tools/mutants.sh [BASE] [-- CARGO_MUTANTS_ARGS...]
#
# Runs cargo-mutants (https://mutants.rs; `cargo install --locked
# cargo-mutants`) on every file under src/engine and src/continuity that
# differs from BASE (default: main), one file after another, with the
# library's unit tests only (`cargo test --lib`), so each mutant costs one
# incremental build and a few seconds of tests. Results go to
# mutants.out/<file>/ (missed.txt lists survivors). Not run in CI: a file
# takes minutes to an hour. See docs/mutants.md.
set -eu

base=main
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    base=$1
    shift
fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then
    shift
fi

cd "$(git rev-parse --show-toplevel)"
command -v cargo-mutants >/dev/null || {
    echo "tools/mutants.sh: cargo-mutants is not installed (cargo install --locked cargo-mutants)" >&2
    exit 2
}

# Files changed since BASE (committed or not), that still exist.
files=$(git diff --name-only "$base" -- src/engine src/continuity | grep '\.rs$' || true)
if [ -z "$files" ]; then
    echo "tools/mutants.sh: no file under src/engine or src/continuity differs from $base"
    exit 0
fi

# Debug info is not needed to run tests and makes each build slower.
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
status=0
for file in $files; do
    [ -f "$file" ] || continue
    case "$file" in
        */tests.rs | */proptests.rs | */tests/*) continue ;;
    esac
    out="mutants.out/$(echo "$file" | tr / _)"
    mkdir -p "$out"
    echo "== $file"
    cargo mutants -j 1 -C --lib --file "$file" --output "$out" "$@" || status=$?
    if [ -s "$out/mutants.out/missed.txt" ]; then
        echo "   survivors ($out/mutants.out/missed.txt):"
        sed 's/^/     /' "$out/mutants.out/missed.txt"
    fi
done
# cargo-mutants exits 2 when mutants survive, 3 on timeouts, 4 when the
# unmutated tree fails its tests.
exit $status
