#!/bin/sh
# update-golden.sh - regenerates tests/golden/ after an intended change of the XML
# reports. Review the diff before committing it: the golden files are what the reports
# promise to say. check_report makes each the same way (test_golden_reports).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { [ "$1" -eq 0 ] || [ "$1" -eq 1 ]; }

# the nightly review of the sample day with a violation of each rule
rc=0; ./taits-audit review --quiet --db "$tmp/s.db" --out "$tmp" --format xml \
	--date 2026-11-27 samples/bad-day || rc=$?; ok $rc
# a period over three days, findings on two of them, one waiver applied on both
rc=0; ./taits-audit report --quiet --db "$tmp/p.db" --out "$tmp" --format xml \
	--config tests/golden/period.yaml --from 2026-11-26 --to 2026-11-28 \
	samples/live-day samples/bad-day tests/rules/DO-4.5-SIM-ROUTE.violation/bundle \
	tests/rules/DO-3.2-DEPLOY-GATE.violation/bundle || rc=$?; ok $rc
# the freeze story: the preflight of the day trading resumed, and the unfreeze audit
./taits-audit ingest --quiet --db "$tmp/f.db" samples/freeze-story/2026-11-*
rc=0; ./taits-audit preflight --quiet --db "$tmp/f.db" --out "$tmp" --format xml \
	--date 2026-11-20 --env live || rc=$?; ok $rc
rc=0; ./taits-audit unfreeze --quiet --db "$tmp/f.db" --out "$tmp" --format xml \
	--freeze FRZ-20261117-01 || rc=$?; ok $rc
for f in review-all-2026-11-27.xml report-all-2026-11-26_2026-11-28.xml \
	preflight-live-2026-11-20.xml unfreeze-FRZ-20261117-01.xml; do
	cp "$tmp/$f" "tests/golden/$f"
	echo "tests/golden/$f updated"
done
