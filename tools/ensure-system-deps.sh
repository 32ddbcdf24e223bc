#!/usr/bin/env bash
# Install what the tests need from Debian's packages when it is missing: a PostgreSQL server (for the
# PostgreSQL run), Chromium (browser tests, driven by Playwright; never a downloaded browser) and
# CJK fonts (Chinese pages and PDFs rendered to images; the announcement PDF embeds Noto Serif CJK from
# fonts-noto-cjk, see campaigns/documents/pdf.py) and poppler-utils (the PDF tests read the PDF with
# pdftotext and render it with pdftoppm).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" || [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then
  missing+=(fonts-noto-cjk)
fi
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing from Debian: ${missing[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
