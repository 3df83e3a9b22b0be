#!/bin/sh
# fuzz.sh [TARGET...] - builds the libFuzzer targets of tests/fuzz/ (clang, ASan + UBSan)
# into build-fuzz/ and runs each for a bounded time from its seed corpus. Run by
# `make fuzz` (FUZZ_TARGETS=... picks targets), which passes what the build uses:
#
#   FUZZ_PKG_CFLAGS  the libraries' compiler flags, as the Makefile's PKG_CFLAGS
#   FUZZ_LIBS        the libraries, as the Makefile's PKG_LIBS
#   FUZZ_EMBEDDED    the files compiled into the binary, as the Makefile's EMBEDDED
#   FUZZ_SECONDS     seconds per target (default 60)
#   FUZZ_CC          the compiler (default clang)
#
# A target is tests/fuzz/fuzz_NAME.c, linked with every source of src/ except main.c.
# Each run starts from tests/fuzz/corpus/NAME/ and keeps what it finds in
# build-fuzz/corpus/NAME/ (so the source tree stays as it is); a crash is written to
# build-fuzz/crashes/ and makes this script fail. Turn a crash into a regression test by
# copying it to tests/fuzz/regressions/NAME/ (check_hostile replays that directory).
set -eu

: "${FUZZ_LIBS:?run through make fuzz}" "${FUZZ_EMBEDDED:?run through make fuzz}"
CC=${FUZZ_CC:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-60}
B=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -pthread -g -O1 $SAN ${FUZZ_PKG_CFLAGS:-} -Isrc"
LIBS=$FUZZ_LIBS

cd "$(dirname "$0")/.."
mkdir -p "$B/obj" "$B/gen" "$B/crashes"

# The library: every source but main.c, instrumented for coverage (fuzzer-no-link).
# An object is rebuilt when its source or the newest header is newer than it.
newest_h=$(ls -t src/*.h src/*/*.h | head -n 1)
objs=""
for src in src/*.c src/*/*.c; do
	[ "$src" = src/main.c ] && continue
	obj="$B/obj/$(echo "${src#src/}" | tr / _).o"
	if [ ! -f "$obj" ] || [ -n "$(find "$src" "$newest_h" -newer "$obj")" ]; then
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
# shellcheck disable=SC2086 # a list of NAME=FILE words
tools/embed.sh "$B/gen/embed.c" $FUZZ_EMBEDDED
$CC $CFLAGS -c -o "$B/obj/embed.o" "$B/gen/embed.c"
objs="$objs $B/obj/embed.o"

if [ $# -eq 0 ]; then
	set -- $(ls tests/fuzz/fuzz_*.c | sed -e 's,.*/fuzz_,,' -e 's,\.c$,,')
fi

failed=""
for name in "$@"; do
	bin="$B/fuzz_$name"
	$CC $CFLAGS -fsanitize=fuzzer -o "$bin" "tests/fuzz/fuzz_$name.c" $objs $LIBS
	mkdir -p "$B/corpus/$name"
	log="$B/fuzz_$name.log"
	echo "fuzz: $name: running for ${SECONDS_EACH}s" >&2
	# -timeout: one input may take at most 10 s; -rss_limit_mb: at most 1 GiB.
	if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$B/crashes/$name-" \
		"$B/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
		status=ok
	else
		status=FAILED
		failed="$failed $name"
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	corpus=$(ls "$B/corpus/$name" | wc -l)
	echo "fuzz: $name: $status, ${execs:-?} executions (${rate:-?}/s)," \
		"$corpus inputs in $B/corpus/$name (log: $log)"
done
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed (inputs in $B/crashes/)" >&2
	exit 1
fi
