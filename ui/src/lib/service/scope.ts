// The scope form's own shape and its reading into the core's ServiceScope:
// amounts and lists as typed, the field that cannot be read named.

import type { ServiceScope } from "../../api";

// The form's own shape: amounts and lists as typed, turned into the
// core's scope by `toScope` (which says which field cannot be read).
export type LineDraft = { kind: "part" | "labour" | "fee"; description: string; qty: string; unit_price: string };
export type MilestoneDraft = { title: string; planned_on: string; deliverable: string; pay_percent: string };
export type ScopeDraft = {
  title: string; requirements: string; checklist: string; site_address: string;
  lines: LineDraft[]; milestones: MilestoneDraft[]; criteria: string;
  deposit_percent: string; support_days: string; support_scope: string; terms: string;
};

export function emptyDraft(): ScopeDraft {
  return {
    title: "", requirements: "", checklist: "", site_address: "",
    lines: [{ kind: "part", description: "", qty: "1", unit_price: "" }],
    milestones: [{ title: "", planned_on: "", deliverable: "", pay_percent: "0" }],
    criteria: "", deposit_percent: "30", support_days: "90", support_scope: "", terms: "",
  };
}

export function fromScope(s: ServiceScope): ScopeDraft {
  return {
    title: s.title, requirements: s.requirements, checklist: s.checklist.join("\n"), site_address: s.site_address,
    lines: s.lines.map((l) => ({ kind: l.kind, description: l.description, qty: l.qty, unit_price: l.unit_price })),
    milestones: s.milestones.map((m) => ({ ...m, pay_percent: String(m.pay_percent) })),
    criteria: s.acceptance_criteria.join("\n"), deposit_percent: String(s.deposit_percent),
    support_days: String(s.support_days), support_scope: s.support_scope, terms: s.terms,
  };
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
/** "1.250.000" or "1250000,50" as the core's decimal; null when it is not a number. */
export function decimal(typed: string): string | null {
  const v = typed.trim().replace(/^Rp\s*/i, "").replace(/[.\s]/g, "").replace(",", ".");
  return /^\d{1,16}(\.\d{1,3})?$/.test(v) ? v : null;
}
const whole = (typed: string) => (/^\d{1,4}$/.test(typed.trim()) ? Number(typed.trim()) : -1);

/** The core's scope, or the field that cannot be read as a number. */
export function toScope(d: ScopeDraft): { scope: ServiceScope } | { field: string } {
  for (const [i, l] of d.lines.entries()) {
    if (decimal(l.qty) === null) return { field: `lines.${i}.qty` };
    if (decimal(l.unit_price) === null) return { field: `lines.${i}.unit_price` };
  }
  for (const [i, m] of d.milestones.entries()) if (whole(m.pay_percent) < 0) return { field: `milestones.${i}.pay_percent` };
  if (whole(d.deposit_percent) < 0) return { field: "deposit_percent" };
  if (whole(d.support_days) < 0) return { field: "support_days" };
  return {
    scope: {
      title: d.title, requirements: d.requirements, checklist: lines(d.checklist), site_address: d.site_address,
      lines: d.lines.map((l) => ({ kind: l.kind, description: l.description, qty: decimal(l.qty)!, unit_price: decimal(l.unit_price)!, discount: "0" })),
      milestones: d.milestones.map((m) => ({ title: m.title, planned_on: m.planned_on, deliverable: m.deliverable, pay_percent: whole(m.pay_percent) })),
      acceptance_criteria: lines(d.criteria), deposit_percent: whole(d.deposit_percent),
      support_days: whole(d.support_days), support_scope: d.support_scope, terms: d.terms,
    },
  };
}
