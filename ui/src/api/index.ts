// The one seam between the UI and the Rust core: nothing else imports @tauri-apps/*.
// Every call returns the command's value or throws the core's typed Error.
import { invoke } from "@tauri-apps/api/core";
import type * as B from "./bindings";

export type * from "./bindings";

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asError(e);
  }
}

/** Normalises whatever the IPC threw into the core's Error shape. */
export function asError(e: unknown): B.Error {
  if (e && typeof e === "object" && "kind" in e) return e as B.Error;
  return { kind: "storage", message: String(e) };
}

export const api = {
  status: () => call<B.AppStatus>("app_status"),
  setup: (input: B.SetupInput) => call<B.Session>("setup_shop", { input }),
  login: (username: string, password: string) => call<B.Session>("login", { username, password }),
  logout: () => call<void>("logout"),
  shop: () => call<B.ShopProfile>("shop_profile"),
  updateShop: (profile: B.ShopProfile) => call<B.ShopProfile>("update_shop", { profile }),
  staff: () => call<B.StaffMember[]>("list_staff"),
  addStaff: (input: B.NewStaff) => call<B.StaffMember>("add_staff", { input }),
  findCustomers: (query: string) => call<B.Customer[]>("find_customers", { query }),
  createCustomer: (input: B.NewCustomer) => call<B.Customer>("create_customer", { input }),
  intake: (input: B.IntakeInput) => call<B.TicketDetail>("intake", { input }),
  ticket: (id: string) => call<B.TicketDetail>("ticket", { id }),
  changeStatus: (id: string, to: B.TicketStatus, note: string | null) =>
    call<B.TicketDetail>("change_status", { id, to, note }),
  addNote: (id: string, note: string) => call<B.TicketDetail>("add_note", { id, note }),
  unlockSecret: (id: string) => call<string | null>("unlock_secret", { id }),
  setQuote: (id: string, lines: B.LineInput[]) => call<B.TicketDetail>("set_quote", { id, lines }),
  decideQuote: (id: string, decision: B.QuoteDecision) => call<B.TicketDetail>("decide_quote", { id, decision }),
  pickup: (id: string, input: B.PickupInput) => call<B.PickupResult>("pickup_ticket", { id, input }),
  board: (query: B.BoardQuery) => call<B.TicketSummary[]>("board_tickets", { query }),
  findForPickup: (text: string) => call<B.TicketSummary[]>("find_for_pickup", { text }),
  holidays: () => call<B.Holiday[]>("holidays"),
  addHoliday: (input: B.HolidayInput) => call<B.Holiday>("add_holiday", { input }),
  removeHoliday: (date: string) => call<void>("remove_holiday", { date }),
  workingHours: () => call<B.DayHoursInput[]>("working_hours"),
  setWorkingHours: (days: B.DayHoursInput[]) => call<B.DayHoursInput[]>("set_working_hours", { days }),
  verifyAudit: () => call<B.AuditCheck>("verify_audit"),
  backupNow: (keep: number) => call<B.BackupInfo | null>("backup_now", { keep }),
  restoreBackup: () => call<string | null>("restore_backup"),
  openDocument: (id: string, kind: B.DocKind) => call<string>("open_document", { id, kind }),
  saveDocument: (id: string, kind: B.DocKind) => call<string | null>("save_document", { id, kind }),
};
