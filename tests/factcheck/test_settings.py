"""Start-up configuration as an operator meets it: `manage.py` in a shell with nothing set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def manage(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    # A bare environment: none of the variables the test session set, and a working directory
    # without a `.run/env` (settings read it from the checkout, so point the checkout elsewhere
    # only through the environment we pass).
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), **env}
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        cwd=cwd,
        env=clean,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def no_run_env():
    if (REPO / ".run" / "env").exists():
        pytest.skip("`make run` is up in this checkout: its .run/env supplies the variables")


def test_production_start_up_without_a_secret_key_is_refused_with_a_clear_message(
    tmp_path, no_run_env
):
    result = manage("check", cwd=tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_start_up_without_a_database_url_is_refused(tmp_path, no_run_env):
    result = manage("check", cwd=tmp_path, SECRET_KEY="s" * 60)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_extract_claims_previews_an_article_with_nothing_configured(tmp_path, no_run_env):
    article = tmp_path / "article.txt"
    article.write_text(
        "TSMC had 1.88 million shareholders last week, an increase of 31,870 from the week "
        "before, the stock exchange said.\n",
        encoding="utf-8",
    )
    result = manage("extract_claims", str(article), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert [q["value"] for q in claims[0]["quantities"]][:2] == [1_880_000, 31_870]


def test_check_deploy_is_clean_with_debug_off(tmp_path, no_run_env):
    # The trust settings (django-axes, django-otp, django-csp, the API's token and session
    # classes) included: a deployment runs this once per release (README, Deploying).
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        cwd=tmp_path,
        DEBUG="0",
        SECRET_KEY="deploy-check-" + "s" * 60,
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="factcheck.newsroom.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
