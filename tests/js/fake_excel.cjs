// A fake Excel for the task pane's tests: the Office.js objects Prognos' pane uses, over a
// workbook in xlwings' book format (tests/officejs.py, book_payload). One file for both test
// runners: Node (tests/js/stora_blad.mjs imports it) and headless Chromium
// (tests/test_taskpane_browser.py serves it in place of office.js). A classic script: it
// defines globalThis.installFakeExcel(payload, options) and nothing else.
(function () {
  function parseAddress(address) {
    const [a, b] = address.split(":");
    const cell = (s) => {
      const m = /^([A-Z]+)(\d+)$/.exec(s.replace(/\$/g, ""));
      let col = 0;
      for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
      return { row: Number(m[2]), col };
    };
    return { first: cell(a), last: cell(b || a) };
  }

  function loadable(obj) {
    obj.load = () => obj;
    return obj;
  }

  // A range of the fake: its values read from the payload and written into it (so the next
  // runPython sends what the pane wrote, as Excel would), every write kept in `writes`.
  function fakeRange(sheetName, address, selection, book) {
    const { first, last } = parseAddress(address);
    const range = loadable({
      isNullObject: false,
      address: `${sheetName}!${address}`,
      rowIndex: first.row - 1,
      columnIndex: first.col - 1,
      rowCount: last.row - first.row + 1,
      columnCount: last.col - first.col + 1,
      select: () => selection.push(`${sheetName}!${address}`),
    });
    if (!book) return range;
    Object.defineProperty(range, "values", {
      get: () => rangeValues(book.payload, sheetName, address),
      set: (values) => {
        book.writes.push({ sheet: sheetName, address, values });
        writeValues(book.payload, sheetName, first, values);
      },
    });
    return range;
  }

  function writeValues(payload, name, first, values) {
    const sheet = payload.sheets.find((s) => s.name === name);
    values.forEach((row, i) => {
      const r = first.row - 1 + i;
      while (sheet.values.length <= r) sheet.values.push([]);
      row.forEach((value, j) => {
        const c = first.col - 1 + j;
        while (sheet.values[r].length <= c) sheet.values[r].push("");
        sheet.values[r][c] = value;
      });
    });
  }

  // Values of a range as xlwings' getRangeData returns them ("" beyond the used range).
  function rangeValues(payload, name, address) {
    const sheet = payload.sheets.find((s) => s.name === name);
    const { first, last } = parseAddress(address);
    const values = [];
    for (let r = first.row; r <= last.row; r++) {
      const row = sheet.values[r - 1] || [];
      const out = [];
      for (let c = first.col; c <= last.col; c++) out.push(c - 1 < row.length ? row[c - 1] : "");
      values.push(out);
    }
    return values;
  }

  function fakeSheet(s, selection, book) {
    return {
      name: s.name,
      activate: () => selection.push(`aktivera ${s.name}`),
      getRange: (address) => fakeRange(s.name, address, selection, book),
      getUsedRangeOrNullObject: () =>
        s.used_range_address ? fakeRange(s.name, s.used_range_address, selection) : loadable({ isNullObject: true }),
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
          getRange: () => fakeRange(s.name, t.range_address, selection),
          getDataBodyRange: () => fakeRange(s.name, t.data_body_range_address, selection),
          getHeaderRowRange: () => fakeRange(s.name, t.header_row_range_address, selection),
          getTotalRowRange: () => fakeRange(s.name, t.total_row_range_address, selection),
          columns: loadable({ items: t.columns.map((name) => ({ name })) }),
        })),
      }),
    };
  }

  // options.host: what Office.onReady reports (null: Office.js loaded but not attached to Excel).
  globalThis.installFakeExcel = function (payload, options = {}) {
    const selection = [];
    const book = { payload, writes: [] };
    const sheets = payload.sheets.map((s) => fakeSheet(s, selection, book));
    const getItem = (name) => {
      const sheet = sheets.find((s) => s.name === name);
      // as Office.js says it (an OfficeExtension.Error with its code)
      if (!sheet) throw Object.assign(new Error("The requested resource doesn't exist."), { code: "ItemNotFound" });
      return sheet;
    };
    const worksheets = loadable({ items: sheets, getItem });
    const context = { workbook: { worksheets }, sync: async () => {} };
    const host = options.host === undefined ? "Excel" : options.host;
    const info = { host, platform: host ? "OfficeOnline" : null };
    globalThis.Excel = { run: async (fn) => fn(context) };
    globalThis.Office = {
      onReady: (callback) => {
        if (callback) callback(info);
        return Promise.resolve(info);
      },
      actions: { associate: () => {} },
      addin: { showAsTaskpane: async () => {} },
      context: {
        requirements: { isSetSupported: () => true },
        platform: "OfficeOnline",
        diagnostics: { platform: "OfficeOnline", version: "16.0.0.0" },
      },
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      HostType: { Excel: "Excel" },
    };
    globalThis.CustomFunctions = {
      associate: () => {},
      Error: class extends Error {},
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
    };
    return {
      context,
      selection,
      writes: book.writes,
      rangeValues: (name, address) => rangeValues(payload, name, address),
    };
  };
})();
