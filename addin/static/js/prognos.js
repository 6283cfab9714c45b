// Prognos: ribbon buttons and task pane (Swedish).
//
// The manifest declares a shared runtime, so the ribbon buttons (ExecuteFunction)
// run in this page's JavaScript context even while the task pane is hidden. Every
// script goes through xlwings' runPython (the book is sent to the server, the
// returned actions are applied to the workbook); the task pane's socket.io id goes
// along so that the server can report progress to this pane.

import { installRound, roundFailed, roundDone } from "./omgang.js";
import { inSwedish } from "./svenska.js";

const appPath = (globalThis.config && globalThis.config.appPath) || "";

async function authentication() {
  if (typeof globalThis.getAuth === "function") {
    return await globalThis.getAuth();
  }
  return { token: "", provider: "" };
}

function socketId() {
  return globalThis.socket && globalThis.socket.id ? globalThis.socket.id : "";
}

function element(id) {
  return document.getElementById(id);
}

function show(id, visible = true) {
  const el = element(id);
  if (el) el.classList.toggle("d-none", !visible);
}

function clear(el) {
  while (el && el.firstChild) el.removeChild(el.firstChild);
}

const NAMES = {
  uppdatera_prognos: "Uppdatera prognos",
  validera: "Validera",
  aterrapportering: "Återrapportering",
  validera_inskickade: "Validera inskickade",
  skapa_rapport: "Skapa rapport",
  omgangsstatus: "Omgångens status",
  faststall: "Fastställ",
};

// --- Big sheets on Excel on the web ---------------------------------------------------
// Excel on the web allows 5 MB per request and response between the add-in and Excel
// (and 5 million cells per range); xlwings' runPython sends every sheet in one request.
// Sheets too big for that are left out of the book (xlwings' "exclude") and sent before
// the script in pieces, read PART_CELLS cells at a time; the server puts them back into
// the book (addin/big_sheets.py, same constants). tests/officejs.py
// (pieces_of_big_sheets) mirrors this code for the tests.
const INLINE_CELLS = 200000;
const PART_CELLS = 60000;
const MAX_PART_BYTES = 4 * 1024 * 1024;
const SCRIPTS_WITH_BIG_SHEETS = ["uppdatera_prognos", "validera", "aterrapportering", "skapa_rapport", "faststall"];

function columnName(n) {
  let name = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    name = String.fromCharCode(65 + m) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function withoutSheet(address) {
  return address ? address.split("!").pop() : null;
}

async function bigSheets() {
  return await Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const used = worksheets.items.map((sheet) =>
      sheet.getUsedRangeOrNullObject(true).load("address,rowIndex,columnIndex,rowCount,columnCount"),
    );
    await context.sync();
    const sizes = worksheets.items.map((sheet, index) => {
      const u = used[index];
      if (u.isNullObject) return { index, name: sheet.name, rows: 1, columns: 1, cells: 1, used: null };
      // values go from A1 to the used range's end, as xlwings sends them
      const rows = u.rowIndex + u.rowCount;
      const columns = u.columnIndex + u.columnCount;
      return { index, name: sheet.name, rows, columns, cells: rows * columns, used: u };
    });
    let total = sizes.reduce((sum, s) => sum + s.cells, 0);
    const excluded = [];
    for (const s of [...sizes].sort((a, b) => b.cells - a.cells)) {
      if (total <= INLINE_CELLS) break;
      excluded.push(s);
      total -= s.cells;
    }
    excluded.sort((a, b) => a.index - b.index);
    // The Excel Tables of the left-out sheets, in xlwings' book format
    const loaders = excluded.map((s) => {
      const tables = worksheets.items[s.index].tables;
      tables.load("items/name,items/showHeaders,items/showTotals,items/style,items/showFilterButton," +
        "items/highlightFirstColumn,items/highlightLastColumn,items/showBandedRows,items/showBandedColumns");
      return tables;
    });
    await context.sync();
    const ranges = loaders.map((tables) =>
      tables.items.map((t) => ({
        table: t,
        range: t.getRange().load("address,rowCount,columnCount"),
        body: t.getDataBodyRange().load("address"),
        header: t.showHeaders ? t.getHeaderRowRange().load("address") : null,
        totals: t.showTotals ? t.getTotalRowRange().load("address") : null,
        columns: t.columns.load("items/name"),
      })),
    );
    await context.sync();
    return excluded.map((s, i) => ({
      name: s.name,
      rows: s.rows,
      columns: s.columns,
      used_range_address: s.used ? withoutSheet(s.used.address) : null,
      used_range_row_count: s.used ? s.used.rowCount : 0,
      used_range_column_count: s.used ? s.used.columnCount : 0,
      tables: ranges[i].map((r) => ({
        name: r.table.name,
        range_address: withoutSheet(r.range.address),
        row_count: r.range.rowCount,
        column_count: r.range.columnCount,
        columns: r.columns.items.map((c) => c.name),
        header_row_range_address: r.header ? withoutSheet(r.header.address) : null,
        data_body_range_address: withoutSheet(r.body.address),
        total_row_range_address: r.totals ? withoutSheet(r.totals.address) : null,
        show_headers: r.table.showHeaders,
        show_totals: r.table.showTotals,
        table_style: r.table.style,
        show_autofilter: r.table.showFilterButton,
        show_table_style_first_column: r.table.highlightFirstColumn,
        show_table_style_last_column: r.table.highlightLastColumn,
        show_table_style_row_stripes: r.table.showBandedRows,
        show_table_style_column_stripes: r.table.showBandedColumns,
      })),
    }));
  });
}

async function postJson(url, body, auth) {
  const response = await fetch(url, {
    method: "POST",
    body: body,
    headers: { "Content-Type": "application/json", Authorization: auth.token, "Auth-Provider": auth.provider },
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail || detail;
    } catch (_error) {
      // not JSON
    }
    throw new Error(detail);
  }
  return response.status === 204 ? null : await response.json();
}

// Values of rows [first, last] (1-based) of a sheet, with xlwings' own reader (same date
// conversion as the book); halved when Excel refuses a response that big.
async function readRows(name, first, last, columns) {
  const address = `A${first}:${columnName(columns)}${last}`;
  try {
    return (await globalThis.xlwings.getRangeData(name, address, ["values"])).values;
  } catch (error) {
    if (last <= first) throw error;
    const middle = Math.floor((first + last) / 2);
    return [...(await readRows(name, first, middle, columns)), ...(await readRows(name, middle + 1, last, columns))];
  }
}

async function sendPart(id, sheet, start, values, counter, auth) {
  const body = JSON.stringify({ blad: sheet, start_row: start, values: values });
  if (values.length > 1 && new Blob([body]).size > MAX_PART_BYTES) {
    const half = Math.floor(values.length / 2);
    await sendPart(id, sheet, start, values.slice(0, half), counter, auth);
    await sendPart(id, sheet, start + half, values.slice(half), counter, auth);
    return;
  }
  await postJson(`${appPath}/prognos/stora-blad/${id}/${counter.n}`, body, auth);
  counter.n += 1;
}

async function sendBigSheets(sheets, auth) {
  const started = await postJson(`${appPath}/prognos/stora-blad`, JSON.stringify({ blad: sheets }), auth);
  const counter = { n: 0 };
  for (const [index, sheet] of sheets.entries()) {
    const step = Math.max(1, Math.floor(PART_CELLS / sheet.columns));
    for (let first = 1; first <= sheet.rows; first += step) {
      const last = Math.min(sheet.rows, first + step - 1);
      addStep(`${sheet.name}: skickar rad ${first}–${last} av ${sheet.rows}`);
      await sendPart(started.id, index, first, await readRows(sheet.name, first, last, sheet.columns), counter, auth);
    }
  }
  return started.id;
}

const refused = new Set(); // scripts the server refused during this run (socket.io: prognos:fel)

// Runs a script on the open workbook; true when the server answered and nothing stopped it
// (the script's own result and refusals come over socket.io).
export async function run(script, extraArgs = []) {
  refused.delete(script);
  const steps = element("prognos-steg");
  clear(steps);
  addStep(`${NAMES[script] || script}: skickar arbetsboken till servern`);
  show("prognos-status", true);
  const auth = await authentication();
  const big = await bigSheets();
  // xlwings' "exclude" is a comma-separated list: a sheet whose name has a comma cannot be
  // left out of the book, and the book would be too big for one request.
  const comma = big.find((sheet) => sheet.name.includes(","));
  if (comma) {
    addStep(`Bladet "${comma.name}" är för stort för att skickas i ett stycke och kan inte skickas i delar ` +
      `eftersom namnet innehåller ett kommatecken. Byt namn på bladet (t.ex. "${comma.name.replace(/,/g, "")}") ` +
      `och försök igen.`);
    return false;
  }
  let bigSheetsArg = "";
  if (big.length > 0 && SCRIPTS_WITH_BIG_SHEETS.includes(script)) {
    try {
      bigSheetsArg = await sendBigSheets(big, auth);
    } catch (error) {
      addStep(`Det gick inte att skicka de stora bladen: ${error.message || error}`);
      return false;
    }
  }
  const args = [...extraArgs, socketId()];
  if (SCRIPTS_WITH_BIG_SHEETS.includes(script)) args.push(bigSheetsArg);
  const failure = element("global-error-alert");
  if (failure) failure.classList.add("d-none");
  // Failures go to the pane's alert (in Swedish, svenska.js), not to a dialog titled "Error".
  await globalThis.xlwings.runPython({
    scriptName: script,
    args: args,
    exclude: big.map((sheet) => sheet.name).join(","),
    auth: auth.token,
    headers: { "Auth-Provider": auth.provider },
    errorDisplayMode: "taskpane",
  });
  const failed = failure && !failure.classList.contains("d-none");
  if (failed) addStep(`${NAMES[script] || script} avbröts: se meddelandet överst.`);
  else if (!refused.has(script)) addStep("Klart");
  return !failed;
}

function addStep(text) {
  const steps = element("prognos-steg");
  if (!steps) return;
  const li = document.createElement("li");
  li.textContent = text;
  steps.appendChild(li);
}

async function gotoCell(sheet, cell) {
  await Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell).select();
    await context.sync();
  });
}

function showResult(data, failed = false) {
  show("prognos-resultat", true);
  element("prognos-resultat-text").textContent = data.text || "";
  const count = element("prognos-resultat-antal");
  count.textContent = failed ? "" : `${data.fel || 0} fel, ${data.varningar || 0} varningar.`;
  const list = element("prognos-fynd");
  clear(list);
  for (const f of data.fynd || []) {
    const li = document.createElement("li");
    li.className = f.allvarlighet === "fel" ? "fel" : "varning";
    const where = document.createElement(f.blad && f.cell && !f.fil ? "button" : "span");
    where.textContent = `${f.fil ? f.fil + ": " : ""}${f.blad}${f.cell ? "!" + f.cell : ""}`;
    if (where.tagName === "BUTTON") {
      where.type = "button";
      where.className = "link";
      where.title = "Gå till cellen";
      where.addEventListener("click", () => gotoCell(f.blad, f.cell));
    }
    const text = document.createElement("div");
    text.textContent = f.meddelande;
    li.appendChild(where);
    li.appendChild(text);
    list.appendChild(li);
  }
}

if (globalThis.socket) {
  globalThis.socket.on("prognos:steg", (data) => addStep(data.steg));
  // the round's scripts answer in the section Omgången, the others under Resultat
  globalThis.socket.on("prognos:klart", (data) => roundDone(data) || showResult(data));
  globalThis.socket.on("prognos:fel", (data) => {
    refused.add(data.skript);
    // socket.io and the script's HTTP answer race: a "Klart" already shown is taken back
    const last = element("prognos-steg") && element("prognos-steg").lastElementChild;
    if (last && last.textContent === "Klart") last.remove();
    addStep(`${NAMES[data.skript] || data.skript} kunde inte köras: se meddelandet.`);
    return roundFailed(data) || showResult(data, true);
  });
}

// Ribbon buttons
function ribbon(name, action) {
  Office.actions.associate(name, async (event) => {
    try {
      await action();
    } finally {
      event.completed();
    }
  });
}

ribbon("prognos-uppdatera", () => run("uppdatera_prognos"));
ribbon("prognos-validera", () => run("validera"));
ribbon("prognos-aterrapportering", () => run("aterrapportering"));
ribbon("prognos-faststall", () => run("faststall", [""]));
ribbon("prognos-inskickade", async () => {
  await Office.addin.showAsTaskpane();
  const section = element("prognos-inskickade");
  if (section) section.scrollIntoView();
  const input = element("prognos-filer");
  if (input) input.focus();
});

// Skapa rapport: the server makes the Word document under this pane's own random key; the
// link fetches it with the same authentication as every call and saves it as a file.
async function makeReport() {
  const key = crypto.randomUUID().replaceAll("-", "");
  await run("skapa_rapport", [key]);
  const url = `${appPath}/prognos/rapport/${key}`;
  const link = element("prognos-rapport-lank");
  show("prognos-rapport", true);
  link.onclick = async (event) => {
    event.preventDefault();
    const auth = await authentication();
    const response = await fetch(url, { headers: { Authorization: auth.token, "Auth-Provider": auth.provider } });
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      showResult({ text: data.detail || "Rapporten kunde inte hämtas." }, true);
      return;
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    const blob = await response.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name ? name[1] : "ekonomi.docx";
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
}

ribbon("prognos-rapport", async () => {
  await Office.addin.showAsTaskpane();
  await makeReport();
});
const reportButton = element("prognos-skapa-rapport");
if (reportButton) {
  reportButton.addEventListener("click", async () => {
    reportButton.disabled = true;
    try {
      await makeReport();
    } finally {
      reportButton.disabled = false;
    }
  });
}

// Task pane buttons
for (const button of document.querySelectorAll("[data-prognos-skript]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await run(button.dataset.prognosSkript);
    } finally {
      button.disabled = false;
    }
  });
}

installRound(run);

// Upload of submitted workbooks
const form = element("prognos-uppladdning");
const chosen = element("prognos-filer");
if (chosen) {
  chosen.addEventListener("change", () => {
    const files = [...chosen.files];
    element("prognos-valda-filer").textContent =
      files.length === 0 ? "Ingen arbetsbok vald" : files.length === 1 ? files[0].name : `${files.length} arbetsböcker valda`;
  });
}
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = element("prognos-inskickade-resultat");
    clear(out);
    if (!chosen || chosen.files.length === 0) {
      out.textContent = "Välj först arbetsböckerna som enheterna har skickat in.";
      return;
    }
    out.textContent = "Kontrollerar arbetsböckerna …";
    const auth = await authentication();
    const body = new FormData(form);
    let data;
    try {
      const response = await fetch(`${appPath}/prognos/inskickade`, {
        method: "POST",
        body: body,
        headers: { Authorization: auth.token, "Auth-Provider": auth.provider },
      });
      data = await response.json();
      if (!response.ok) throw new Error(data.detail || response.statusText);
    } catch (error) {
      out.textContent = `Uppladdningen misslyckades: ${inSwedish(error.message || error)}`;
      return;
    }
    clear(out);
    const list = document.createElement("ul");
    list.className = "list-unstyled";
    for (const f of data.filer) {
      const li = document.createElement("li");
      li.textContent = `${f.giltig ? "✓" : "✗"} ${f.fil}: ${f.fel} fel, ${f.varningar} varningar`;
      list.appendChild(li);
    }
    out.appendChild(list);
    if (data.sparas_sekunder) {
      const kept = document.createElement("p");
      const minutes = Math.round(data.sparas_sekunder / 60);
      kept.className = "text-muted mb-1";
      const time = minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
      kept.textContent = `Resultatet sparas i ${time}${data.bara_du ? " och kan bara läsas av dig" : ""}.`;
      out.appendChild(kept);
    }
    const write = document.createElement("button");
    write.type = "button";
    write.className = "btn btn-sm btn-primary";
    write.textContent = "Skriv rapporten i arbetsboken";
    write.addEventListener("click", () => run("validera_inskickade", [data.uppladdning]));
    out.appendChild(write);
  });
}

// The PROGNOS.* functions with their Swedish descriptions
async function listFunctions() {
  const dl = element("prognos-funktioner");
  if (!dl) return;
  try {
    const response = await fetch(`${appPath}/xlwings/custom-functions-meta.json`);
    const meta = await response.json();
    // The namespace Excel uses in this environment (PROGNOS, PROGNOS_QA, …), from the page.
    const main = document.querySelector("[data-prognos-namnrymd]");
    const namespace = (main && main.dataset.prognosNamnrymd) || "PROGNOS";
    for (const f of meta.functions) {
      const dt = document.createElement("dt");
      dt.textContent = `${namespace}.${f.name}(${f.parameters.map((p) => p.name).join("; ")})`;
      const dd = document.createElement("dd");
      dd.textContent = f.description;
      dl.appendChild(dt);
      dl.appendChild(dd);
    }
  } catch (error) {
    console.error(error);
    const dd = document.createElement("dd");
    dd.textContent = "Funktionernas beskrivningar kunde inte hämtas från servern.";
    dl.appendChild(dd);
  }
}
listFunctions();
