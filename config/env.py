"""Typed environment variables.

A value that cannot be parsed stops start-up with a message that names the variable: a typo in
production must never silently become ``False`` or a default. ``NAME_FILE`` (a path whose
contents are the value) is accepted for every variable, so secrets can come from Docker secrets.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path!r} ({exc.strerror})") from exc
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"{name}: this environment variable is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected a boolean (true/false, 1/0, yes/no, on/off), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name: str, default: list[int]) -> list[int]:
    value = _raw(name)
    if value is None:
        return default
    try:
        return [int(item) for item in value.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}: expected whole numbers separated by commas, got {value!r}"
        ) from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def site_url_default(host: str, port: int) -> str:
    """The address ``make run`` serves (its HOST and PORT), as links in mails and the calendar feed write it:
    a wildcard host (0.0.0.0, ::) is reached on this machine as 127.0.0.1; an IPv6 address in brackets."""
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "0") else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
