#!/usr/bin/env bash
# Runs every test (unit, integration, browser). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test ChatOpsTrader.sln -c Release --logger "console;verbosity=normal" "$@"
