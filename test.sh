#!/usr/bin/env bash
# Runs every test (unit, integration against real SQLite files and the real host process, end to end).
# Usage: bash test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET SDK 10 is required (dotnet not found on PATH)" >&2
    exit 1
fi

# The dashboard's browser tests drive Debian's Chromium (/usr/bin/chromium); Playwright never downloads a browser.
if ! command -v chromium >/dev/null 2>&1; then
    echo "test.sh: installing Debian's chromium for the dashboard browser tests" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ChatOpsTrader.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The failures again at the end, with their messages, so the last lines of a long log say what broke.
if grep -qE '^\s+Failed [A-Za-z]' "$log"; then
    echo
    echo "Failed tests:"
    awk '/^[[:space:]]+(Passed|Skipped) / {show=0} /^[[:space:]]+Failed [A-Za-z]/ {show=1; lines=0} show && lines < 20 {print; lines++}' "$log"
    echo
fi

# One plain closing line, whatever the runner prints: "N passed, N failed".
passed=$( (grep -E '^\s+Passed:\s+[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -E '^\s+Failed:\s+[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "test.sh: no test ran" >&2
    exit 1
fi
exit "$status"
