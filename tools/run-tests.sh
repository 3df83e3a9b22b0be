#!/bin/sh
# run-tests.sh TEST... - runs each Check suite; with TAITS_AUDIT_VALGRIND=1 under
# valgrind (no fork mode, so valgrind sees every test). Fails if any suite fails.
failed=""
for t in "$@"; do
	if [ "${TAITS_AUDIT_VALGRIND:-}" = 1 ]; then
		CK_FORK=no valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite --track-fds=no "$t" || failed="$failed ${t##*/}"
	else
		"$t" || failed="$failed ${t##*/}"
	fi
done
if [ -n "$failed" ]; then
	echo "FAILED:$failed" >&2
	exit 1
fi
echo "all $# suites passed"
