// Loaded by interact.rs into Vetta's window through WebDriver's execute_async: one timed
// interaction. arguments: act (JS run at the clock's start: the input event), check (JS returning
// true once the screen shows the result), settle (ms after the result during which IPC calls still
// count), timeout (ms). Answers { ms, ipc, commands } or { error }. interact.rs puts act and check
// in front of this script as the functions __act and __check: the release page's CSP has no
// 'unsafe-eval', so `new Function(check)` here was refused and stopped the bench.
// The clock: performance.now() just before the input event → the MutationObserver callback (or
// the synchronous check right after the event) in which `check` first holds.
const done = arguments[arguments.length - 1];
const [act, check, settle, timeout] = arguments;
if (!window.__benchIpc) {
  // Every command goes through Tauri's IPC custom protocol (a fetch of ipc://localhost/<command>):
  // counted here, as the page sends them.
  const ipc = { count: 0, commands: [] };
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    if (/^(ipc:|http:\/\/ipc\.localhost)/.test(url)) {
      ipc.count += 1;
      ipc.commands.push(decodeURIComponent(url.split("/").pop()));
    }
    return fetch(input, init);
  };
  window.__benchIpc = ipc;
}
const ipc = window.__benchIpc;
const isDone = __check;
const before = ipc.count;
let finished = false;
let observer = null;
let timer = null;
function finish(ms) {
  if (finished) return;
  finished = true;
  if (observer) observer.disconnect();
  clearTimeout(timer);
  setTimeout(() => done({ ms, ipc: ipc.count - before, commands: ipc.commands.slice(before) }), settle);
}
const start = performance.now();
observer = new MutationObserver(() => {
  if (!finished && isDone()) finish(performance.now() - start);
});
observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
timer = setTimeout(() => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  done({ error: `timed out: ${check}` });
}, timeout);
try {
  __act();
} catch (e) {
  finished = true;
  observer.disconnect();
  clearTimeout(timer);
  done({ error: String(e) });
}
if (!finished && isDone()) finish(performance.now() - start);
