#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (Playwright drives it with
# executable_path=/usr/bin/chromium; Playwright's own browser downloads are never used).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "installing chromium (Debian package)..." >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >&2
