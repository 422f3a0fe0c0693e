// Every reason code renders its own sentence in both languages, with its own parameters: flags and
// criteria by their labels, phases and causes translated. The texts are the ones shown before
// reasons became a tagged union (the same dictionary entries with the same parameters).

import { afterEach, describe, expect, it } from "vitest";
import type { Reason } from "./types";
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
  missing_basics: {
    code: "missing_basics",
    count: 3,
    campaign: 3,
    gaps: [
      { basic: "deadlines_with_notice", count: 1 },
      { basic: "revisions_within_limit", used: 3, limit: 2 },
    ],
  },
  deliverables_on_scope: { code: "deliverables_on_scope" },
  revisions_over_limit: { code: "revisions_over_limit", used: 3, limit: 2 },
  delivered_late: { code: "delivered_late", withNotice: 0, withoutNotice: 1 },
  metrics_missed: { code: "metrics_missed", market: "US", count: 1 },
  next_campaign: { code: "next_campaign", number: 2, of: 3 },
  campaign_running: { code: "campaign_running", number: 3, of: 3 },
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
    signals_strong: "Strong pre-pilot signals: 4 (3 needed to advance).",
    signals_weak: "Only 1 pre-pilot signal is strong; advancing needs 3.",
    no_scorecards: "No one has scored “Gut check” yet.",
    waiting_for_reviewers: "Waiting for reviewers: 1 of the 2 the framework needs have scored “Gut check”.",
    scores_hidden:
      "Blind scoring: reviewers who have scored “Gut check” so far: 2. Their answers and the gate show once you save yours.",
    gate_passed: "“Gut check” is passed: 2 of 3 points (Fit; Speed).",
    threshold_missed: "“Gut check” is not passed: 2 of 3 points. Missed: Speed",
    no_pilot: "No pilot has been scoped yet.",
    metrics_agreed: "Success metrics were agreed before the start.",
    metrics_not_agreed: "Success metrics were not agreed before the pilot started — a red flag.",
    pilot_running: "The pilot is running.",
    deliverables_not_on_scope: "Some deliverables were significantly below scope.",
    pilot_gate_passed: "Clear alignment, delivered on scope: the pilot gate is passed.",
    failure_cause: "Failure cause: Execution (fixable).",
    missing_basics:
      "Still missing the basics after 3 campaigns — campaign 3: 1 deliverable late without notice; 3 revision rounds with 2 allowed.",
    deliverables_on_scope: "Every deliverable delivered on scope.",
    revisions_over_limit: "Revision rounds over the limit: 3 used, 2 allowed.",
    delivered_late: "Delivered late without notice: 1.",
    metrics_missed: "US: 1 metric below its target.",
    next_campaign: "Scope and run campaign 2 of 3.",
    campaign_running: "Campaign 3 of 3 is running.",
    ladder_next: "Next step on the ladder: from 1 to 3 campaigns.",
    ladder_top: "Already at the top of the ladder (5 campaigns).",
    scaled: "Scaled to 3 campaigns.",
  },
  ru: {
    dealbreaker: "Открыт стоп-фактор: Missed deadline.",
    dealbreaker_overridden: "Стоп-фактор «Missed deadline»: риск принят с письменным обоснованием.",
    warning_flag: "Открыт флаг-предупреждение: Missed deadline.",
    walked: "Команда уже решила отказаться.",
    signals_strong: "Сильных сигналов до пилота: 4 (нужно 3).",
    signals_weak: "До пилота только 1 сильный сигнал, а нужно 3.",
    no_scorecards: "Этап «Первичная проверка» ещё никто не оценил.",
    waiting_for_reviewers: "Ждём оценщиков: этап «Первичная проверка» оценили 1 из 2, нужных по методике.",
    scores_hidden:
      "Оценка вслепую: этап «Первичная проверка» уже оценили (оценщиков: 2); их ответы и итог появятся, когда вы сохраните свои.",
    gate_passed: "Этап «Первичная проверка» пройден: 2 из 3 баллов (Fit; Speed).",
    threshold_missed: "Этап «Первичная проверка» не пройден: 2 из 3 баллов. Не выполнено: Speed",
    no_pilot: "Рамки пилота ещё не заданы.",
    metrics_agreed: "Метрики успеха согласованы до старта.",
    metrics_not_agreed: "Метрики успеха не согласованы до старта пилота — тревожный знак.",
    pilot_running: "Пилот идёт.",
    deliverables_not_on_scope: "Часть материалов заметно не дотягивает до рамок пилота.",
    pilot_gate_passed: "Цели совпали, материалы сданы в рамках пилота: пилот пройден.",
    failure_cause: "Причина неудачи: Исполнение (исправимо).",
    missing_basics:
      "Кампаний уже 3, а основы всё ещё не налажены — кампания 3: материалов сдано с опозданием без предупреждения: 1; раундов правок: 3, допустимо: 2.",
    deliverables_on_scope: "Все материалы сданы в рамках пилота.",
    revisions_over_limit: "Раунды правок сверх лимита: использовано 3, допустимо 2.",
    delivered_late: "Сдано с опозданием без предупреждения: 1.",
    metrics_missed: "Рынок US: метрик ниже цели: 1.",
    next_campaign: "Рамки и запуск кампании 2 из 3.",
    campaign_running: "Идёт кампания 3 из 3.",
    ladder_next: "Следующая ступень: с 1 до 3 кампаний.",
    ladder_top: "Выше ступеней нет: кампаний уже 5.",
    scaled: "Число кампаний увеличено до 3.",
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

  it.each([
    ["en", 0, "None of the pre-pilot signals is strong yet; advancing needs 3."],
    ["en", 2, "Only 2 pre-pilot signals are strong; advancing needs 3."],
    ["ru", 0, "Сильных сигналов до пилота пока нет, а нужно 3."],
    ["ru", 2, "До пилота только 2 сильных сигнала, а нужно 3."],
    ["ru", 21, "До пилота только 21 сильный сигнал, а нужно 3."],
    ["ru", 5, "До пилота только 5 сильных сигналов, а нужно 3."],
  ] as const)("says %s %i weak signals with the plural form (never “только 0”)", (lang, count, text) => {
    locale.lang = lang;
    expect(reasonText({ code: "signals_weak", count, needed: 3 }, labels)).toBe(text);
  });

  it.each([
    ["en", 2, 0, "Delivered late, with notice given: 2."],
    ["en", 1, 3, "Delivered late: 3 without notice, 1 with notice."],
    ["ru", 2, 0, "Сдано с опозданием, но с предупреждением: 2."],
    ["ru", 1, 3, "Сдано с опозданием: без предупреждения — 3, с предупреждением — 1."],
  ] as const)(
    "says lateness in %s without a zero part (%i with, %i without notice)",
    (lang, withNotice, withoutNotice, text) => {
      locale.lang = lang;
      expect(reasonText({ code: "delivered_late", withNotice, withoutNotice }, labels)).toBe(text);
    },
  );

  it("names no criteria as a dash", () => {
    expect(reasonText({ ...samples.threshold_missed, criteria: [] }, labels)).toBe(
      "“Gut check” is not passed: 2 of 3 points. Missed: —",
    );
  });
});
