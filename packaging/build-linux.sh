#!/usr/bin/env bash
# Build the Linux bundle: dist/gloss/ (one folder, run dist/gloss/gloss) and dist/gloss-linux-x86_64.tar.gz.
#
#   packaging/build-linux.sh              # makes a build venv in build/venv (a fresh machine)
#   PYTHON=.venv/bin/python packaging/build-linux.sh   # uses an existing environment instead
#
# Needs Python 3.11+ and, to run the bundle, the Qt system libraries listed in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ -z "${PYTHON:-}" ]; then
  python3 -m venv build/venv
  PYTHON=build/venv/bin/python
fi
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[packaging]"

VERSION=$("$PYTHON" -c "import desktop; print(desktop.__version__)")
ARCH=$(uname -m)
started=$(date +%s)
GLOSS_VERSION="$VERSION" "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/gloss.spec
built=$(date +%s)

# Python's own libraries here may carry debug symbols (4x their size). The wheels' libraries
# are already stripped, and those auditwheel patched (*.libs, e.g. numpy's OpenBLAS) break
# when stripped, so they are left alone.
if command -v strip >/dev/null 2>&1; then
  find dist/gloss/_internal \( -name "libpython*.so*" -o -path "*/lib-dynload/*.so" \) -type f \
    -exec strip --strip-unneeded {} +
fi

# The bundle must pass its own check before it is shipped.
QT_QPA_PLATFORM=offscreen dist/gloss/gloss --self-test

# The desktop files travel with the bundle so that install-linux.sh works from the archive.
mkdir -p dist/gloss/share
cp -r resources/linux/. dist/gloss/share/
cp resources/icons/gloss.svg dist/gloss/share/
mkdir -p dist/gloss/share/icons
cp resources/icons/gloss-*.png dist/gloss/share/icons/
cp packaging/install-linux.sh dist/gloss/install.sh

ARCHIVE="dist/gloss-$VERSION-linux-$ARCH.tar.gz"
tar -C dist -czf "$ARCHIVE" gloss
echo "built dist/gloss in $((built - started)) s:" \
  "$(du -sh dist/gloss | cut -f1) folder, $(du -h "$ARCHIVE" | cut -f1) $ARCHIVE"
