// Prognos: ribbon buttons and task pane (Swedish).
//
// The manifest declares a shared runtime, so the ribbon buttons (ExecuteFunction)
// run in this page's JavaScript context even while the task pane is hidden. Every
// script goes through xlwings' runPython (the book is sent to the server, the
// returned actions are applied to the workbook); the task pane's socket.io id goes
// along so that the server can report progress to this pane.

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
};

export async function kor(skript, argument = []) {
  const steg = element("prognos-steg");
  clear(steg);
  addStep(`${NAMES[skript] || skript}: skickar arbetsboken till servern`);
  show("prognos-status", true);
  const auth = await authentication();
  await globalThis.xlwings.runPython({
    scriptName: skript,
    args: [...argument, socketId()],
    auth: auth.token,
    headers: { "Auth-Provider": auth.provider },
  });
  addStep("Klart");
}

function addStep(text) {
  const steg = element("prognos-steg");
  if (!steg) return;
  const li = document.createElement("li");
  li.textContent = text;
  steg.appendChild(li);
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
  const antal = element("prognos-resultat-antal");
  antal.textContent = failed ? "" : `${data.fel || 0} fel, ${data.varningar || 0} varningar.`;
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
  globalThis.socket.on("prognos:klart", (data) => showResult(data));
  globalThis.socket.on("prognos:fel", (data) => showResult(data, true));
}

// Ribbon buttons
function ribbon(name, run) {
  Office.actions.associate(name, async (event) => {
    try {
      await run();
    } finally {
      event.completed();
    }
  });
}

ribbon("prognos-uppdatera", () => kor("uppdatera_prognos"));
ribbon("prognos-validera", () => kor("validera"));
ribbon("prognos-aterrapportering", () => kor("aterrapportering"));
ribbon("prognos-inskickade", async () => {
  await Office.addin.showAsTaskpane();
  const section = element("prognos-inskickade");
  if (section) section.scrollIntoView();
  const input = element("prognos-filer");
  if (input) input.focus();
});

// Skapa rapport: the server makes the Word document under this pane's own random key; the
// link fetches it with the same authentication as every call and saves it as a file.
async function skapaRapport() {
  const nyckel = crypto.randomUUID().replaceAll("-", "");
  await kor("skapa_rapport", [nyckel]);
  const url = `${appPath}/prognos/rapport/${nyckel}`;
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
  await skapaRapport();
});
const rapportKnapp = element("prognos-skapa-rapport");
if (rapportKnapp) {
  rapportKnapp.addEventListener("click", async () => {
    rapportKnapp.disabled = true;
    try {
      await skapaRapport();
    } finally {
      rapportKnapp.disabled = false;
    }
  });
}

// Task pane buttons
for (const button of document.querySelectorAll("[data-prognos-skript]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await kor(button.dataset.prognosSkript);
    } finally {
      button.disabled = false;
    }
  });
}

// Upload of submitted workbooks
const form = element("prognos-uppladdning");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = element("prognos-inskickade-resultat");
    clear(out);
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
      out.textContent = `Uppladdningen misslyckades: ${error.message || error}`;
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
    const write = document.createElement("button");
    write.type = "button";
    write.className = "btn btn-sm btn-primary";
    write.textContent = "Skriv rapporten i arbetsboken";
    write.addEventListener("click", () => kor("validera_inskickade", [data.uppladdning]));
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
    const namespace = (globalThis.config && globalThis.config.functionsNamespace) || "PROGNOS";
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
  }
}
listFunctions();
