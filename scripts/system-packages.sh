#!/usr/bin/env bash
# Debian packages the test suite uses: Chromium (browser tests of the web UI, HTML to PDF),
# poppler-utils (PDF pages to PNG and text in report tests), Noto CJK fonts (Chinese in PDFs),
# ExifTool (an independent reader of the AIGC labels we write), a Java runtime (Spark
# tests). Installs only what is missing; needs root or sudo.
set -euo pipefail
PACKAGES=(chromium poppler-utils fonts-noto-cjk libimage-exiftool-perl)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
