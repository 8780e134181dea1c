#!/bin/sh
# `make preview TEMPLATES=dir OUT=dir`: every page a template set gives
# (each cause, language and format) written to OUT by tools/bin/
# helpful401-preview (lib/, as the module loads the set), and, when
# Chromium is installed, a screenshot of each HTML page beside it
# (CAUSE.LANG.png, and CAUSE.en.dark.png in the dark theme). Nothing is served: the pages are opened from their files.
#   tools/preview.sh [helpful401-preview options] TEMPLATES_DIR|- OUT_DIR
# CHROMIUM names the browser (default: chromium on PATH); SHOTS=0 skips it.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/tools/bin/helpful401-preview
[ $# -ge 2 ] || { echo "usage: $0 [-c CONTACT] [-n NAME] [-l LOGIN_URL] [-m METHOD] [-C CAUSE] TEMPLATES_DIR|- OUT_DIR" >&2; exit 2; }
for last in "$@"; do :; done
out=$last
"$bin" "$@"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ "${SHOTS:-1}" = 0 ] || [ -z "$CHROMIUM" ] || [ ! -x "$CHROMIUM" ]; then
    [ "${SHOTS:-1}" = 0 ] || echo "no Chromium found: no screenshots (apt-get install chromium)"
    exit 0
fi
out=$(cd "$out" && pwd)
profile=$(mktemp -d /tmp/helpful401-preview.XXXXXX)
trap 'rm -rf "$profile"' EXIT INT TERM
shot() {   # shot PAGE.html PNG [chromium flags]
    page=$1; png=$2; shift 2
    # --no-sandbox: root (and many containers) cannot run Chromium's sandbox
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --window-size=900,1000 "$@" \
        --screenshot="$png" "file://$page" >/dev/null 2>&1 || echo "screenshot failed: $page" >&2
}
n=0
for page in "$out"/*.html; do
    case $page in */index.html) continue ;; esac
    base=${page%.html}
    lang=${base##*.}
    shot "$page" "$base.png"
    n=$((n + 1))
    if [ "$lang" = en ]; then
        shot "$page" "$base.dark.png" --force-dark-mode --blink-settings=preferredColorScheme=0
        n=$((n + 1))
    fi
done
echo "$n screenshots in $out/"
