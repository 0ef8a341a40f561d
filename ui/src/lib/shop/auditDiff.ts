// Turns an audit entry's before/after JSON into lines a person reads:
// "role: technician → front_desk". Creations and events show their content.
export type Change = { key: string; before: string | null; after: string };

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function changes(beforeText: string | null, afterText: string): Change[] {
  const before = parse(beforeText);
  const after = parse(afterText);
  if (!isObject(after)) return [{ key: "", before: beforeText === null ? null : show(before), after: show(after) }];
  const out: Change[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (value === null || value === undefined) continue;
    if (isObject(before)) {
      if (show(before[key]) === show(value)) continue;
      out.push({ key, before: key in before ? show(before[key]) : null, after: show(value) });
    } else {
      out.push({ key, before: null, after: show(value) });
    }
  }
  // What the change left alone is context: shown as it was, without an arrow.
  if (isObject(before)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) out.push({ key, before: null, after: show(before[key]) });
    }
  }
  return out;
}
