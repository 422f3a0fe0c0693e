// Every reason code renders its own sentence in both languages, with its own parameters: flags and
// criteria by their labels, phases and causes translated. The texts are the ones shown before
// reasons became a tagged union (the same dictionary entries with the same parameters).

import { afterEach, describe, expect, it } from "vitest";
import type { Reason } from "../bindings";
import { locale } from "../i18n/index.svelte";
import type { Lang } from "../i18n/format";
import { reasonText, type Labels } from "./lifecycle";

const labels: Labels = {
  criterion: (key) => ({ fit: "Fit", speed: "Speed" })[key] ?? key,
  flagKind: (key) => (key === "late" ? "Missed deadline" : key),
};

const flag = { flagId: "f1", flagKind: "late" };
const gate = { phase: "gut_check", criteria: ["fit", "speed"], passedWeight: 2, threshold: 3 } as const;

/** One reason of every code: a code missing here does not compile. */
const samples: { [C in Reason["code"]]: Extract<Reason, { code: C }> } = {
  dealbreaker: { code: "dealbreaker", ...flag },
  dealbreaker_overridden: { code: "dealbreaker_overridden", ...flag },
  warning_flag: { code: "warning_flag", ...flag },
  walked: { code: "walked" },
  signals_strong: { code: "signals_strong", count: 4, needed: 3 },
  signals_weak: { code: "signals_weak", count: 1, needed: 3 },
  no_scorecards: { code: "no_scorecards", phase: "gut_check" },
  waiting_for_reviewers: { code: "waiting_for_reviewers", phase: "gut_check", count: 1, needed: 2 },
  scores_hidden: { code: "scores_hidden", phase: "gut_check", count: 2 },
  gate_passed: { code: "gate_passed", ...gate, criteria: ["fit", "speed"] },
  threshold_missed: { code: "threshold_missed", ...gate, criteria: ["speed"] },
  no_pilot: { code: "no_pilot" },
  metrics_agreed: { code: "metrics_agreed" },
  metrics_not_agreed: { code: "metrics_not_agreed" },
  pilot_running: { code: "pilot_running" },
  deliverables_not_on_scope: { code: "deliverables_not_on_scope" },
  pilot_gate_passed: { code: "pilot_gate_passed" },
  failure_cause: { code: "failure_cause", cause: "execution" },
  missing_basics: { code: "missing_basics", count: 2 },
  ladder_next: { code: "ladder_next", count: 1, needed: 3 },
  ladder_top: { code: "ladder_top", count: 5 },
  scaled: { code: "scaled", count: 3 },
};

const expected: Record<Lang, Record<Reason["code"], string>> = {
  en: {
    dealbreaker: "Dealbreaker flag open: Missed deadline.",
    dealbreaker_overridden: "Dealbreaker “Missed deadline” was overridden with a written reason.",
    warning_flag: "Warning flag open: Missed deadline.",
    walked: "The team already decided to walk away.",
    signals_strong: "4 of the pre-pilot signals are strong (3 needed to advance).",
    signals_weak: "Only 1 pre-pilot signals are strong; 3 are needed to advance.",
    no_scorecards: "No one has scored the Gut check yet.",
    waiting_for_reviewers: "Waiting for reviewers: 1 of the 2 the methodology needs have scored the Gut check.",
    scores_hidden:
      "Blind scoring: reviewers who have scored the Gut check so far: 2. Their answers and the gate show once you save yours.",
    gate_passed: "The Gut check gate is passed: 2 of 3 points (Fit; Speed).",
    threshold_missed: "The Gut check gate is not passed: 2 of 3 points. Missed: Speed",
    no_pilot: "No pilot has been scoped yet.",
    metrics_agreed: "Success metrics were agreed before the start.",
    metrics_not_agreed: "Success metrics were not agreed before the pilot started — a red flag.",
    pilot_running: "The pilot is running.",
    deliverables_not_on_scope: "Some deliverables were significantly below scope.",
    pilot_gate_passed: "Clear alignment, delivered on scope: the pilot gate is passed.",
    failure_cause: "Failure cause: Execution (fixable).",
    missing_basics: "Still missing basics after 2 campaigns.",
    ladder_next: "Next step on the ladder: from 1 to 3 campaigns.",
    ladder_top: "Already at the top of the ladder (5 campaigns).",
    scaled: "Scaled to 3 campaigns.",
  },
  ru: {
    dealbreaker: "Открыт флаг-стоп: Missed deadline.",
    dealbreaker_overridden: "Флаг-стоп «Missed deadline» отменён с письменной причиной.",
    warning_flag: "Открыт предупреждающий флаг: Missed deadline.",
    walked: "Команда уже решила отказаться.",
    signals_strong: "Сильных сигналов до пилота: 4 (нужно 3).",
    signals_weak: "Сильных сигналов до пилота только 1; нужно 3.",
    no_scorecards: "Этап «Первичная проверка» ещё никто не оценил.",
    waiting_for_reviewers: "Ждём оценщиков: этап «Первичная проверка» оценили 1 из 2, нужных по методике.",
    scores_hidden:
      "Оценка вслепую: этап «Первичная проверка» уже оценили (оценщиков: 2); их ответы и итог появятся, когда вы сохраните свои.",
    gate_passed: "Этап «Первичная проверка» пройден: 2 из 3 баллов (Fit; Speed).",
    threshold_missed: "Этап «Первичная проверка» не пройден: 2 из 3 баллов. Не выполнено: Speed",
    no_pilot: "Пилот ещё не спланирован.",
    metrics_agreed: "Метрики успеха согласованы до старта.",
    metrics_not_agreed: "Метрики успеха не согласованы до старта пилота — тревожный знак.",
    pilot_running: "Пилот идёт.",
    deliverables_not_on_scope: "Часть материалов заметно ниже оговорённого объёма.",
    pilot_gate_passed: "Полное согласие, сделано в оговорённом объёме: пилот пройден.",
    failure_cause: "Причина неудачи: Исполнение (исправимо).",
    missing_basics: "После 2 кампаний всё ещё не хватает основ.",
    ladder_next: "Следующая ступень: с 1 до 3 кампаний.",
    ladder_top: "Уже верхняя ступень (5 кампаний).",
    scaled: "Масштабировано до 3 кампаний.",
  },
};

describe("reasonText", () => {
  afterEach(() => {
    locale.lang = "en";
  });

  describe.each(["en", "ru"] as const)("in %s", (lang) => {
    it.each(Object.values(samples))("renders $code", (reason) => {
      locale.lang = lang;
      expect(reasonText(reason, labels)).toBe(expected[lang][reason.code]);
    });
  });

  it("names no criteria as a dash", () => {
    expect(reasonText({ ...samples.threshold_missed, criteria: [] }, labels)).toBe(
      "The Gut check gate is not passed: 2 of 3 points. Missed: —",
    );
  });
});
