// Runs addin/static/js/prognos.js' `kor` in Node against a fake Excel built from a workbook
// payload (xlwings' book format, argv[2]) and prints what the task pane sends: every POST
// (URL and JSON body), the runPython call and the steps the pane shows. tests/test_big_workbook.py compares it with
// tests/officejs.py's pieces_of_big_sheets, so the Python mirror the tests use is the JS.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
const script = process.argv[3];
const prognosJs = process.argv[4];

function parseAddress(address) {
  const [a, b] = address.split(":");
  const cell = (s) => {
    const m = /^([A-Z]+)(\d+)$/.exec(s.replace(/\$/g, ""));
    let col = 0;
    for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]), col };
  };
  const first = cell(a);
  const last = cell(b || a);
  return { first, last };
}

function loadable(obj) {
  obj.load = () => obj;
  return obj;
}

function fakeRange(sheetName, address) {
  const { first, last } = parseAddress(address);
  return loadable({
    isNullObject: false,
    address: `${sheetName}!${address}`,
    rowIndex: first.row - 1,
    columnIndex: first.col - 1,
    rowCount: last.row - first.row + 1,
    columnCount: last.col - first.col + 1,
  });
}

const sheets = payload.sheets.map((s) => ({
  name: s.name,
  getUsedRangeOrNullObject: () =>
    s.used_range_address ? fakeRange(s.name, s.used_range_address) : loadable({ isNullObject: true }),
  tables: loadable({
    items: s.tables.map((t) => ({
      name: t.name,
      showHeaders: t.show_headers,
      showTotals: t.show_totals,
      style: t.table_style,
      showFilterButton: t.show_autofilter,
      highlightFirstColumn: t.show_table_style_first_column,
      highlightLastColumn: t.show_table_style_last_column,
      showBandedRows: t.show_table_style_row_stripes,
      showBandedColumns: t.show_table_style_column_stripes,
      getRange: () => fakeRange(s.name, t.range_address),
      getDataBodyRange: () => fakeRange(s.name, t.data_body_range_address),
      getHeaderRowRange: () => fakeRange(s.name, t.header_row_range_address),
      getTotalRowRange: () => fakeRange(s.name, t.total_row_range_address),
      columns: loadable({ items: t.columns.map((name) => ({ name })) }),
    })),
  }),
}));

const context = {
  workbook: { worksheets: loadable({ items: sheets }) },
  sync: async () => {},
};

const sent = [];
let runPythonCall = null;
const steps = [];
const stepList = {
  get firstChild() { return null; },
  appendChild: (li) => steps.push(li.textContent),
};
globalThis.document = {
  getElementById: (id) => (id === "prognos-steg" ? stepList : null),
  createElement: () => ({ textContent: "" }),
  querySelectorAll: () => [],
  querySelector: () => null,
};
globalThis.Office = { actions: { associate: () => {} }, addin: { showAsTaskpane: async () => {} } };
globalThis.Excel = { run: async (fn) => fn(context) };
globalThis.fetch = async (url, options = {}) => {
  if (options.method === "POST") sent.push({ url, body: JSON.parse(options.body) });
  const isPiece = /\/stora-blad\/[^/]+\/\d+$/.test(url);
  return {
    ok: true,
    status: isPiece ? 204 : 200,
    statusText: "OK",
    json: async () => (url.endsWith("/stora-blad") ? { id: "TESTID" } : { functions: [] }),
  };
};
globalThis.xlwings = {
  getRangeData: async (name, address) => {
    const sheet = payload.sheets.find((s) => s.name === name);
    const { first, last } = parseAddress(address);
    const values = [];
    for (let r = first.row; r <= last.row; r++) {
      const row = sheet.values[r - 1] || [];
      const out = [];
      for (let c = first.col; c <= last.col; c++) out.push(c - 1 < row.length ? row[c - 1] : "");
      values.push(out);
    }
    return { values };
  },
  runPython: async (options) => {
    runPythonCall = options;
  },
};

const module = await import(pathToFileURL(prognosJs).href);
await module.kor(script);
process.stdout.write(JSON.stringify({ sent, runPython: runPythonCall, steps }));
