// In headless Chromium (tests/test_taskpane_browser.py), after fake_excel.cjs: xlwings'
// runPython and getRangeData read the workbook through more of Office.js than the fake has,
// so these two are replaced: runPython sends the fake workbook (xlwings' book format, as
// tests/officejs.py's book_payload builds it from the file) with the script's arguments to the
// real server over HTTP, keeps the answer's actions for the test, and on failure does what
// xlwings' runPython does (the same English texts, in the pane's alert or as a dialog).
// Everything else of xlwings (socket.io, its alerts, its reload prompt) stays real.
(function () {
  const payload = globalThis.prognosTestPayload;
  const fake = globalThis.installFakeExcel(payload, globalThis.prognosTestOptions || {});
  const test = {
    calls: [],
    actions: [],
    dialogs: [],
    selection: fake.selection,
    writes: fake.writes,
    payload,
  };
  globalThis.prognosTest = test;

  function bookFor(exclude) {
    const left = (exclude || "").split(",").filter((name) => name);
    const book = JSON.parse(JSON.stringify(payload));
    for (const sheet of book.sheets) {
      if (!left.includes(sheet.name)) continue;
      Object.assign(sheet, { values: [[]], tables: [], used_range_address: null, used_range_row_count: 0,
        used_range_column_count: 0, pictures: [], shapes: [] });
    }
    return book;
  }

  function showError(mode, error) {
    if (mode !== "taskpane") {
      test.dialogs.push({ title: "Error", text: String(error) });  // xlwings' xlAlert(error, "Error", …)
      return;
    }
    const box = document.querySelector("#global-error-alert");
    box.classList.remove("d-none");
    box.querySelector("span").textContent = error;
  }

  async function runPython(options = {}) {
    const body = bookFor(options.exclude);
    if ((options.args || []).length > 0) body.args = options.args;
    const appPath = (globalThis.config && globalThis.config.appPath) || "";
    test.calls.push({ script: options.scriptName, args: options.args || [] });
    try {
      let response;
      try {
        response = await fetch(`${location.origin}${appPath}/xlwings/custom-scripts-call/${options.scriptName}`, {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", Authorization: options.auth || "", ...(options.headers || {}) },
        });
      } catch (_networkError) {
        throw "No response received from server";
      }
      const data = await response.json().catch(() => null);
      if (!response.ok) throw (data && (data.detail || data.error)) || response.statusText || "Unknown server error";
      test.actions.push(...((data && data.actions) || []));
    } catch (error) {
      showError(options.errorDisplayMode || "alert", error);
    }
  }

  const overrides = {
    runPython,
    getRangeData: async (name, address) => ({ values: fake.rangeValues(name, address) }),
  };
  let real = {};
  Object.defineProperty(globalThis, "xlwings", {
    configurable: true,
    get: () => ({ ...real, ...overrides }),
    set: (value) => { real = value; },
  });
})();
