// Every action and state an `invalid_transition` error can name (the lists come from Rust through
// the bindings) reads as words in both languages: no raw code, no empty quote, no placeholder.

import { describe, expect, it } from "vitest";
import { TRANSITION_ACTIONS, TRANSITION_STATES, type TransitionAction, type TransitionState } from "../bindings";
import { dictionaries, type MessageKey } from "./dictionary";
import { errorText } from "./errors";
import { LANGS, type Lang } from "./format";

// The exported lists are exactly the generated unions: a difference does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const actionsListed: Same<(typeof TRANSITION_ACTIONS)[number], TransitionAction> = true;
const statesListed: Same<(typeof TRANSITION_STATES)[number], TransitionState> = true;

function text(lang: Lang, key: MessageKey): string {
  const message = dictionaries[lang][key];
  return typeof message === "string" ? message : "";
}

const SNAKE_CASE = /\b[a-z]+(?:_[a-z]+)+\b/;
const EMPTY_QUOTE = /“\s*”|«\s*»|"\s*"|‘\s*’|„\s*“/;

describe("invalid_transition", () => {
  it("lists every action and state from Rust", () => {
    expect(actionsListed && statesListed).toBe(true);
    expect(TRANSITION_ACTIONS.length).toBeGreaterThan(0);
    expect(TRANSITION_STATES.length).toBeGreaterThan(0);
  });

  describe.each(LANGS)("in %s", (lang) => {
    it.each(TRANSITION_ACTIONS)("names the action %s in words", (action) => {
      const words = text(lang, `action.${action}`);
      expect(words.trim(), `action.${action}`).not.toBe("");
      expect(words).not.toBe(action);
      expect(words).not.toMatch(SNAKE_CASE);
    });

    it.each(TRANSITION_STATES)("names the state %s in words", (state) => {
      const words = text(lang, `state.${state}`);
      expect(words.trim(), `state.${state}`).not.toBe("");
      expect(words).not.toBe(state);
      expect(words).not.toMatch(SNAKE_CASE);
    });

    it.each(TRANSITION_ACTIONS)("renders %s with every state as a sentence", (action) => {
      for (const state of TRANSITION_STATES) {
        const message = errorText(lang, { code: "invalid_transition", action, state });
        const where = `${action} / ${state}: ${message}`;
        expect(message, where).toContain(text(lang, `action.${action}`));
        expect(message, where).toContain(text(lang, `state.${state}`));
        expect(message, where).not.toMatch(SNAKE_CASE);
        expect(message, where).not.toMatch(EMPTY_QUOTE);
        expect(message, where).not.toMatch(/[{}]/);
        if (lang === "ru") {
          // A raw code would be Latin; the Russian sentence has none.
          expect(message, where).not.toMatch(/[A-Za-z]/);
        } else {
          if (action.includes("_")) expect(message, where).not.toContain(action);
          if (state.includes("_")) expect(message, where).not.toContain(state);
        }
      }
    });
  });
});
