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
