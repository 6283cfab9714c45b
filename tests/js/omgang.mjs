// Runs the pure parts of addin/static/js/omgang.js in Node (argv[2]: the module's path) on the
// cases of tests/test_taskpane_browser.py's test_round_logic_in_node and prints what they give:
// the register's addresses, the day written as Beslutsdatum, a unit's lines and which cells a
// decision writes (or why it cannot).
import { pathToFileURL } from "node:url";

const m = await import(pathToFileURL(process.argv[2]).href);
const cases = JSON.parse(process.argv[3]);
const out = {
  celler: cases.celler.map((a) => m.cellOf(a)),
  dag: m.isoDay(new Date(2023, 0, 5, 23, 59)),
  tid: cases.tider.map((t) => m.timeText(t)),
  rader: cases.enheter.map((u) => m.unitRows(u)),
  kan: cases.enheter.map((u) => m.allowedDecisions(u)),
  officefel: [{ code: "ItemNotFound" }, { code: "AccessDenied" }, new Error("Unknown error")].map(m.officeError),
  plan: cases.beslut.map(([u, beslut, kommentar]) => m.decisionCells(u, beslut, kommentar, "2023-04-23")),
};
process.stdout.write(JSON.stringify(out));
