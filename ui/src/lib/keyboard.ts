// The window's keyboard shortcuts, as pure rules (tested in keyboard.test.ts); App.svelte acts on them.

export type Shortcut = "search" | "newPartner" | "back" | "help";

/** The shortcuts in the order the help overlay lists them, with the key a person presses. */
export const SHORTCUTS: readonly { shortcut: Shortcut; key: string }[] = [
  { shortcut: "search", key: "/" },
  { shortcut: "newPartner", key: "n" },
  { shortcut: "back", key: "Esc" },
  { shortcut: "help", key: "?" },
];

/** True while a person types: a text field, a list box or anything editable has the focus. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as Partial<HTMLElement & HTMLInputElement> | null;
  if (!element || typeof element.tagName !== "string") return false;
  if (element.isContentEditable) return true;
  switch (element.tagName.toUpperCase()) {
    case "INPUT":
      return !NOT_TEXT.includes((element.type ?? "text").toLowerCase());
    case "TEXTAREA":
    case "SELECT":
      return true;
    default:
      return false;
  }
}

/** Inputs that take no typing: a shortcut still works while one of them has the focus. */
const NOT_TEXT = ["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"];

/** The shortcut a key press asks for, or null: never while typing, never with Ctrl, Alt or ⌘. */
export function shortcutOf(
  event: Pick<
    KeyboardEvent,
    "key" | "code" | "shiftKey" | "ctrlKey" | "altKey" | "metaKey" | "target" | "defaultPrevented" | "isComposing"
  >,
): Shortcut | null {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return null;
  if (isTyping(event.target)) return null;
  switch (event.key) {
    case "/":
      return "search";
    case "n":
    case "N":
    case "т": // the same key on a Russian layout
    case "Т":
      return "newPartner";
    case "Escape":
      return "back";
    case "?":
      return "help";
    default:
      // The key left of right Shift, whatever the layout (on a Russian one it types "." and ",").
      if (event.code === "Slash") return event.shiftKey ? "help" : "search";
      return null;
  }
}

/**
 * Moves the focus to the first `selector` in `main` once it is on screen (a page may load its data
 * first): checks each frame for up to about two seconds. A heading gets tabindex -1 to take it.
 */
export function focusWhenShown(selector: string, frames = 120): void {
  // The page shown: the board stays mounted, hidden, under an open dossier.
  const element = document.querySelector("main:not([hidden])")?.querySelector<HTMLElement>(selector);
  if (element) {
    if (element.tagName === "H2" && !element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
    element.focus();
    return;
  }
  if (frames > 0) requestAnimationFrame(() => focusWhenShown(selector, frames - 1));
}
