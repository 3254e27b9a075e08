#!/usr/bin/env bash
# The README's test command: sets up what the suite needs, runs every test, and leaves the machine as it was.
#   deploy/test.sh [extra dotnet test arguments]     e.g. deploy/test.sh --filter "FullyQualifiedName~Dashboard"
# Needs the .NET 10 SDK and Node. Installs from apt what is missing (Chromium for the browser tests, poppler-utils for the
# PDF pages, PostgreSQL and Redis for the several-instance tests) when it may: as root, or through passwordless sudo;
# otherwise it names the packages and stops. PostgreSQL runs as a throwaway cluster on 127.0.0.1:54329 and Redis on
# 127.0.0.1:63790, both stopped on exit. Screenshots land in TestResults/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in dotnet npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "deploy/test.sh: '$tool' is missing: install the .NET 10 SDK and Node.js 20 or later first." >&2
    exit 2
  fi
done

# What each test group needs, as "command-or-path package".
needs=(
  "chromium chromium"
  "/usr/share/fonts/truetype/dejavu fonts-dejavu-core"
  "pdftoppm poppler-utils"
  "/usr/lib/postgresql postgresql"
  "redis-server redis-server"
)
missing=()
for need in "${needs[@]}"; do
  probe=${need%% *}
  package=${need##* }
  if [[ $probe == /* ]]; then [ -d "$probe" ] || missing+=("$package")
  else command -v "$probe" >/dev/null 2>&1 || missing+=("$package"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo)
  else
    echo "deploy/test.sh: the tests need ${missing[*]}, and this user cannot install them." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run deploy/test.sh again." >&2
    exit 2
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "deploy/test.sh: install ${missing[*]} with this system's package manager (no apt-get here), then run again." >&2
    exit 2
  fi
  echo "== installing ${missing[*]} from apt"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== starting PostgreSQL on 127.0.0.1:54329 and Redis on 127.0.0.1:63790 (stopped when the tests end)"
WORKPIPELINES_TEST_POSTGRES="$(deploy/pg-test.sh start)"
export WORKPIPELINES_TEST_POSTGRES
redis_dir=$(mktemp -d)
redis-server --bind 127.0.0.1 --port 63790 --save "" --appendonly no --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null
export WORKPIPELINES_TEST_REDIS=127.0.0.1:63790
trap 'deploy/pg-test.sh stop >/dev/null; kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$redis_dir"' EXIT

echo "== front-end packages"
(cd wwwroot-assets && npm ci --no-audit --no-fund)

results=TestResults
rm -rf "$results"
export SCREENSHOTS_DIR="$PWD/$results/screenshots"

echo "== tests"
dotnet test WorkPipelines.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
