#!/bin/sh
# The README's picture of "go to page" on the EPUB's page-list in a real reader: calibre's E-book
# viewer 8.x (page-lists since calibre 7.17: Go to → Page number, and the footer field "Pages from
# paper edition"). Debian bookworm's calibre 6.13 has neither, so calibre comes from Debian trixie,
# installed in a chroot that leaves the system itself alone. Needs root; not part of make test.
#
#   make page-list-picture       (builds dist/ and runs this script), or by hand:
#   sudo sh docs/make_reader_picture.sh dist/from-blog-to-book.epub docs/images/reader-go-to-page.png 6
#
# Once (about 2 GB in $TRIXIE, /opt/trixie unless set; the script does it when it is missing):
#   apt-get install -y debootstrap
#   debootstrap --variant=minbase trixie /opt/trixie http://deb.debian.org/debian
#   chroot /opt/trixie apt-get install -y --no-install-recommends calibre xvfb xauth xdotool \
#       imagemagick libxcb-cursor0 fonts-dejavu-core
#
# The viewer (flow mode, footer showing the page-list page) opens the book under Xvfb; xdotool opens
# Go to → Page number, points at the page (highlighted) and clicks it. The picture is that list beside
# the view after the jump. The rows' places are measured for this window size; if the viewer changes
# them, look at the two shots the script leaves in $TRIXIE/work/.
set -eu

EPUB=${1:-dist/from-blog-to-book.epub}
OUT=${2:-docs/images/reader-go-to-page.png}
PAGE=${3:-6}
TRIXIE=${TRIXIE:-/opt/trixie}
PDF=${EPUB%.epub}.pdf
[ "$(id -u)" = 0 ] || { echo "error: run as root (debootstrap, chroot, mount)" >&2; exit 1; }
[ -f "$EPUB" ] || { echo "error: no $EPUB (postbind build book -o dist --format epub,pdf)" >&2; exit 1; }

if [ ! -x "$TRIXIE/usr/bin/ebook-viewer" ]; then
    command -v debootstrap >/dev/null || apt-get install -y debootstrap
    [ -d "$TRIXIE/usr" ] || debootstrap --variant=minbase trixie "$TRIXIE" http://deb.debian.org/debian
    chroot "$TRIXIE" apt-get update
    chroot "$TRIXIE" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        calibre xvfb xauth xdotool imagemagick libxcb-cursor0 fonts-dejavu-core
fi

MOUNTED=""
cleanup() { for m in $MOUNTED; do umount "$TRIXIE/$m"; done; }
trap cleanup EXIT
mountpoint -q "$TRIXIE/proc" || { mount -t proc proc "$TRIXIE/proc"; MOUNTED="proc $MOUNTED"; }
mountpoint -q "$TRIXIE/dev" || { mount --bind /dev "$TRIXIE/dev"; MOUNTED="dev $MOUNTED"; }

WORK=$TRIXIE/work
rm -rf "$WORK" && mkdir -p "$WORK/home/.config/calibre"
cp "$EPUB" "$WORK/book.epub"
# Viewer settings: scrolling (flow) mode, so the jump puts the page's first words at the top; the
# footer's left shows "Pages from paper edition" (the page-list entry on screen); no welcome screen.
cat > "$WORK/home/.config/calibre/viewer-webengine.json" <<'EOF'
{"session_data": {"controls_help_shown_count": 5, "read_mode": "flow",
 "footer": {"left": "page-list", "right": "progress"},
 "standalone_misc_settings": {"remember_last_read": false, "remember_window_geometry": false,
  "save_annotations_in_ebook": false, "singleinstance": false}}}
EOF
# Where the page is in the nav's page-list (the front matter's roman pages come first).
INDEX=$(chroot "$TRIXIE" python3 - "$PAGE" <<'EOF'
import re, sys, zipfile
book = zipfile.ZipFile("/work/book.epub")
nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
pages = re.findall(r">([^<>]+)</a>", nav[nav.index('epub:type="page-list"'):].split("</nav>")[0])
print(pages.index(sys.argv[1]))
EOF
)
# Rows of the Go to page list: 45.2 px apart, the first centred 53 px down (window 560 px wide).
Y=$(( 53 + INDEX * 452 / 10 ))
[ "$Y" -lt 980 ] || { echo "page $PAGE is row $INDEX, below the window: pick an earlier page" >&2; exit 1; }

cat > "$WORK/shoot.sh" <<EOF
set -eu
export HOME=/work/home QTWEBENGINE_DISABLE_SANDBOX=1
ebook-viewer /work/book.epub >/work/viewer.log 2>&1 &
VIEWER=\$!
sleep 15
for w in \$(xdotool search --onlyvisible --name "E-book viewer"); do xdotool windowsize \$w 560 1000 windowmove \$w 0 0; done
sleep 3
xdotool mousemove 280 600 click 1; sleep 1   # focus the view
xdotool key Escape; sleep 2                  # the viewer controls
xdotool mousemove 140 77 click 1; sleep 2    # Go to
xdotool mousemove 100 340 click 1; sleep 2   # Page number
xdotool mousemove 100 $Y; sleep 1            # the page, highlighted under the pointer
import -window root -crop 560x1000+0+0 +repage /work/list.png
xdotool click 1; sleep 3
xdotool mousemove 900 900; sleep 1
import -window root -crop 560x1000+0+0 +repage /work/view.png
kill \$VIEWER
convert /work/list.png /work/view.png -bordercolor '#888888' -border 1x0 +append -shave 1x0 \
    -colors 64 -define png:compression-level=9 /work/out.png
EOF
chroot "$TRIXIE" xvfb-run -a -s "-screen 0 1000x1000x24" sh /work/shoot.sh
cp "$WORK/out.png" "$OUT"
echo "wrote $OUT: calibre $(chroot "$TRIXIE" dpkg-query -W -f '${Version}' calibre), page $PAGE (page-list row $INDEX)"
if [ -f "$PDF" ] && command -v pdftotext >/dev/null; then
    # The print page's first words, to compare with the top of the view: the folio is the last line.
    for n in $(seq 1 "$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')"); do
        if pdftotext -layout -f "$n" -l "$n" "$PDF" - | grep -v '^\s*$' | tail -1 | grep -qx "\s*$PAGE\s*"; then
            echo "PDF page $n (printed $PAGE) begins: $(pdftotext -f "$n" -l "$n" "$PDF" - | grep -v '^\s*$' | sed -n 2p)"
        fi
    done
fi
