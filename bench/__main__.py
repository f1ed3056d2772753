"""``python -m bench`` (``make bench``): run every ``bench/<app>_<what>.py`` benchmark in turn, each in its
own process, against the database DATABASE_URL names. The arguments go to every benchmark, which takes the
ones it knows (``--petitions 100000 --followups 100000 --repeat 10``) and leaves the others."""

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
        failures += (
            subprocess.run([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent).returncode != 0
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
