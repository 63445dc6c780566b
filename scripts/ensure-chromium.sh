#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, and poppler-utils (pdftotext) for the
# tests that read a certificate's text layer, when either is missing.
# Playwright drives this system browser; no browser is ever downloaded by a test tool.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium and poppler-utils for the tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
command -v chromium
command -v pdftotext
