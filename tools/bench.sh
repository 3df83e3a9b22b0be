#!/bin/sh
# bench.sh [N...] - throughput and peak memory of taits-audit on generated operating days.
#
# For each N (default 10000 100000 1000000) it generates a compliant live day of N orders
# (tests/bench/gen_day.c) in a scratch directory under ${TMPDIR:-/tmp}, then times, with
# tests/bench/rusage.c (wall time and the child's ru_maxrss from wait4):
#   ingest       taits-audit ingest --db S bundle
#   review       taits-audit review --db S --date D --out O          (the ingested store)
#   one-command  taits-audit review --db fresh --date D --out O bundle  (ingest + review)
# Both reviews must exit 0 with "findings 0": a generated day is compliant, so anything
# else is a bug in the tool or the generator, and the benchmark fails loudly.
# The scratch directory is removed after each N (a 1M-order day is about 2 GB).
# Before each timed command the page cache is written out (sync): otherwise the previous
# step's writes (the generated bundle, a removed store) land in the next one's time.
#
# Run by `make bench`, which builds ./taits-audit, the generator and the timer first.
# Environment:
#   BENCH_BIN     the binary to measure (default ./taits-audit)
#   BENCH_GEN     the day generator (default build/tests/gen_day)
#   BENCH_RUSAGE  the timer, tests/bench/rusage.c (default build/tests/rusage)
#   BENCH_DATE    operating day (default 2026-11-26, a Thursday); BENCH_SEED (default 1)
#   BENCH_FORMAT  review --format (default: the tool's own, xml and pdf)
#   BENCH_KEEP=1  keep the scratch directory of a failed N for inspection
#   BENCH_HISTORY H (default 20000; 0 skips it): then a last run times the one-command
#                 review of a day of the first N orders whose bundle also holds H CRITICAL
#                 alerts and H kill switch activations over the year before (gen_day
#                 --history): what halts trading (§7.3) is looked up in the whole store,
#                 and this row shows a year of it does not slow a day's review
#   BENCH_DUCKDB  a directory where `npm install @duckdb/node-api@1.5.6-r.1` was run: then
#                 each N also times tools/duckdb_reference.mjs, the reference point of the
#                 speed target (DuckDB loading the same JSON lines into memory and running
#                 five linkage checks), right after the one-command review, and a second
#                 table sets the two side by side
#   TAITS_AUDIT_TIMING  passed to taits-audit (default 1: per-stage timings on stderr);
#                 each command's output is printed under its N, with the timing stages
#                 that took at least 1% of the command's wall time (the rest summed).
set -u

cd "$(dirname "$0")/.." || exit 1

BIN=${BENCH_BIN:-./taits-audit}
GEN=${BENCH_GEN:-build/tests/gen_day}
RUSAGE=${BENCH_RUSAGE:-build/tests/rusage}
DATE=${BENCH_DATE:-2026-11-26}
SEED=${BENCH_SEED:-1}
FORMAT=${BENCH_FORMAT:-}
DUCKDB=${BENCH_DUCKDB:-}
HISTORY=${BENCH_HISTORY:-20000}
TAITS_AUDIT_TIMING=${TAITS_AUDIT_TIMING:-1}
export TAITS_AUDIT_TIMING
# Bytes of disk per order: the bundle (~2.1 KB) plus the store, with room to spare.
DISK_PER_ORDER=8000

die() {
	echo "bench: $*" >&2
	exit 1
}

[ $# -gt 0 ] || set -- 10000 100000 1000000
for n in "$@"; do
	case $n in
	'' | *[!0-9]*) die "not a number of orders: '$n'" ;;
	esac
done
case $HISTORY in
'' | *[!0-9]*) die "BENCH_HISTORY: not a number of alerts: '$HISTORY'" ;;
esac
first_n=$1
for f in "$BIN" "$GEN" "$RUSAGE"; do
	[ -x "$f" ] || die "$f is missing: run make bench"
done
if [ -n "$DUCKDB" ]; then
	[ -d "$DUCKDB/node_modules/@duckdb/node-api" ] ||
		die "BENCH_DUCKDB: no $DUCKDB/node_modules/@duckdb/node-api:" \
			"run npm install @duckdb/node-api@1.5.6-r.1 there"
	command -v node >/dev/null 2>&1 || die "BENCH_DUCKDB: node is not installed"
fi

scratch=
cleanup() {
	if [ -n "$scratch" ] && [ -d "$scratch" ]; then
		rm -rf "$scratch"
	fi
	scratch=
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# field NAME FILE: the value after NAME in a "name value name value" line.
field() {
	awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' "$2"
}

# show LABEL FILE [RUSAGE]: a command's output, indented, under its label; with the
# command's rusage line, "timing STAGE S s (CALLS)" lines under 1% of its wall time are
# summed into one.
show() {
	[ -s "$2" ] || return 0
	wall=0
	if [ $# -ge 3 ]; then
		wall=$(field wall_s "$3")
	fi
	awk -v label="$1" -v wall="$wall" '
	$1 == "timing" && $3 + 0 < 0.01 * wall { rest += $3; nrest++; next }
	{ print "    " label "| " $0 }
	END {
		if (nrest)
			printf "    %s| timing (%d more stages, each < 1%% of the run) %8.3f s\n",
				label, nrest, rest
	}' "$2"
}

# file_size FILE...: bytes of the files that exist.
file_size() {
	total=0
	for f in "$@"; do
		if [ -f "$f" ]; then
			total=$((total + $(wc -c <"$f")))
		fi
	done
	echo "$total"
}

# fail N WHAT: reports a failed step with what the tool said, and stops.
fail() {
	echo "bench: N=$1: $2" >&2
	for r in "$scratch"/out-*/*.xml; do
		[ -f "$r" ] || continue
		echo "bench: findings in $(basename "$r") (first 20):" >&2
		grep -o '<finding [^>]*>' "$r" | head -20 >&2
	done
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $scratch" >&2
		scratch=
	fi
	exit 1
}

# loadavg WHEN: the machine's load, since other work on a shared machine skews the times.
loadavg() {
	if [ -r /proc/loadavg ]; then
		echo "    load| $1: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
	fi
}

# must_be_compliant N LABEL STATUS STDERR: a review must exit 0 with zero findings.
must_be_compliant() {
	if [ "$3" -ne 0 ] || ! grep -q 'findings 0:' "$4"; then
		show "$2" "$4" >&2
		fail "$1" "$2 exited $3, not 0 with zero findings: the generated day must be compliant"
	fi
}

# one_command N LABEL BUNDLE: times the one-command review of BUNDLE into a fresh store
# (scratch/one.*), which must be compliant.
one_command() {
	sync
	"$RUSAGE" -o "$scratch/one.ru" "$BIN" review --db "$scratch/fresh.db" --date "$DATE" \
		${FORMAT:+--format "$FORMAT"} --out "$scratch/out-one" "$3" \
		>"$scratch/one.out" 2>"$scratch/one.err"
	rc=$?
	show one-command "$scratch/one.out"
	show one-command "$scratch/one.err" "$scratch/one.ru"
	must_be_compliant "$1" "$2" "$rc" "$scratch/one.err"
}

rows=
refrows=
status=0
for n in "$@"; do
	tmpdir=${TMPDIR:-/tmp}
	need_kib=$((n * DISK_PER_ORDER / 1024 + 65536))
	have_kib=$(df -Pk "$tmpdir" | awk 'NR == 2 { print $4 }')
	if [ "$have_kib" -lt "$need_kib" ]; then
		echo "bench: N=$n: skipped: needs about $((need_kib / 1024)) MiB free in $tmpdir," \
			"has $((have_kib / 1024)) MiB" >&2
		rows="$rows$(printf '%10s | skipped: not enough disk in %s' "$n" "$tmpdir")
"
		status=1
		continue
	fi
	scratch=$(mktemp -d "$tmpdir/taits-bench.XXXXXX") || die "cannot create a scratch directory"
	bundle=$scratch/bundle
	echo "== N=$n orders ($DATE, seed $SEED, in $scratch)"
	loadavg start

	"$RUSAGE" -o "$scratch/gen.ru" "$GEN" --orders "$n" --date "$DATE" --seed "$SEED" \
		"$bundle" >"$scratch/gen.out" 2>"$scratch/gen.err" ||
		{ cat "$scratch/gen.err" >&2; fail "$n" "gen_day failed"; }
	records=$(field records "$scratch/gen.out")
	bytes=$(field bytes "$scratch/gen.out")
	gen_s=$(field wall_s "$scratch/gen.ru")
	echo "    gen_day| $(cat "$scratch/gen.out")"

	sync
	"$RUSAGE" -o "$scratch/ingest.ru" "$BIN" ingest --db "$scratch/store.db" "$bundle" \
		>"$scratch/ingest.out" 2>"$scratch/ingest.err"
	rc=$?
	show ingest "$scratch/ingest.out"
	show ingest "$scratch/ingest.err" "$scratch/ingest.ru"
	[ "$rc" -eq 0 ] || fail "$n" "ingest exited $rc"
	store_bytes=$(file_size "$scratch/store.db" "$scratch/store.db-wal" \
		"$scratch/store.db-journal")

	sync
	"$RUSAGE" -o "$scratch/review.ru" "$BIN" review --db "$scratch/store.db" --date "$DATE" \
		${FORMAT:+--format "$FORMAT"} --out "$scratch/out-review" \
		>"$scratch/review.out" 2>"$scratch/review.err"
	rc=$?
	show review "$scratch/review.out"
	show review "$scratch/review.err" "$scratch/review.ru"
	must_be_compliant "$n" review "$rc" "$scratch/review.err"
	# The first store is no longer needed: free its space before the second load.
	rm -f "$scratch/store.db" "$scratch/store.db-wal" "$scratch/store.db-journal"

	one_command "$n" "one-command review" "$bundle"

	if [ -n "$DUCKDB" ]; then
		# The script imports the package from a node_modules beside it.
		mkdir "$scratch/ref" && cp tools/duckdb_reference.mjs "$scratch/ref/" &&
			ln -s "$DUCKDB/node_modules" "$scratch/ref/node_modules" ||
			fail "$n" "cannot set up the DuckDB reference"
		sync
		"$RUSAGE" -o "$scratch/ref.ru" node "$scratch/ref/duckdb_reference.mjs" "$bundle" \
			>"$scratch/ref.out" 2>"$scratch/ref.err"
		rc=$?
		show reference "$scratch/ref.out"
		show reference "$scratch/ref.err" "$scratch/ref.ru"
		[ "$rc" -eq 0 ] || fail "$n" "the DuckDB reference exited $rc"
		refrows="$refrows$(awk -v n="$n" \
			-v ref="$(field wall_s "$scratch/ref.ru")" \
			-v one="$(field wall_s "$scratch/one.ru")" \
			-v rss_ref="$(field maxrss_kib "$scratch/ref.ru")" \
			-v rss_one="$(field maxrss_kib "$scratch/one.ru")" 'BEGIN {
			if (ref <= 0) ref = 1e-6
			printf "%10d | %9.2f | %13.2f | %6.2fx | %8.0f / %6.0f\n",
				n, ref, one, one / ref, rss_ref / 1024, rss_one / 1024
		}')
"
	fi

	loadavg end
	row=$(awk -v n="$n" -v rec="$records" -v bytes="$bytes" -v gen="$gen_s" \
		-v ing="$(field wall_s "$scratch/ingest.ru")" \
		-v rev="$(field wall_s "$scratch/review.ru")" \
		-v one="$(field wall_s "$scratch/one.ru")" \
		-v rss_i="$(field maxrss_kib "$scratch/ingest.ru")" \
		-v rss_r="$(field maxrss_kib "$scratch/review.ru")" \
		-v rss_o="$(field maxrss_kib "$scratch/one.ru")" \
		-v store="$store_bytes" 'BEGIN {
		mb = bytes / 1e6
		if (ing <= 0) ing = 1e-6
		if (one <= 0) one = 1e-6
		printf "%10d | %9d | %7.1f | %6.2f | %8.2f | %9.0f | %6.1f | %8.2f | %13.2f",
			n, rec, mb, gen, ing, rec / ing, mb / ing, rev, one
		printf " | %9.0f | %6.0f / %6.0f / %6.0f | %9.1f",
			rec / one, rss_i / 1024, rss_r / 1024, rss_o / 1024, store / 1048576
	}')
	echo "    row| $row"
	rows="$rows$row
"
	cleanup
done

historyrow=
if [ "$HISTORY" -gt 0 ]; then
	n=$first_n
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/taits-bench.XXXXXX") ||
		die "cannot create a scratch directory"
	echo "== N=$n orders and a year of $HISTORY CRITICAL alerts and kill switch activations"
	loadavg start
	"$RUSAGE" -o "$scratch/gen.ru" "$GEN" --orders "$n" --date "$DATE" --seed "$SEED" \
		--history "$HISTORY" "$scratch/bundle" >"$scratch/gen.out" 2>"$scratch/gen.err" ||
		{ cat "$scratch/gen.err" >&2; fail "$n" "gen_day --history failed"; }
	echo "    gen_day| $(cat "$scratch/gen.out")"
	one_command "$n" "one-command review with history" "$scratch/bundle"
	loadavg end
	historyrow=$(awk -v n="$n" -v h="$HISTORY" -v rec="$(field records "$scratch/gen.out")" \
		-v one="$(field wall_s "$scratch/one.ru")" \
		-v rss="$(field maxrss_kib "$scratch/one.ru")" 'BEGIN {
		if (one <= 0) one = 1e-6
		printf "%10d | %9d | %9d | %13.2f | %9.0f | %12.0f\n", n, h, rec, one, rec / one,
			rss / 1024
	}')
	cleanup
fi

echo
echo "taits-audit benchmark: $DATE, seed $SEED, --format ${FORMAT:-(default)}," \
	"$(nproc 2>/dev/null || echo '?') CPUs; MB = 10^6 bytes of input;" \
	"rec/s and MB/s of ingest, then rec/s of the one-command review"
printf '%10s | %9s | %7s | %6s | %8s | %9s | %6s | %8s | %13s | %9s | %-24s | %9s\n' \
	"N orders" records MB "gen s" "ingest s" "rec/s" "MB/s" "review s" "one-command s" \
	"rec/s" "peak RSS MiB ing/rev/one" "store MiB"
printf '%s' "$rows"
if [ -n "$refrows" ]; then
	echo
	echo "against the reference (tools/duckdb_reference.mjs: DuckDB, in memory, loads the" \
		"events and runs five linkage checks), timed right after the one-command review"
	printf '%10s | %9s | %13s | %7s | %-17s\n' "N orders" "DuckDB s" "one-command s" ratio \
		"peak RSS MiB D/one"
	printf '%s' "$refrows"
fi
if [ -n "$historyrow" ]; then
	echo
	echo "a store that has seen a year: the day's orders, and H CRITICAL alerts and H kill" \
		"switch activations over the 364 days before (one-command review)"
	printf '%10s | %9s | %9s | %13s | %9s | %12s\n' "N orders" H records "one-command s" \
		"rec/s" "peak RSS MiB"
	printf '%s\n' "$historyrow"
fi
exit "$status"
