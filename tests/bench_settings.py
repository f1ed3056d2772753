"""Settings for the benchmarks the suite runs tiny (tests/benches.py): the project's settings with a fast
password hasher, so a tiny run does not spend most of its seconds hashing the demo logins' passwords."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
