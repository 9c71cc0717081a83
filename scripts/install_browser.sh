#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests if it is missing. Never downloads a browser build from elsewhere.
# Without root or apt-get the browser tests skip with a clear reason.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
else
  echo "note: chromium not found and not root; browser tests will be skipped (install Debian's 'chromium')" >&2
fi
exit 0
