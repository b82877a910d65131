# Shared by the benchmark scripts (sourced): the median of figures, the root check.

# The median of the numbers on standard input (separated by spaces or newlines); "" if none.
median() {
  tr ' ' '\n' | { grep -v '^$' || true; } | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Exits with 2 unless run as root: tracing needs it. $1: the script's name, for the message.
need_root() {
  [[ $(id -u) == 0 ]] || { echo "$1: needs root" >&2; exit 2; }
}
