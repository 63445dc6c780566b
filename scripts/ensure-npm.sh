#!/usr/bin/env bash
# Install Debian's npm (with node) when it is missing: the browser tests take axe-core,
# the accessibility engine, from the npm registry (tests/e2e/axe/package-lock.json).
set -euo pipefail
command -v npm >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's npm for axe-core..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
command -v npm
