#!/usr/bin/env bash
# Fault test, loopback only: kill -9 the app server during concurrent form posts, and a lab
# import mid-file, on a throwaway PostgreSQL server; then check that every acknowledged
# write is there and nothing is half-saved (benchmarks/fault_kill9.py).
#
#   bash benchmarks/fault_kill9.sh [--clients N] [--kill-after S]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/loadtest_lib.sh

pg_start
export DJANGO_SETTINGS_MODULE=engraft.web.settings.loadtest DATABASE_URL="$PG_URL"
export ENGRAFT_SECRET_KEY
ENGRAFT_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export ENGRAFT_ALLOWED_HOSTS=127.0.0.1 ENGRAFT_DATA_DIR="$RUN_DIR/data"
export ENGRAFT_REQUEST_RATE_LIMIT=100000 ENGRAFT_TRUSTED_PROXIES=0
.venv/bin/engraft manage migrate --noinput >/dev/null
.venv/bin/engraft manage collectstatic --noinput >/dev/null
# 20 children and a lab file of 60,000 draws for them, far more than the import gets
# through before it is killed.
.venv/bin/python - "$RUN_DIR/labs.csv" <<'PY'
import sys
from datetime import date, datetime, timedelta, UTC
import django
django.setup()
from engraft.record.models import Patient
for n in range(20):
    Patient.objects.create(family_name=f"Fault{n}", given_names="Test", birth_date=date(2020, 1, 1),
                           sex="female", clinical_form="infantile_aro", hospital_number=f"F{n:03d}")
start = datetime(2021, 1, 1, 8, tzinfo=UTC)
with open(sys.argv[1], "w") as out:
    out.write("patient_identifier,collected_at,analyte,value,unit,lab\n")
    for i in range(60000):
        at = (start + timedelta(hours=i)).isoformat()
        out.write(f"F{i % 20:03d},{at},haemoglobin,{9 + (i % 30) / 10},g/dL,Fault Lab\n")
PY
start_gunicorn
.venv/bin/python benchmarks/fault_kill9.py --url "http://127.0.0.1:$PORT" \
    --database-url "$PG_URL" --gunicorn-pid "$GUNICORN_PID" --lab-file "$RUN_DIR/labs.csv" "$@"
GUNICORN_PID=""  # killed by the test
