#!/bin/sh
# The README's pictures of the Rapport sheet and the Word report, made by Prognos' own
# commands on the bundled example and printed by LibreOffice. Run from the repository root:
#   sh docs/bilder.sh
set -e
tmp=$(mktemp -d)
ex=workbooks/exempel/botkyrka_sn_2023_delar1.xlsx
.venv/bin/prognos uppdatera "$ex" -o "$tmp/uppdaterad.xlsx" >/dev/null || true
.venv/bin/prognos rapport "$ex" -o "$tmp/ekonomi.docx" >/dev/null
.venv/bin/python - "$tmp" <<'PY'
import sys, openpyxl
tmp = sys.argv[1]
wb = openpyxl.load_workbook(f"{tmp}/uppdaterad.xlsx")
wb.active = wb.sheetnames.index("Rapport")
for ws in wb.worksheets:
    ws.sheet_view.tabSelected = ws.title == "Rapport"
    if ws.title != "Rapport":
        ws.sheet_state, ws.print_area = "hidden", None
wb.save(f"{tmp}/rapport.xlsx")
PY
for f in rapport.xlsx ekonomi.docx; do
  soffice -env:UserInstallation=file://$tmp/profil --headless --convert-to pdf --outdir "$tmp" "$tmp/$f" >/dev/null 2>&1
done
pdftoppm -png -r 45 -f 1 -l 2 "$tmp/rapport.pdf" "$tmp/blad"
pdftoppm -png -r 45 -f 1 -l 2 "$tmp/ekonomi.pdf" "$tmp/word"
.venv/bin/python - "$tmp" <<'PY'
import sys
from PIL import Image
tmp = sys.argv[1]
for stem, target in (("blad", "docs/rapport_blad.png"), ("word", "docs/rapport_word.png")):
    pages = [Image.open(f"{tmp}/{stem}-{i}.png").convert("RGB") for i in (1, 2)]
    sheet = Image.new("RGB", (sum(p.width for p in pages) + 10, max(p.height for p in pages)), "#bbbbbb")
    x = 0
    for p in pages:
        sheet.paste(p, (x, 0))
        x += p.width + 10
    sheet.quantize(64).save(target, optimize=True)
PY
rm -rf "$tmp"
echo "Skrev docs/rapport_blad.png och docs/rapport_word.png"
