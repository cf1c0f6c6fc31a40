#!/usr/bin/env bash
# Build the macOS bundle: dist/Gloss.app (double-click; opens .gloss files) and
# dist/gloss-<version>-macos-<arch>.dmg. Run on the architecture you ship for (arm64 or
# x86_64): PyInstaller does not cross-compile.
#
#   packaging/build-macos.sh
#   PYTHON=.venv/bin/python packaging/build-macos.sh   # existing environment
#
# Needs Python 3.11+ (python.org or Homebrew) and the Xcode command line tools (iconutil,
# hdiutil, codesign). Set CODESIGN_IDENTITY to sign with a Developer ID; unsigned apps must
# be opened once with right-click > Open.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  python3 -m venv build/venv
  PYTHON=build/venv/bin/python
fi
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[packaging]"

# The .icns icon, made from the PNG sizes in resources/icons (the spec picks it up).
ICONSET=build/gloss.iconset
rm -rf "$ICONSET" && mkdir -p "$ICONSET"
for size in 16 32 128 256 512; do
  cp "resources/icons/gloss-$size.png" "$ICONSET/icon_${size}x${size}.png"
done
for size in 16 32 128 256; do
  cp "resources/icons/gloss-$((size * 2)).png" "$ICONSET/icon_${size}x${size}@2x.png" 2>/dev/null || true
done
iconutil -c icns -o resources/icons/gloss.icns "$ICONSET"

VERSION=$("$PYTHON" -c "import desktop; print(desktop.__version__)")
ARCH=$(uname -m)
started=$(date +%s)
GLOSS_VERSION="$VERSION" "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/gloss.spec
built=$(date +%s)

QT_QPA_PLATFORM=offscreen dist/Gloss.app/Contents/MacOS/gloss --self-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --sign "$CODESIGN_IDENTITY" dist/Gloss.app
fi
DMG="dist/gloss-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -quiet -volname Gloss -srcfolder dist/Gloss.app -ov -format UDZO "$DMG"
echo "built dist/Gloss.app in $((built - started)) s:" \
  "$(du -sh dist/Gloss.app | cut -f1) app, $(du -h "$DMG" | cut -f1) $DMG"
