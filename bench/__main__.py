"""``python -m bench`` (``make bench``): run every ``bench/<app>_<what>.py`` benchmark in turn, each in its
own process with its default arguments, against the database DATABASE_URL names."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*_*.py")):
        if script.name.startswith("__"):
            continue
        print(f"== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
