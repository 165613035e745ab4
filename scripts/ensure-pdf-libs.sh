#!/usr/bin/env bash
# WeasyPrint (evidence report PDFs) needs Pango from Debian; install it when the machine lacks it.
set -euo pipefail
if ldconfig -p | grep -q 'libpango-1.0.so.0' && ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then exit 0; fi
echo "installing Pango for WeasyPrint (Debian packages)..." >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 >&2
