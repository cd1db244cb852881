#!/usr/bin/env bash
# Installs the few Debian/Ubuntu packages Welcome Hub needs beyond Python 3.11, git and make:
# python3-venv (a bare Python may lack venv), gettext (to compile translations), Pango (for
# PDF reports) and, with
# --browser, Debian's Chromium and Node.js/npm (npm installs axe-core) for the browser
# tests. Installs only what is missing.
set -euo pipefail

want=()
python3 -c "import ensurepip, venv" 2>/dev/null || want+=(python3-venv)
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
# WeasyPrint renders PDFs with Pango (and HarfBuzz for Arabic shaping).
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || want+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  want+=(chromium)
fi
# Node.js and npm install axe-core (package.json) for the accessibility tests.
if [ "${1:-}" = "--browser" ] && ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi
[ ${#want[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Please install these packages as root: ${want[*]}" >&2; exit 1
fi
echo "Installing system packages: ${want[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
