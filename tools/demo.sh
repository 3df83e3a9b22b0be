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
echo "== may the freeze be lifted? the pre-unfreeze audit (seed §8.5) =="
step $bin unfreeze --db $db --out out/as-of-2026-11-18 --freeze FRZ-20261117-01 --at 2026-11-18T20:00+08:00
step $bin unfreeze --db $db --out out --freeze FRZ-20261117-01

echo
echo "== the gate before a day's run (seed §7.2) =="
step $bin preflight --db $db --date 2026-11-18 --env live
step $bin preflight --db $db --date 2026-11-20 --env live --out out --format xml,pdf

echo
echo "== the auditor's report over the period =="
step $bin report --db $db --out out --from 2026-11-16 --to 2026-11-27

echo
echo "reports written:"
ls out
