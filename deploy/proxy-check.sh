#!/usr/bin/env bash
# Checks deploy/haproxy.cfg without Docker: two app processes (Release build, started at the same moment on one new,
# empty PostgreSQL database — created first, as the compose file's postgres image creates POSTGRES_DB — with Redis)
# behind HAProxy running a copy of the config whose servers point at loopback ports. Then, with curl through the proxy:
#   1. requests without a cookie alternate between the instances (round robin);
#   2. the first answer sets WP_INSTANCE, and every request carrying it reaches the same instance;
#   3. a Blazor circuit: negotiate on /_blazor, then the WebSocket upgrade answers 101 Switching Protocols;
#      the same connection id sent to the other instance is unknown there (404): why sessions must be sticky;
#   4. /hubs/work: a registered user's bearer token, negotiate, WebSocket upgrade: 101.
# Which instance answered is read from HAProxy's log (backend/server of each request).
#   export WORKPIPELINES_TEST_POSTGRES="$(deploy/pg-test.sh start)"; export WORKPIPELINES_TEST_REDIS=127.0.0.1:63790
#   deploy/proxy-check.sh
# Needs haproxy and curl (apt-get install haproxy curl). Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
server="${WORKPIPELINES_TEST_POSTGRES:?set WORKPIPELINES_TEST_POSTGRES (deploy/pg-test.sh start)}"
redis="${WORKPIPELINES_TEST_REDIS:?set WORKPIPELINES_TEST_REDIS (redis-server on loopback)}"
haproxy="$(command -v haproxy || echo /usr/sbin/haproxy)"
proxy=5320; p1=5321; p2=5322
work=$(mktemp -d)
database="wp_proxy_check_$(date +%s)_$$"
psql_server() { psql "$(echo "$server" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/; s/Database=/dbname=/')" -qAtc "$1"; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql_server "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- haproxy log"; tail -n 20 "$work/haproxy.log"; exit 1; }

dotnet build -c Release WorkPipelines.Web -v q -nologo | grep -E " error |warn" || true

# The compose file's settings, on loopback. Both instances migrate the empty database at start (EF's migration lock
# serialises them). Without the database they would race on CREATE DATABASE, and the loser can exit (docs/operations.md).
psql_server "CREATE DATABASE \"$database\""
# The compose file's settings, on loopback.
for port in $p1 $p2; do
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_FORWARDEDHEADERS_ENABLED=true \
    Database__Provider=Postgres ConnectionStrings__Work="$(echo "$server" | sed "s/Database=[^;]*/Database=$database/")" \
    ConnectionStrings__Redis="$redis" Logging__LogLevel__Default=Warning \
    dotnet WorkPipelines.Web/bin/Release/net10.0/WorkPipelines.Web.dll --contentRoot "$PWD/WorkPipelines.Web" >"$work/app-$port.log" 2>&1 &
  pids+=($!)
done

# The config under test, servers moved to loopback (no Docker DNS here).
sed -e "s/bind :8080/bind 127.0.0.1:$proxy/" -e "s/app1:8080/127.0.0.1:$p1/" -e "s/app2:8080/127.0.0.1:$p2/" \
    -e "s/ resolvers docker init-addr last,libc,none//" deploy/haproxy.cfg >"$work/haproxy.cfg"
"$haproxy" -c -f "$work/haproxy.cfg" >/dev/null
"$haproxy" -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  up=0
  for port in $p1 $p2; do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && up=$((up + 1)); done
  [ "$up" = 2 ] && break
  sleep 1
done
[ "$up" = 2 ] || { tail -n 30 "$work"/app-*.log; fail "the two instances did not both become ready"; }
echo "both instances ready on one database (each applied or waited for the migrations at start)"
sleep 12 # HAProxy marks servers up after two good /health/ready checks, 5 s apart

url="http://127.0.0.1:$proxy"
# The server HAProxy chose for the request tagged $1 (from its log line "backend/server").
served_by() { sleep 0.3; grep -F "$1" "$work/haproxy.log" | tail -n 1 | grep -oE 'app/app[12]' | cut -d/ -f2; }

# 1. No cookie: round robin.
seen=""
for i in 1 2 3 4; do
  curl -fsS -o /dev/null "$url/health/live?anon=$i"
  seen="$seen $(served_by "anon=$i")"
done
echo "without a cookie:$seen"
[[ "$seen" == *app1* && "$seen" == *app2* ]] || fail "requests without a cookie did not reach both instances"

# 2. With the cookie from the first answer: always the same instance.
curl -fsS -o /dev/null -c "$work/jar" "$url/health/live?first=1"
first=$(served_by "first=1")
cookie=$(grep WP_INSTANCE "$work/jar" | awk '{print $7}' || true)
[ "$cookie" = "$first" ] || fail "WP_INSTANCE cookie '$cookie' does not name the instance that answered ($first)"
for i in $(seq 1 8); do
  curl -fsS -o /dev/null -b "$work/jar" "$url/health/live?sticky=$i"
  [ "$(served_by "sticky=$i")" = "$first" ] || fail "request $i with WP_INSTANCE=$cookie went to another instance"
done
echo "with WP_INSTANCE=$cookie: 8 of 8 requests on $first"

other=$([ "$first" = app1 ] && echo app2 || echo app1)
upgrade() { # $1 path+query, $2 cookie, $3 extra header; prints the status line of the answer
  curl -sS --http1.1 -i -N --max-time 3 -b "WP_INSTANCE=$2" ${3:+-H "$3"} \
    -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" \
    "$url$1" 2>/dev/null | head -n 1 | tr -d '\r' || true
}

# 3. Blazor's circuit hub: negotiate, then the WebSocket through the proxy, on the cookie's instance and on the other.
token=$(curl -fsS -b "$work/jar" -X POST "$url/_blazor/negotiate?negotiateVersion=1" | grep -oE '"connectionToken":"[^"]+"' | cut -d'"' -f4)
[ -n "$token" ] || fail "no connection token from /_blazor/negotiate"
status=$(upgrade "/_blazor?id=$token" "$first")
echo "/_blazor WebSocket on $first: $status"
[[ "$status" == *" 101 "* ]] || fail "/_blazor WebSocket upgrade through the proxy answered '$status'"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "WP_INSTANCE=$other" --max-time 3 "$url/_blazor?id=$token" || true)
echo "the same circuit's connection id on $other: HTTP $status"
[ "$status" = 404 ] || fail "the other instance answered $status for a connection it never negotiated (expected 404)"

# 4. /hubs/work with a bearer token, as scripts connect.
email="proxy-check-$$@example.com"; password="Proxy-Check-1!"
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$url/api/auth/register"
bearer=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$url/api/auth/login" | grep -oE '"accessToken":"[^"]+"' | cut -d'"' -f4)
[ -n "$bearer" ] || fail "no bearer token from /api/auth/login"
hub=$(curl -fsS -b "$work/jar" -H "Authorization: Bearer $bearer" -X POST "$url/hubs/work/negotiate?negotiateVersion=1" | grep -oE '"connectionToken":"[^"]+"' | cut -d'"' -f4)
[ -n "$hub" ] || fail "no connection token from /hubs/work/negotiate"
status=$(upgrade "/hubs/work?id=$hub&access_token=$bearer" "$first")
echo "/hubs/work WebSocket on $first: $status"
[[ "$status" == *" 101 "* ]] || fail "/hubs/work WebSocket upgrade through the proxy answered '$status'"

echo "proxy check passed: round robin without a cookie, sticky with WP_INSTANCE, WebSockets to /_blazor and /hubs/work"
