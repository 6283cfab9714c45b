// Runs addin/static/js/prognos.js' `run` in Node against a fake Excel built from a workbook
// payload (xlwings' book format, argv[2]) and prints what the task pane sends: every POST
// (URL and JSON body), the runPython call and the steps the pane shows. tests/test_big_workbook.py compares it with
// tests/officejs.py's pieces_of_big_sheets, so the Python mirror the tests use is the JS.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
const script = process.argv[3];
const prognosJs = process.argv[4];

// The fake Excel over the payload, shared with the browser tests (tests/js/fake_excel.cjs).
createRequire(import.meta.url)("./fake_excel.cjs");
const fake = globalThis.installFakeExcel(payload);

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
  getRangeData: async (name, address) => ({ values: fake.rangeValues(name, address) }),
  runPython: async (options) => {
    runPythonCall = options;
  },
};

const module = await import(pathToFileURL(prognosJs).href);
await module.run(script);
process.stdout.write(JSON.stringify({ sent, runPython: runPythonCall, steps }));
