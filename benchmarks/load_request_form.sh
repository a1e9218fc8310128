#!/usr/bin/env bash
# Bounded load test of the public "Request information" form, on loopback only.
#
#   bash benchmarks/load_request_form.sh [--requests N] [--concurrency N] [--time-limit S]
#
# Starts a throwaway PostgreSQL server on 127.0.0.1, migrates it, serves the app with
# gunicorn on a free 127.0.0.1 port with the production settings (less HTTPS, see
# settings/loadtest.py) and the per-address rate limit raised for the run (every client is
# 127.0.0.1, so the production limit of 5 an hour would refuse all but five). Then
# benchmarks/load_request_form.py posts 1,000 valid requests from 20 concurrent clients,
# checks each is stored exactly once and writes benchmarks/results/load_request_form.json.
# gunicorn, PostgreSQL and the temporary files are removed on exit, failed or not.
# Extra arguments go to the Python client. Needs the venv of `bash scripts/demo --no-serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/loadtest_lib.sh

pg_start

# Production settings with loopback-only HTTP; a fresh secret for this run alone.
export DJANGO_SETTINGS_MODULE=engraft.web.settings.loadtest
export DATABASE_URL="$PG_URL"
export ENGRAFT_SECRET_KEY
ENGRAFT_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export ENGRAFT_ALLOWED_HOSTS=127.0.0.1
export ENGRAFT_DATA_DIR="$RUN_DIR/data"
export ENGRAFT_REQUEST_RATE_LIMIT=100000

.venv/bin/engraft manage migrate --noinput >/dev/null
# The manifest static storage of production needs collected files to render any page.
.venv/bin/engraft manage collectstatic --noinput >/dev/null

start_gunicorn

.venv/bin/python benchmarks/load_request_form.py \
    --url "http://127.0.0.1:$PORT" --database-url "$PG_URL" \
    --requests 1000 --concurrency 20 --time-limit 300 \
    --server "gunicorn, $WORKERS sync workers; PostgreSQL $(basename "$(dirname "$(pg_bindir)")") (fsync off)" \
    --output benchmarks/results/load_request_form.json "$@"
