#!/usr/bin/env bash
# What the tests need from the machine itself: a Chromium for Playwright, fonts for every
# language, and the libraries WeasyPrint and the PDF checks use. Installs them with apt when
# run as root; otherwise says exactly what to install.
# The browser tests use $TRINVIS_CHROMIUM when it is set, else Playwright's own Chromium when it
# is installed, else Debian's /usr/bin/chromium (tests/conftest.py); Debian's is installed only
# when neither of the others is there.
set -euo pipefail  # (grep reads all its input below: grep -q would end the pipe early and fail it)
python="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python"
playwright_chromium() {  # prints where Playwright's own Chromium is, if Playwright is installed
  "$python" -c 'from playwright.sync_api import sync_playwright
with sync_playwright() as p: print(p.chromium.executable_path)' 2>/dev/null || true
}
need=()
bad_chromium=""
if [ -n "${TRINVIS_CHROMIUM:-}" ]; then
  [ -x "$TRINVIS_CHROMIUM" ] || bad_chromium="TRINVIS_CHROMIUM is $TRINVIS_CHROMIUM, which is not a program: point it at a Chromium binary or unset it"
elif [ ! -x /usr/bin/chromium ]; then
  own="$(playwright_chromium)"
  [ -n "$own" ] && [ -x "$own" ] || need+=(chromium)
fi
fc-list 2>/dev/null | grep -i "NotoNaskhArabic\|Noto Naskh Arabic" >/dev/null || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -i "DejaVu Sans Mono" >/dev/null || need+=(fonts-dejavu-core)  # handouts: the typed short URL
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep libpangoft2-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep libharfbuzz-subset >/dev/null || need+=(libharfbuzz-subset0)
command -v nginx >/dev/null || need+=(nginx-light)  # offline: the README's nginx configuration runs against the export
if [ ${#need[@]} -eq 0 ]; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing for the tests: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "The tests need these Debian/Ubuntu packages: ${need[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
  if [[ " ${need[*]} " == *" chromium "* ]]; then
    echo "(instead of the chromium package: install Playwright's own browser with" \
         "\"$python -m playwright install chromium\", or point TRINVIS_CHROMIUM at another Chromium binary)" >&2
  fi
  exit 1
fi
if [ -n "$bad_chromium" ]; then
  echo "$bad_chromium" >&2
  exit 1
fi
