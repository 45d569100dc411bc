#!/usr/bin/env bash
# Runs every test (unit, integration against real SQLite files and the real host process, end to end).
# Usage: bash test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET SDK 10 is required (dotnet not found on PATH)" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ChatOpsTrader.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, whatever the runner prints: "N passed, N failed".
passed=$( (grep -E '^\s+Passed:\s+[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -E '^\s+Failed:\s+[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "test.sh: no test ran" >&2
    exit 1
fi
exit "$status"
