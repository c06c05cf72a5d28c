#!/usr/bin/env bash
# What the tests need from the machine itself: a Chromium for Playwright, fonts for every
# language, and the libraries WeasyPrint and the PDF checks use. Installs them with apt when
# run as root; otherwise says exactly what to install.
set -euo pipefail  # (grep reads all its input below: grep -q would end the pipe early and fail it)
need=()
chromium="${TRINVIS_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || need+=(chromium)
fc-list 2>/dev/null | grep -i "NotoNaskhArabic\|Noto Naskh Arabic" >/dev/null || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -i "DejaVu Sans Mono" >/dev/null || need+=(fonts-dejavu-core)  # handouts: the typed short URL
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep libpangoft2-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep libharfbuzz-subset >/dev/null || need+=(libharfbuzz-subset0)
command -v nginx >/dev/null || need+=(nginx-light)  # offline: the README's nginx configuration runs against the export
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing for the tests: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "The tests need these Debian/Ubuntu packages: ${need[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
  echo "(or point TRINVIS_CHROMIUM at another Chromium binary)" >&2
  exit 1
fi
