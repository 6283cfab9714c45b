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
import glob, sys
from PIL import Image
tmp = sys.argv[1]
for stem, target in (("blad", "docs/rapport_blad.png"), ("word", "docs/rapport_word.png")):
    # pdftoppm numbers pages 1, 2 or 01, 02 by the document's page count
    pages = [Image.open(f).convert("RGB") for f in sorted(glob.glob(f"{tmp}/{stem}-*.png"))[:2]]
    sheet = Image.new("RGB", (sum(p.width for p in pages) + 10, max(p.height for p in pages)), "#bbbbbb")
    x = 0
    for p in pages:
        sheet.paste(p, (x, 0))
        x += p.width + 10
    sheet.quantize(64).save(target, optimize=True)
PY
# A unit's workbook as the manager sees it (Prognos sheet; Metod Säsong chosen for Kostnader),
# its figures recalculated by LibreOffice.
.venv/bin/prognos utskick "$ex" -o "$tmp/utskick" --enhet "Ekonomiskt bistånd" --senast 2023-05-10 >/dev/null
.venv/bin/python - "$tmp" <<'PY'
import glob, sys, openpyxl
tmp = sys.argv[1]
wb = openpyxl.load_workbook(glob.glob(f"{tmp}/utskick/*.xlsx")[0])
ws = wb["Prognos"]
ws["I3"] = "Säsong"
for sheet in wb.worksheets:
    sheet.sheet_view.tabSelected = sheet.title == "Prognos"
    if sheet.title != "Prognos" and sheet.sheet_state == "visible":
        sheet.sheet_state = "hidden"
wb.active = wb.sheetnames.index("Prognos")
ws.page_setup.orientation = "landscape"
ws.sheet_properties.pageSetUpPr.fitToPage = True
ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
wb.save(f"{tmp}/enhet.xlsx")
PY
soffice -env:UserInstallation=file://$tmp/profil --headless --convert-to pdf --outdir "$tmp" "$tmp/enhet.xlsx" >/dev/null 2>&1
pdftoppm -png -r 110 -f 1 -l 1 "$tmp/enhet.pdf" "$tmp/enhet"
.venv/bin/python - "$tmp" <<'PY'
import glob, sys
from PIL import Image, ImageChops
tmp = sys.argv[1]
page = Image.open(sorted(glob.glob(f"{tmp}/enhet-*.png"))[0]).convert("RGB")
box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
page.crop((box[0] - 10, box[1] - 10, box[2] + 10, box[3] + 10)).quantize(64).save("docs/enhetens_prognos.png", optimize=True)
PY
rm -rf "$tmp"
echo "Skrev docs/rapport_blad.png, docs/rapport_word.png och docs/enhetens_prognos.png"
