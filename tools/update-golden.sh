#!/bin/sh
# update-golden.sh - regenerates tests/golden/ after an intended change of the XML
# report. Review the diff before committing it: the golden files are what the report
# promises to say.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./taits-audit review --quiet --db "$tmp/s.db" --out "$tmp" --format xml \
	--date 2026-11-27 samples/bad-day || [ $? -eq 1 ]
cp "$tmp/review-all-2026-11-27.xml" tests/golden/review-all-2026-11-27.xml
echo "tests/golden/review-all-2026-11-27.xml updated"
