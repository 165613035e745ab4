#!/usr/bin/env bash
# Creates the virtual environment `make install` fills, with the fastest suitable interpreter.
#
# Distribution Pythons (Debian's /usr/bin/python3) are built with profile-guided optimisation and a
# statically linked interpreter; a default pyenv or source build is neither. On the same machine the
# difference is about 10 % on simulate and ingest (see the README, "Choices"), so the system Python
# comes first when it is 3.11 or newer and can make a venv; otherwise `python3` from PATH.
# `make install PYTHON=/path/to/python` picks the interpreter explicitly (and only that one).
set -euo pipefail
venv=${1:?usage: make-venv.sh VENV}
if [ -n "${PYTHON:-}" ]; then
  candidates=("$PYTHON")
else
  candidates=(/usr/bin/python3 python3)
fi
for py in "${candidates[@]}"; do
  command -v "$py" >/dev/null 2>&1 || continue
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || continue
  # ensurepip can be missing (Debian ships it in python3-venv): then try the next interpreter.
  if "$py" -m venv "$venv" >/dev/null 2>&1; then
    echo "created $venv with $("$venv/bin/python" -c 'import sys; print(sys.executable, sys.version.split()[0])') from $py"
    exit 0
  fi
  rm -rf "$venv"
done
echo "make-venv: no Python >= 3.11 able to create a venv among: ${candidates[*]} (install python3-venv, or set PYTHON)" >&2
exit 1
