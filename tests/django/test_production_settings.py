"""Production settings: secrets come from the environment, and the deploy check is clean."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "engraft.web.settings.production",
    "ENGRAFT_SECRET_KEY": "x9!k2#Lq7Pz$wR4@tV8nB1mC6yH3jF0sD5gA-e_uQ+oI*Z&%^rTpLkMnBvCxZaSdF",
    "ENGRAFT_ALLOWED_HOSTS": "bmt.example.org",
    "DATABASE_URL": "postgres://engraft:secret@127.0.0.1:5432/engraft",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ENGRAFT_", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "-m", "engraft.cli", "manage", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_settings_reports_no_issues():
    result = run_manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets():
    env = {"DJANGO_SETTINGS_MODULE": "engraft.web.settings.production"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ENGRAFT_SECRET_KEY" in result.stderr
    assert "DATABASE_URL" in result.stderr
