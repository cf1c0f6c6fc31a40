#!/usr/bin/env bash
# How annotate.png is made: label the sample article by keyboard in the real window
# (xdotool), with label tags and roles always shown, then grab the screen.
#
#   W=1600 H=1000 xvfb-run -a -s "-screen 0 1600x1000x24" resources/screenshots/make_annotate.sh OUT.png
#   (QT_SCALE_FACTOR=2 for the 2x check). Tags and roles on first: View > Label tags and
#   View > Roles always shown are remembered in the user's settings (set HOME to a scratch
#   folder to leave yours alone). Needs xdotool and imagemagick.
set -u
OUT=$1
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
"$REPO/.venv/bin/python" -c "from desktop.workspace import create_sample_project as c; c('$WORK/sample.gloss')"
"$REPO/.venv/bin/gloss" "$WORK/sample.gloss" > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 60); do WID=$(xdotool search --onlyvisible --name "Gloss" 2>/dev/null | tail -1); [ -n "$WID" ] && break; sleep 0.5; done
sleep 2; echo "window $WID" >&2
xdotool windowsize "$WID" "$W" "$H"; xdotool windowmove "$WID" 0 0; xdotool windowfocus "$WID"; sleep 1
k(){ xdotool key --delay 60 "$@"; sleep 0.25; }
find(){ k ctrl+f; xdotool type --delay 15 "$1"; sleep 0.2; k Return Escape; }
label(){ find "$1"; k "$2"; }
link(){ k g; k slash; xdotool type --delay 15 "$1"; sleep 0.2; k Return "$2"; }
# Label tags and roles always shown (View menu), from a scratch HOME where both start off;
# TAGS=0 skips (a HOME where they are on already).
if [ "${TAGS:-1}" = 1 ]; then k ctrl+shift+g; k ctrl+shift+o; fi
label "Human Rights Watch" a
label "Azerbaijani forces" a
label "Acts of mistreatment" l
label "captured on video and circulated on social media" e
label "Azerbaijan says" a
k alt+shift+Left
label "it will investigate" r
k g; k k; k p
label "The rights group" a
label "the videos show" e
label "Azerbaijani captors" a
label "Armenian troops" a
label "brutalizing some Armenian troops captured in the conflict" l
k g slash; xdotool type --delay 15 "Human Rights"; sleep 0.2; k Return shift+c
k slash; xdotool type --delay 15 "Azerbaijani forces"; sleep 0.2; k Return shift+d
k slash; xdotool type --delay 15 "Armenian troops"; sleep 0.2; k Return v
k ctrl+shift+t
sleep 1.5
import -window root "$OUT"
kill "$APP"
