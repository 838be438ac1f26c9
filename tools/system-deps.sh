#!/usr/bin/env bash
# Install the Debian packages Inspector needs that this machine lacks (needs root or sudo).
# Qt's xcb platform (a real window), fonts, PostgreSQL for the sync tests, poppler for PDF checks,
# Chromium and its driver for the back office's browser tests and screenshots.
set -euo pipefail
PACKAGES=(python3-venv libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1
          libfontconfig1 libdbus-1-3 fonts-dejavu-core postgresql poppler-utils xvfb
          dbus gnome-keyring chromium chromium-driver)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
