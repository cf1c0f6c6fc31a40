#!/usr/bin/env bash
# Install the Gloss bundle for the current user only (no root): the program, a `gloss` command,
# the menu entry, the icon and the .gloss file type. Run it from the unpacked bundle
# (`gloss/install.sh`) or from a checkout after packaging/build-linux.sh.
#
#   install.sh               install (or update) into ~/.local
#   install.sh --uninstall   remove everything it installed (projects and logs are kept)
#
# Honours XDG_DATA_HOME (default ~/.local/share) and GLOSS_BIN_DIR (default ~/.local/bin).
set -euo pipefail

APP_ID=org.glossproject.Gloss
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=${GLOSS_BIN_DIR:-$HOME/.local/bin}
APP_DIR=$DATA/gloss/app
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -x "$HERE/gloss" ] && [ -d "$HERE/share" ]; then
  BUNDLE=$HERE                      # inside the unpacked bundle
  SHARE=$HERE/share
  ICONS=$HERE/share/icons
  SVG=$HERE/share/gloss.svg
else
  BUNDLE=$HERE/../dist/gloss        # in a checkout
  SHARE=$HERE/../resources/linux
  ICONS=$HERE/../resources/icons
  SVG=$HERE/../resources/icons/gloss.svg
fi

refresh() {
  if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime/packages" ]; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$DATA/icons/hicolor" ]; then
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

installed_files() {
  echo "$DATA/applications/$APP_ID.desktop"
  echo "$DATA/metainfo/$APP_ID.metainfo.xml"
  echo "$DATA/mime/packages/$APP_ID.xml"
  echo "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in 16 24 32 48 64 128 256 512; do
    echo "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  done
}

if [ "${1:-}" = "--uninstall" ]; then
  installed_files | while read -r file; do rm -f "$file"; done
  if [ -L "$BIN/gloss" ]; then rm -f "$BIN/gloss"; fi
  rm -rf "$APP_DIR"
  refresh
  echo "Gloss removed. Your projects and logs were not touched."
  exit 0
fi
if [ -n "${1:-}" ]; then
  echo "usage: $0 [--uninstall]" >&2
  exit 2
fi
if [ ! -x "$BUNDLE/gloss" ]; then
  echo "install: no bundle at $BUNDLE (run packaging/build-linux.sh first)" >&2
  exit 1
fi

# The program: a fresh copy, replaced whole so no file of an older version is left behind.
mkdir -p "$DATA/gloss" "$BIN"
rm -rf "$APP_DIR.new"
cp -a "$BUNDLE" "$APP_DIR.new"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"
ln -sfn "$APP_DIR/gloss" "$BIN/gloss"

# Menu entry (Exec points at the installed program, so it works without ~/.local/bin on PATH).
mkdir -p "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages"
sed "s|^Exec=gloss |Exec=\"$APP_DIR/gloss\" |" "$SHARE/$APP_ID.desktop" \
  >"$DATA/applications/$APP_ID.desktop"
cp "$SHARE/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"
cp "$SHARE/$APP_ID.mime.xml" "$DATA/mime/packages/$APP_ID.xml"

mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$SVG" "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$ICONS/gloss-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

refresh
echo "Gloss installed in $APP_DIR; run 'gloss' (from $BIN) or pick Gloss in the menu."
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) echo "note: $BIN is not on your PATH; add it, or run $APP_DIR/gloss" ;;
esac
