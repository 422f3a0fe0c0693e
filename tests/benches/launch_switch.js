// Loaded by launch.rs (SWITCH_JS) into Vetta's window through WebDriver's execute_async.
const done = arguments[arguments.length - 1];
const to = document.documentElement.lang === "ru" ? "en" : "ru";
const button = document.querySelector(`[data-testid=lang-${to}]`);
if (!button) { done(null); return; }
const start = performance.now();
const seen = new MutationObserver(() => {
  if (document.documentElement.lang !== to) return;
  seen.disconnect();
  requestAnimationFrame(() => done(performance.now() - start));
});
seen.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
button.click();
