// The forecast round in the task pane (Swedish): the register on the master's sheet Omgång as a
// compact list per unit (script omgangsstatus, addin/ribbon/round.py), the economist's decision
// per unit written into the register's own cells with Office.js (Beslut, Ekonomens kommentar,
// Beslutsdatum: the register is the one place a decision lives; prognos status, --sammanstall and
// aterkoppling read it there), and Fastställ (script faststall).
//
// The pure parts (addresses, dates, what a unit's lines say) need no page: tests/js/omgang.mjs
// runs them in Node. prognos.js wires the rest to the page with installRound(run).

import { inSwedish } from "./svenska.js";

// The register's words (Godkänd, Åter till enheten, Fel, …) are declared once, in Python
// (validation/round/register.py, round_status.py); they come with the status, as do the keys
// of the states (lage_nyckel) and the words a decision writes (beslutsord).
const HEADERS = { omrade: "Verksamhetsområde", beslut: "Beslut", kommentar: "Ekonomens kommentar", beslutsdatum: "Beslutsdatum" };

// "'Omgång'!L3" -> { sheet: "Omgång", cell: "L3" }; null for no address.
export function cellOf(address) {
  if (!address) return null;
  const bang = address.lastIndexOf("!");
  let sheet = address.slice(0, bang);
  if (sheet.length > 1 && sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, cell: address.slice(bang + 1).replace(/\$/g, "") };
}

// Today as Excel reads a date typed in any locale (yyyy-mm-dd), from the computer's own calendar.
export function isoDay(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// "2023-04-18 09:30:00" -> "2023-04-18 kl. 09.30"; a date alone as it is.
export function timeText(text) {
  if (!text) return "";
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(String(text));
  return m ? `${m[1]} kl. ${m[2]}.${m[3]}` : String(text).slice(0, 10);
}

function same(a, b) {
  const norm = (v) => String(v ?? "").normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  return norm(a) === norm(b);
}

// What the pane says about one unit, as [label, text] lines; nothing is left blank.
export function unitRows(u) {
  const rows = [];
  rows.push(["Skickad", u.skickad ? timeText(u.skickad) : "Ingen arbetsbok skickad enligt registret"]);
  rows.push(["Inlämnad", u.inkommen ? `${timeText(u.inkommen)}${u.fil ? ` (${u.fil})` : ""}` : "Inte inlämnad än"]);
  let validering = "Inte kontrollerad (ingen fil har kommit in)";
  if (u.valideringsstatus) {
    validering = u.valideringsstatus;
    if (u.har_fel && Number.isInteger(u.fel)) validering += ` (${u.fel} fel)`;
  } else if (u.inkommen) {
    validering = "Okänd: kör prognos status med -o för att kontrollera filen";
  }
  rows.push(["Validering", validering]);
  let beslut = `${u.beslut || "Inget beslut"}${u.beslutsdatum ? ` (${u.beslutsdatum})` : ""}`;
  if (u.beslut_oforstatt) beslut = `”${u.beslut_oforstatt}” förstås inte, så enheten väntar: välj Godkänn eller Skicka tillbaka`;
  rows.push(["Beslut", beslut]);
  rows.push(["Kommentar", u.kommentar || "Ingen kommentar"]);
  if (u.sammanstalld) rows.push(["Sammanställd", u.sammanstalld]);
  return rows;
}

// Whether the economist can decide now, and why not: a decision is about a returned file.
export function allowedDecisions(u) {
  if (!u.inkommen && !u.fil) return { godkann: false, ater: false, varfor: "Ingen fil att besluta om än." };
  if (u.lage_nyckel === "godkand") return { godkann: false, ater: true, varfor: "" };
  if (u.har_fel) {
    return { godkann: false, ater: true, varfor: "Filen har fel och kan inte godkännas: skicka tillbaka den." };
  }
  return { godkann: true, ater: true, varfor: "" };
}

// The cells to write for a decision (or a Swedish reason why they cannot be written).
export function decisionCells(u, beslut, kommentar, day = isoDay()) {
  if (!beslut) return { fel: "Beslutet kan inte skrivas: statusen saknar registrets beslutsord. Visa omgångens status igen." };
  const cells = u.celler || {};
  const wanted = [["omrade"], ["beslut", beslut], ["beslutsdatum", day]];
  if (kommentar !== null && kommentar !== undefined) wanted.push(["kommentar", kommentar]);
  const missing = wanted.filter(([key]) => !cells[key]).map(([key]) => HEADERS[key]);
  if (missing.length > 0) {
    return {
      fel:
        `Registret på bladet Omgång saknar kolumnen ${missing.join(" och ")}, så beslutet kan inte skrivas. ` +
        "Skapa registret på nytt med prognos status -o, eller lägg till kolumnen.",
    };
  }
  return {
    kontroll: cellOf(cells.omrade),
    skriv: wanted.slice(1).map(([key, value]) => ({ ...cellOf(cells[key]), key, value })),
  };
}

// Writes the decision into the register's cells of the open workbook; null when done, else why not.
export async function writeDecision(u, beslut, kommentar) {
  const plan = decisionCells(u, beslut, kommentar);
  if (plan.fel) return plan.fel;
  return await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const own = sheets.getItem(plan.kontroll.sheet).getRange(plan.kontroll.cell).load("values");
    await context.sync();
    const found = own.values && own.values[0] ? own.values[0][0] : "";
    if (!same(found, u.verksamhetsomrade)) {
      return (
        `Registret har ändrats sedan statusen visades: ${plan.kontroll.sheet}!${plan.kontroll.cell} gäller inte längre ` +
        `${u.verksamhetsomrade}. Inget skrevs. Visa omgångens status igen och besluta på nytt.`
      );
    }
    // Values only: the register's cells are the unlocked ones of a protected sheet, and
    // Beslutsdatum already has a date format (Excel reads yyyy-mm-dd as a date in any locale).
    for (const w of plan.skriv) sheets.getItem(w.sheet).getRange(w.cell).values = [[w.value]];
    await context.sync();
    return null;
  });
}

// Office.js' failures of a write, by their code (the message is the host's, often English).
export function officeError(error) {
  const code = error && error.code;
  if (code === "ItemNotFound") {
    return "Bladet Omgång finns inte längre i arbetsboken (har det bytt namn?). Inget skrevs. Visa omgångens status igen.";
  }
  if (code === "AccessDenied" || code === "InvalidOperation") {
    return (
      "Excel tillät inte att beslutet skrevs: bladet Omgång är skyddat och cellen är låst, eller arbetsboken är " +
      "skrivskyddad. Inget skrevs. Öppna arbetsboken för redigering och försök igen."
    );
  }
  return `Beslutet kunde inte skrivas i arbetsboken, och inget skrevs. ${inSwedish((error && error.message) || error)}`;
}

// --- the page ------------------------------------------------------------------------

let run = async () => false;
let afterDecision = ""; // what was written, said again once the register is read anew

function element(id) {
  return document.getElementById(id);
}

function make(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function clear(el) {
  while (el && el.firstChild) el.removeChild(el.firstChild);
}

function say(text, kind = "") {
  const out = element("prognos-omgang-meddelande");
  if (!out) return;
  out.textContent = text;
  out.className = `small mt-2 mb-2 prognos-meddelande ${kind}`.trim();
}

function busy(on) {
  for (const button of document.querySelectorAll("#prognos-omgang button")) {
    button.disabled = on || button.dataset.kanInte === "1";
  }
}

function offUnless(button, allowed) {
  button.disabled = !allowed;
  if (!allowed) button.dataset.kanInte = "1";
}

function decisionControls(u, li, ord) {
  const box = make("div", "prognos-beslut");
  const can = allowedDecisions(u);
  const buttons = make("div", "d-flex flex-wrap gap-2");
  const approve = make("button", "btn btn-sm btn-outline-success", "Godkänn");
  approve.type = "button";
  offUnless(approve, can.godkann);
  approve.addEventListener("click", () => decide(u, ord.godkann, null, li));
  const back = make("button", "btn btn-sm btn-outline-danger", "Skicka tillbaka …");
  back.type = "button";
  offUnless(back, can.ater);
  buttons.append(approve, back);
  if (can.varfor) box.appendChild(make("p", "small text-muted mb-0 mt-1", can.varfor));
  if (!can.godkann && !can.ater) return box; // no file yet: only the reason
  box.insertBefore(buttons, box.firstChild);

  const form = make("form", "d-none mt-2 d-grid gap-1 prognos-ater");
  const id = `prognos-kommentar-${li.dataset.rad}`;
  const label = make("label", "small mb-0", "Kommentar till enheten (vad ska rättas?)");
  label.htmlFor = id;
  const text = make("textarea", "form-control form-control-sm");
  text.id = id;
  text.rows = 3;
  text.value = u.lage_nyckel === "ater" && u.kommentar ? u.kommentar : "";
  const send = make("button", "btn btn-sm btn-danger", "Skicka tillbaka");
  send.type = "submit";
  const cancel = make("button", "btn btn-sm btn-outline-secondary", "Avbryt");
  cancel.type = "button";
  const row = make("div", "d-flex flex-wrap gap-2");
  row.append(send, cancel);
  form.append(label, text, row);
  back.addEventListener("click", () => {
    form.classList.remove("d-none");
    text.focus();
  });
  cancel.addEventListener("click", () => form.classList.add("d-none"));
  text.addEventListener("input", () => setError(li, ""));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      setError(li, "Skriv en kommentar: enheten får den i sin återkoppling och behöver veta vad som ska rättas.");
      return;
    }
    decide(u, ord.skicka_tillbaka, text.value.trim(), li);
  });
  box.appendChild(form);
  return box;
}

function setError(li, text) {
  const out = li.querySelector(".prognos-beslut-fel");
  out.textContent = text;
  out.classList.toggle("d-none", !text);
}

function unitItem(u, index, ord) {
  const li = make("li", `prognos-enhet lage-${u.lage_nyckel || "okand"}`);
  li.dataset.rad = String(index);
  li.dataset.enhet = u.verksamhetsomrade;
  const head = make("div", "d-flex justify-content-between align-items-start gap-2");
  head.append(make("strong", "prognos-enhet-namn", u.verksamhetsomrade), make("span", "prognos-lage", u.lage || "Okänt läge"));
  li.appendChild(head);
  const facts = make("dl", "prognos-fakta mb-1");
  for (const [label, value] of unitRows(u)) facts.append(make("dt", "", label), make("dd", "", value));
  li.appendChild(facts);
  li.appendChild(decisionControls(u, li, ord));
  li.appendChild(make("p", "prognos-beslut-fel d-none small mb-0 mt-1"));
  return li;
}

export function showRound(data) {
  const round = data.omgang || {};
  const list = element("prognos-enheter");
  clear(list);
  const head = element("prognos-omgang-sammanfattning");
  clear(head);
  const name = round.omgang ? `Omgång: ${round.omgang}` : "Omgången har inget namn i registret";
  head.append(make("div", "", name), make("div", "", `Svar senast: ${round.svar_senast || "inte angivet"}`));
  const remind = round.paminn || [];
  head.append(make("div", remind.length ? "fw-semibold" : "", remind.length ? `Påminn: ${remind.join(", ")}` : "Ingen enhet behöver påminnas."));
  const units = round.enheter || [];
  if (units.length === 0) head.append(make("div", "", "Registret har inga enheter än."));
  units.forEach((u, i) => list.appendChild(unitItem(u, i, round.beslutsord || {})));
  const input = element("prognos-omgang-namn");
  if (input && !input.value && round.omgang) input.value = round.omgang;
}

async function decide(u, beslut, kommentar, li) {
  setError(li, "");
  busy(true);
  let fel;
  try {
    fel = await writeDecision(u, beslut, kommentar);
  } catch (error) {
    fel = officeError(error);
  }
  if (fel) {
    setError(li, fel);
    busy(false);
    return;
  }
  const cell = cellOf(u.celler.beslut);
  afterDecision = `${u.verksamhetsomrade}: ${beslut} är skrivet i bladet ${cell.sheet}, cell ${cell.cell}.`;
  say(`${afterDecision} Statusen läses på nytt …`);
  const ok = await run("omgangsstatus");
  busy(false);
  if (!ok) {
    say(`${afterDecision} Statusen kunde inte läsas på nytt: se meddelandet överst.`, "fel");
    afterDecision = "";
  }
}

// What the server sent for a round script (over socket.io): true when it was one.
export function roundDone(data) {
  if (data.skript === "omgangsstatus") {
    showRound(data);
    // the summary above the list says what the server's one line says
    say(afterDecision ? `${afterDecision} Statusen nedan är läst på nytt.` : "", afterDecision ? "ok" : "");
    afterDecision = "";
    return true;
  }
  if (data.skript === "faststall") {
    const out = element("prognos-faststall-resultat");
    out.textContent = data.text || "";
    out.className = "small mt-2 prognos-meddelande ok";
    return true;
  }
  return false;
}

export function roundFailed(data) {
  if (data.skript === "omgangsstatus") {
    clear(element("prognos-enheter"));
    clear(element("prognos-omgang-sammanfattning"));
    say(data.text || "Omgångens status kunde inte visas.", "fel");
    afterDecision = "";
    return true;
  }
  if (data.skript === "faststall") {
    const out = element("prognos-faststall-resultat");
    out.textContent = data.text || "Prognosen kunde inte fastställas.";
    out.className = "small mt-2 prognos-meddelande fel";
    return true;
  }
  return false;
}

export function installRound(runner) {
  run = runner;
  const show = element("prognos-visa-omgang");
  if (show) {
    show.addEventListener("click", async () => {
      busy(true);
      say("Läser registret på bladet Omgång …");
      const ok = await run("omgangsstatus");
      busy(false);
      if (!ok) say("Omgångens status kunde inte hämtas: se meddelandet överst.", "fel");
    });
  }
  const form = element("prognos-faststall");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = element("prognos-faststall-resultat");
      out.textContent = "Fastställer …";
      out.className = "small mt-2";
      busy(true);
      const ok = await run("faststall", [element("prognos-omgang-namn").value.trim()]);
      busy(false);
      if (!ok) {
        out.textContent = "Prognosen kunde inte fastställas: se meddelandet överst.";
        out.className = "small mt-2 prognos-meddelande fel";
      }
    });
  }
}
