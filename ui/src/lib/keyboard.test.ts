import { describe, expect, it } from "vitest";
import { en } from "../i18n/dictionary";
import { ru } from "../i18n/ru";
import { isTyping, SHORTCUTS, shortcutOf } from "./keyboard";

const body = { tagName: "BODY" } as unknown as EventTarget;
const field = (tagName: string, type?: string) => ({ tagName, type }) as unknown as EventTarget;

function press(key: string, extra: Partial<KeyboardEvent> = {}) {
  return shortcutOf({
    key,
    code: "",
    shiftKey: false,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    target: body,
    defaultPrevented: false,
    isComposing: false,
    ...extra,
  } as KeyboardEvent);
}

describe("keyboard shortcuts", () => {
  it.each([
    ["/", "search"],
    ["n", "newPartner"],
    ["N", "newPartner"],
    ["т", "newPartner"],
    ["Escape", "back"],
    ["?", "help"],
    ["x", null],
  ] as const)("%s → %s", (key, shortcut) => {
    expect(press(key)).toBe(shortcut);
  });

  it("trusts the character over the key's place (a driver may send “?” without Shift)", () => {
    expect(press("?", { code: "Slash" })).toBe("help");
    expect(press("/", { code: "Slash", shiftKey: true })).toBe("search");
  });

  it("reads the slash key by its place on a Russian layout too", () => {
    expect(press(".", { code: "Slash" })).toBe("search");
    expect(press(",", { code: "Slash", shiftKey: true })).toBe("help");
  });

  it.each([
    ["INPUT", "text"],
    ["INPUT", "search"],
    ["INPUT", undefined],
    ["TEXTAREA", undefined],
    ["SELECT", undefined],
  ])("never fires while typing in %s %s", (tag, type) => {
    const target = field(tag, type);
    expect(isTyping(target)).toBe(true);
    for (const key of ["/", "n", "Escape", "?"]) expect(press(key, { target })).toBeNull();
  });

  it("fires while a checkbox or a button has the focus", () => {
    expect(press("n", { target: field("INPUT", "checkbox") })).toBe("newPartner");
    expect(press("n", { target: field("BUTTON") })).toBe("newPartner");
    expect(press("n", { target: { tagName: "DIV", isContentEditable: true } as unknown as EventTarget })).toBeNull();
  });

  it("leaves Ctrl, Alt, ⌘ and handled presses alone", () => {
    expect(press("n", { ctrlKey: true })).toBeNull();
    expect(press("n", { altKey: true })).toBeNull();
    expect(press("n", { metaKey: true })).toBeNull();
    expect(press("Escape", { defaultPrevented: true })).toBeNull();
  });

  it("describes every shortcut in both languages", () => {
    for (const { shortcut } of SHORTCUTS) {
      expect(en[`keys.${shortcut}`]).toBeTruthy();
      expect(ru[`keys.${shortcut}`]).toBeTruthy();
    }
  });
});
