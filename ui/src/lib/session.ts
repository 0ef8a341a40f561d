// What the signed-in staff member may do, as the core's permission matrix
// says (sent with the session). Hiding is a convenience; the core enforces.
import type { Action, Session } from "../api";

export function can(session: Session | null, action: Action): boolean {
  return !!session && session.allowed.includes(action);
}
