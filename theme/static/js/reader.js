// Reader controls: text size (three steps), colours (device, light, dark) and high contrast.
// The choice is applied to <html> data attributes (styled in site.css) and kept in localStorage only.

const KEY = "reader-settings";
const DEFAULTS = { text: "normal", theme: "auto", contrast: "normal" };

function load() {
  try {
    return { ...DEFAULTS, ...JSON.parse(window.localStorage.getItem(KEY) || "{}") };
  } catch {
    return { ...DEFAULTS };
  }
}

function save(settings) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage blocked: the settings still apply to this page.
  }
}

function apply(settings) {
  const root = document.documentElement;
  for (const [name, off] of [["text", "normal"], ["theme", "auto"], ["contrast", "normal"]]) {
    if (settings[name] === off) delete root.dataset[name];
    else root.dataset[name] = settings[name];
  }
}

function setUp(controls) {
  const settings = load();
  controls.querySelector(`input[name="reader-text"][value="${settings.text}"]`).checked = true;
  controls.querySelector(`input[name="reader-theme"][value="${settings.theme}"]`).checked = true;
  controls.querySelector('input[name="reader-contrast"]').checked = settings.contrast === "high";
  controls.addEventListener("change", (event) => {
    const input = event.target;
    const name = input.name.replace("reader-", "");
    settings[name] = input.type === "checkbox" ? (input.checked ? "high" : "normal") : input.value;
    apply(settings);
    save(settings);
  });
  controls.hidden = false;
}

document.querySelectorAll("[data-reader-controls]").forEach(setUp);
