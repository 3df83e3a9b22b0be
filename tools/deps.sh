#!/bin/sh
# deps.sh - make sure the Debian packages the build, the tests and the reports need are
# installed. As root, installs what is missing with apt-get; otherwise prints the exact
# command and fails. Usage: tools/deps.sh [build|check|demo|valgrind|fuzz]
set -eu

need="gcc libc6-dev make pkg-config libsqlite3-dev libxml2-dev libyaml-dev libhpdf-dev \
libssl-dev libcjson-dev tzdata fonts-arphic-uming"
case "${1:-build}" in
demo)       ;; # the build's packages: the demo runs the binary and nothing else
check)      need="$need check poppler-utils" ;;
valgrind)   need="$need check poppler-utils valgrind" ;;
fuzz)       need="$need clang libclang-rt-14-dev" ;;
esac

# Without dpkg this is not Debian: trust the system and let the compiler speak.
command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=""
for p in $need; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends $missing >&2
	exit 0
fi
echo "deps: missing packages:$missing" >&2
echo "deps: run as root:  apt-get update && $cmd" >&2
exit 1
