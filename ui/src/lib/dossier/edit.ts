// Building a full "edit partner" request from what is on screen: the core replaces the whole
// profile, so every field not being edited is carried over unchanged.

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

/** A number field's text: empty means "not known" (null); anything else must be a whole number ≥ 0. */
export function parseCount(text: string | number | null | undefined): number | null | "invalid" {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  if (s === "") return null;
  if (!/^\d+$/.test(s)) return "invalid";
  return Number(s);
}

export function signalsEdit(
  caseStudies: Record<string, string>,
  months: string,
  failures: "" | "yes" | "no",
  crossMarket: "" | "yes" | "no",
  references: string,
): SignalsInput | { invalid: string } {
  const cs: { market: string; count: number }[] = [];
  for (const [market, text] of Object.entries(caseStudies)) {
    const n = parseCount(text);
    if (n === "invalid") return { invalid: `caseStudies.${market}` };
    if (n !== null) cs.push({ market, count: n });
  }
  const m = parseCount(months);
  if (m === "invalid") return { invalid: "longestRelationshipMonths" };
  const r = parseCount(references);
  if (r === "invalid") return { invalid: "creatorReferences" };
  const yn = (v: "" | "yes" | "no") => (v === "" ? null : v === "yes");
  return {
    caseStudies: cs,
    longestRelationshipMonths: m,
    showedFailures: yn(failures),
    crossMarketExperience: yn(crossMarket),
    creatorReferences: r,
  };
}
