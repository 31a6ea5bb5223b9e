"""Settings come from the environment, and a production configuration is safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from opsassess.env import envbool, envint

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_debug_off_and_the_settings_set(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x8#k2!pq" * 8,
        DJANGO_ALLOWED_HOSTS="opsassess.example.org",
        OPSASSESS_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", DJANGO_DEBUG="0", OPSASSESS_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_a_typo_in_a_boolean_is_an_error_not_a_default(monkeypatch):
    monkeypatch.setenv("FEATURE", "ture")
    with pytest.raises(ImproperlyConfigured, match="FEATURE must be true or false, not 'ture'"):
        envbool("FEATURE", False)
    monkeypatch.setenv("FEATURE", "Yes")
    assert envbool("FEATURE", False) is True


def test_a_number_that_is_not_a_number_is_an_error(monkeypatch):
    monkeypatch.setenv("WORKERS", "four")
    with pytest.raises(ImproperlyConfigured, match="WORKERS must be a whole number, not 'four'"):
        envint("WORKERS", 2)
