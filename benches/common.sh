# Shell helpers shared by benches/run.sh and benches/peers/run.sh (sourced).

# positive_or_exit SCRIPT WHAT VALUE...: exit 2 unless every VALUE is a
# positive whole number.
positive_or_exit() {
    script=$1 what=$2
    shift 2
    for v in "$@"; do
        case $v in
        '' | *[!0-9]* | 0) echo "$script: $what want positive numbers, not '$v'" >&2; exit 2 ;;
        esac
    done
}

# gnu_time_or_exit SCRIPT: exit 2 unless GNU time is at /usr/bin/time.
gnu_time_or_exit() {
    if ! [ -x /usr/bin/time ] || ! /usr/bin/time -f %e true > /dev/null 2>&1; then
        echo "$1: needs GNU time at /usr/bin/time (apt-get install time)" >&2
        exit 2
    fi
}

# run_stats FILE: FILE holds one line per run, "WALL_SECONDS RSS_KB EXIT".
# Prints, tab-separated: the number of runs, the best and median wall time
# (two decimals), the best peak RSS in MB and the distinct exit statuses
# (", " between them).
run_stats() {
    sort -n "$1" | awk '
        { wall[NR] = $1; if (NR == 1 || $2 < rss) rss = $2; exits[$3] = 1 }
        END {
            n = NR
            median = n % 2 ? wall[(n + 1) / 2] : (wall[n / 2] + wall[n / 2 + 1]) / 2
            ex = ""
            for (e in exits) ex = ex (ex == "" ? "" : ", ") e
            printf "%d\t%.2f\t%.2f\t%.0f\t%s\n", n, wall[1], median, rss / 1024, ex
        }'
}
