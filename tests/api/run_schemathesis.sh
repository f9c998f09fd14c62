#!/usr/bin/env bash
# Schemathesis against a live Porchlight (gunicorn, fresh SQLite database with demo data):
# zero server errors, every answer conforms to /api/schema/. Bounded and seeded.
#   bash tests/api/run_schemathesis.sh            (MAX_EXAMPLES, SEED may be set)
# The server listens on a port the system picks (tests/api/serve.py), never a fixed one.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PY:-.venv/bin/python}
MAX_EXAMPLES=${MAX_EXAMPLES:-30}
PHASES=${PHASES:-examples,coverage,fuzzing,stateful}
SEED=${SEED:-20261126}
VAR_DIR=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$VAR_DIR"
}
trap cleanup EXIT

export PORCHLIGHT_VAR_DIR="$VAR_DIR"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-porchlight-schemathesis-only}"
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL="http://127.0.0.1"
export LOG_LEVEL=ERROR API_RSVP_THROTTLE="${API_RSVP_THROTTLE:-100000/hour}"
unset DATABASE_URL REDIS_URL PORCHLIGHT_TESTING
# ST_DATABASE_URL: run against that (empty or demo-only) PostgreSQL database instead of SQLite.
if [[ -n "${ST_DATABASE_URL:-}" ]]; then export DATABASE_URL="$ST_DATABASE_URL"; fi

export STATIC_ROOT="$VAR_DIR/static"
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py migrate --verbosity 0
"$PY" manage.py demo_data --if-empty > "$VAR_DIR/demo.log"
TOKEN=$("$PY" manage.py api_token coordinator)
# One real event, RSVP and manage token, so the path parameters reach real rows.
read -r ST_EVENT ST_RSVP ST_TOKEN < <("$PY" manage.py shell -v 0 -c '
from rsvp.services import rsvp_create
from rsvp.queries import events_public_upcoming
named = events_public_upcoming().filter(rsvp_mode="", program__default_rsvp_mode="contact")
event = named.filter(capacity__isnull=True, status="scheduled").first() or named.first()
result = rsvp_create(event=event, email="fuzz@example.org", name="Fuzz", party_size=1)
print(event.pk, result.rsvp.pk, result.manage_token)
')
export ST_EVENT ST_RSVP ST_TOKEN
cat > "$VAR_DIR/schemathesis.toml" <<'TOML'
[parameters]
"path.id" = "${ST_EVENT}"
"path.rsvp_id" = "${ST_RSVP}"
"path.token" = "${ST_TOKEN}"
TOML

# No request-line limit: long fuzzed query strings must reach Django (a proxy limits them in production).
"$PY" tests/api/serve.py "$VAR_DIR/url" --limit-request-line 0 &
SERVER_PID=$!
"$PY" - "$VAR_DIR/url" <<'PYEOF'
import pathlib, sys, time, urllib.request
for _ in range(120):
    try:
        url = pathlib.Path(sys.argv[1]).read_text()
        urllib.request.urlopen(f"{url}/api/v1/programs/", timeout=2)
        break
    except OSError:
        time.sleep(0.25)
else:
    sys.exit("the server did not come up")
PYEOF
BASE=$(cat "$VAR_DIR/url")

# As a coordinator (token), so the officer and coordinator endpoints are exercised too.
.venv/bin/schemathesis --config-file "$VAR_DIR/schemathesis.toml" run "$BASE/api/schema/?format=json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --phases "$PHASES" \
  --max-examples "$MAX_EXAMPLES" --seed "$SEED" --generation-database none \
  --header "Authorization: Token $TOKEN" \
  --request-timeout 30 --workers 1 --no-color
