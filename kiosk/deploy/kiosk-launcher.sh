#!/bin/sh
# Starts Chromium in kiosk mode under the cage Wayland compositor, once the kiosk's
# origin answers. Touchscreen flags: no pinch-zoom, no swipe-back, no error dialogs,
# no translate bar. Configure with the environment (see volunteer-kiosk.service):
#   KIOSK_URL           the kiosk page, e.g. http://127.0.0.1:8080/stations/ST-0001/
#   KIOSK_PROFILE_DIR   Chromium profile (service worker, IndexedDB), default /var/lib/volunteer-kiosk/profile
#   KIOSK_WAIT_SECONDS  how long to wait for the origin, 0 = forever (default 0)
#   KIOSK_DEVTOOLS_PORT the station agent's screen watchdog attaches here over CDP,
#                       on 127.0.0.1 only (default 9222; docs/deploy.md §Screen watchdog)
#   CHROMIUM_BIN, CAGE_BIN  override the binaries (tests)
set -eu

url="${KIOSK_URL:?KIOSK_URL must be set, e.g. http://127.0.0.1:8080/stations/ST-0001/}"
profile="${KIOSK_PROFILE_DIR:-/var/lib/volunteer-kiosk/profile}"
wait_seconds="${KIOSK_WAIT_SECONDS:-0}"
devtools_port="${KIOSK_DEVTOOLS_PORT:-9222}"
chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"
cage="${CAGE_BIN:-/usr/bin/cage}"

# Wait for the origin (the station PC serves kiosk-config.json on loopback). An
# offline kiosk that has booted once also runs from its service worker, so after
# the wait we launch anyway rather than leave a black screen.
waited=0
until curl --silent --output /dev/null --max-time 2 "$url"; do
  if [ "$wait_seconds" -gt 0 ] && [ "$waited" -ge "$wait_seconds" ]; then
    echo "kiosk-launcher: $url did not answer within ${wait_seconds}s; starting from the offline copy" >&2
    break
  fi
  [ $((waited % 30)) -eq 0 ] && echo "kiosk-launcher: waiting for $url" >&2
  sleep 1
  waited=$((waited + 1))
done

# The profile holds the check-in key: the kiosk user's alone, whatever the umask.
mkdir -p "$profile"
chmod 0700 "$profile"
exec "$cage" -d -- "$chromium" \
  --kiosk "$url" \
  --user-data-dir="$profile" \
  --ozone-platform=wayland \
  --no-first-run \
  --noerrdialogs \
  --disable-session-crashed-bubble \
  --disable-infobars \
  --disable-translate \
  --disable-features=Translate,TouchpadOverscrollHistoryNavigation,OverscrollHistoryNavigation \
  --overscroll-history-navigation=0 \
  --disable-pinch \
  --touch-events=enabled \
  --autoplay-policy=no-user-gesture-required \
  --check-for-update-interval=31536000 \
  --disable-component-update \
  --remote-debugging-address=127.0.0.1 \
  --remote-debugging-port="$devtools_port"
