#!/bin/sh
# Installs the Debian packages named in $PACKAGES that are missing, or says exactly
# what to run when it can't (not root, no apt-get). Used by the Makefile.
set -u
missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing) >/dev/null 2>&1 && exit 0
  echo "error: apt-get could not install:$missing" >&2
  exit 1
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian system; postbind needs Pango (for WeasyPrint), the DejaVu fonts and, for tests, Java 11+ and poppler" >&2
  exit 0
fi
echo "error: missing system packages:$missing" >&2
echo "       run: sudo apt-get install$missing" >&2
exit 1
