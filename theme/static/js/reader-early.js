// Apply the visitor's saved display settings before the page is drawn (no flash of the defaults).
// Settings live only in this browser's localStorage; nothing is sent anywhere.
(function () {
  try {
    var saved = JSON.parse(window.localStorage.getItem("reader-settings") || "{}");
    var root = document.documentElement;
    if (saved.text === "large" || saved.text === "largest") root.dataset.text = saved.text;
    if (saved.theme === "light" || saved.theme === "dark") root.dataset.theme = saved.theme;
    if (saved.contrast === "high") root.dataset.contrast = "high";
  } catch (error) {
    // Storage can be blocked (private mode): the page simply keeps its defaults.
  }
})();
