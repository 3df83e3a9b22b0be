#!/bin/sh
# demo.sh - the samples through taits-audit, as the nightly job and an auditor would run
# it: one fresh store (out/demo.db), reports in out/. Prints each verdict.
set -u
bin=./taits-audit
db=out/demo.db
rm -rf out
mkdir -p out

step() {
	echo
	echo "\$ $*"
	"$@"
	echo "(exit status $?)"
}

echo "== the nightly post-run review of each sample day (seed §7.4) =="
step $bin review --db $db --out out --date 2026-11-26 samples/live-day
step $bin review --db $db --out out --date 2026-11-25 samples/sim-day
step $bin review --db $db --out out --date 2026-11-27 samples/bad-day

echo
echo "== a week with a critical incident and a freeze, night by night =="
for d in 2026-11-16 2026-11-17 2026-11-18 2026-11-19 2026-11-20; do
	step $bin review --db $db --out out --date $d --quiet samples/freeze-story/$d
	echo "   -> out/review-all-$d.xml"
done
echo
echo "reports written:"
ls out
