#!/bin/sh
# `npm test` drives Debian's Chromium (never a downloaded browser): install it when missing.
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "Browser tests need Debian's Chromium: run 'sudo apt-get update && sudo apt-get install -y chromium'" >&2
exit 1
