// The task pane in Swedish in every state, xlwings Server's own included: its base page
// (addin/templates/taskpane.html extends xlwings Server's base.html) carries an English
// "add-in didn't load" prompt, English close buttons and English error texts from its
// request code. Those are set here once, and every text xlwings puts into its two alert
// boxes is shown in Swedish (the original kept in parentheses when it is not one we know).
// Loaded as a module, so it runs before DOMContentLoaded, i.e. before xlwings' reload prompt
// can be shown. tests/test_taskpane_browser.py checks every state in headless Chromium.

const KNOWN = [
  [/^No response received from server$/i, "Servern svarade inte. Kontrollera nätverket och försök igen om en stund."],
  [/^Network error$/i, "Servern gick inte att nå. Kontrollera nätverket och försök igen."],
  [/^Request timed out$/i, "Servern svarade inte i tid. Försök igen; en stor arbetsbok kan ta några minuter."],
  [/^Unknown server error$/i, "Okänt fel på servern. Försök igen, och kontakta den som sköter Prognos om felet kvarstår."],
  [/will not run in your version of Office/i,
    "Tillägget fungerar inte i den här versionen av Office. Det behöver Office 2021 eller senare, eller Microsoft 365."],
  [/^Failed to fetch$|^Load failed$|NetworkError/i, "Servern gick inte att nå. Kontrollera nätverket och försök igen."],
  [/^Running '(.*)' \.\.\.$/, "Kör $1 …"],  // xlwings' status line for a sheet button
];

// Text that already is Swedish (the server's own messages are) is left as it is; text with
// English words gets a Swedish sentence first.
const SWEDISH = /[åäöÅÄÖ]|\b(och|inte|eller|att|som|finns|saknas|saknar|fel|kan|har|ska|arbetsboken|bladet|tabellen)\b/i;
const ENGLISH = /\b(the|is|are|was|not|no|could|cannot|unable|failed|error|invalid|unknown|internal|server|request|response|timeout|denied|forbidden|found|bad|gateway|unavailable)\b/i;

export function inSwedish(text) {
  const original = String(text || "").replace(/^Error:\s*/i, "").trim();
  if (!original) return "";
  for (const [pattern, swedish] of KNOWN) {
    if (pattern.test(original)) return swedish.includes("$1") ? original.replace(pattern, swedish) : swedish;
  }
  if (SWEDISH.test(original) || !ENGLISH.test(original)) return original;
  return `Ett fel uppstod i tillägget (${original}). Försök igen, och kontakta den som sköter Prognos om felet kvarstår.`;
}

function setText(selector, text) {
  const el = document.querySelector(selector);
  if (el) el.textContent = text;
}

function translateAlerts() {
  for (const id of ["global-error-alert", "global-status-alert"]) {
    const box = document.getElementById(id);
    if (!box) continue;
    const close = box.querySelector(".btn-close");
    if (close) close.setAttribute("aria-label", "Stäng");
    const span = box.querySelector("span");
    if (!span) continue;
    const translate = () => {
      const swedish = inSwedish(span.textContent);
      if (swedish !== span.textContent) span.textContent = swedish;
    };
    translate();
    new MutationObserver(translate).observe(span, { childList: true, characterData: true, subtree: true });
  }
}

function translatePage() {
  document.documentElement.lang = "sv";
  document.title = "Prognos";
  setText("#xlwings-office-ready-error .mb-3", "Tillägget kunde inte läsas in. Läs in det igen, eller stäng och öppna arbetsboken på nytt.");
  setText("#xlwings-taskpane-reload-btn", "Läs in igen");
  setText("#xlwings-taskpane-reload-cancel-btn", "Avbryt");
  translateAlerts();
}

if (typeof document !== "undefined" && document.documentElement) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", translatePage, { once: true });
  } else {
    translatePage();
  }
}
