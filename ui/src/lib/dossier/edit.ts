// Building a full "edit partner" request from what is on screen: the core replaces the whole
// profile, so every field not being edited is carried over unchanged.

import type { Lang } from "../../i18n/format";
import { numberProblemText } from "../../i18n/input";
import { parseNumber, type NumberProblem } from "../number";
import type { Contact, Partner, PartnerEditInput, SignalsInput } from "../types";

export function editOf(partner: Partner, changes: Partial<PartnerEditInput> = {}): PartnerEditInput {
  return {
    id: partner.id,
    name: partner.name,
    kind: partner.kind,
    markets: [...partner.markets],
    homeTimeZone: partner.homeTimeZone,
    languages: [...partner.languages],
    contacts: partner.contacts.map((c) => ({ ...c })),
    foundVia: partner.foundVia,
    notes: partner.notes,
    signals: { ...partner.signals, caseStudies: partner.signals.caseStudies.map((c) => ({ ...c })) },
    frameworkId: null,
    ...changes,
  };
}

/** "Anna — anna@example.org" lines ↔ contacts. A line without a dash is a name only. */
export function parseContacts(text: string): Contact[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [name, ...rest] = line.split(/\s+[—–-]\s+/);
      return { name: (name ?? "").trim(), detail: rest.join(" — ").trim() };
    });
}

export function formatContacts(contacts: Contact[]): string {
  return contacts.map((c) => (c.detail ? `${c.name} — ${c.detail}` : c.name)).join("\n");
}

/** "ru, en" ↔ ["ru", "en"]. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A count's text: empty means "not known" (null); anything else must read as a whole number ≥ 0. */
export function parseCount(text: string, lang: Lang): number | null | NumberProblem {
  if (text.trim() === "") return null;
  const read = parseNumber(text, lang, { whole: true });
  return read.ok ? read.value : read;
}

/** What the signals form names each count by (its visible label), to say what cannot be read. */
export type SignalLabels = { caseStudies: (market: string) => string; months: string; references: string };

export function signalsEdit(
  caseStudies: Record<string, string>,
  months: string,
  failures: "" | "yes" | "no",
  crossMarket: "" | "yes" | "no",
  references: string,
  lang: Lang,
  labels: SignalLabels,
): SignalsInput | { invalid: string; message: string } {
  const problem = (invalid: string, label: string, typed: string, p: NumberProblem) => ({
    invalid,
    message: numberProblemText(lang, label, typed, p),
  });
  const cs: { market: string; count: number }[] = [];
  for (const [market, text] of Object.entries(caseStudies)) {
    const n = parseCount(text, lang);
    if (typeof n === "object" && n !== null) {
      return problem(`caseStudies.${market}`, labels.caseStudies(market), text, n);
    }
    if (n !== null) cs.push({ market, count: n });
  }
  const m = parseCount(months, lang);
  if (typeof m === "object" && m !== null) return problem("longestRelationshipMonths", labels.months, months, m);
  const r = parseCount(references, lang);
  if (typeof r === "object" && r !== null) return problem("creatorReferences", labels.references, references, r);
  const yn = (v: "" | "yes" | "no") => (v === "" ? null : v === "yes");
  return {
    caseStudies: cs,
    longestRelationshipMonths: m,
    showedFailures: yn(failures),
    crossMarketExperience: yn(crossMarket),
    creatorReferences: r,
  };
}
