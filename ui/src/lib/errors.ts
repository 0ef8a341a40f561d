// Turns the core's typed errors into messages next to the right field.
import type { Error as CoreError } from "../api";
import { t } from "../i18n/index.svelte";

export type FieldErrors = Record<string, string>;

/** The translated message for an error (validation codes first, then kinds). */
export function message(e: CoreError): string {
  if (e.kind === "validation" || e.kind === "invalidState" || e.kind === "unauthorized") {
    const key = `err.${e.code}`;
    const text = t(key);
    if (text !== key) return text;
  }
  const byKind = t(`err.${e.kind}`);
  return byKind.startsWith("err.") ? e.message : byKind;
}

/**
 * Splits an error into per-field messages and a form-level one. `fieldMap`
 * renames core field names to the form's, e.g. `profile.name` → `name`.
 */
export function explain(e: CoreError, known: string[]): { fields: FieldErrors; form: string | null } {
  if (e.kind === "validation" && known.includes(e.field)) {
    return { fields: { [e.field]: message(e) }, form: null };
  }
  return { fields: {}, form: message(e) };
}
