// A service order form's errors: every validation error goes next to its
// field (an item of a list, `checklist.2`, next to the list); the rest is
// the form's.
import type { Error as CoreError } from "../../api";
import { message, type FieldErrors } from "../errors";

const LISTS = ["checklist", "acceptance_criteria"];

export function place(e: CoreError): { fields: FieldErrors; form: string | null } {
  if (e.kind !== "validation") return { fields: {}, form: message(e) };
  const top = e.field.split(".")[0];
  const field = LISTS.includes(top) ? top : e.field;
  return { fields: { [field]: message(e) }, form: null };
}
