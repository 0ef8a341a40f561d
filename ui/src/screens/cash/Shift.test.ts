// The cash drawer's shift screen: with no shift, the float is asked and a
// bad one is refused beside its field; open, a pay-out is recorded with its
// reason (the reasons follow the direction); the close counts by note and
// coin, a difference needs a note, and the closed shift shows its
// difference; a colleague's shift offers no close to a front-desk clerk.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Shift from "./Shift.svelte";
import type { CashMove, Session, Shift as ShiftT, ShiftClose } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const clerk: Session = { staff_id: "s1", name: "Sari", username: "sari", role: "front_desk", must_change_password: false, allowed: ["run_shift", "take_payment"] } as Session;
const shift = (over: Partial<ShiftT> = {}): ShiftT => ({
  id: "sh1", number: "SF-JKT1-K1-2026-000001", drawer: "JKT1-K1", currency: "IDR", float: "500000",
  opened_by_id: "s1", opened_by: "Sari", opened_at: "2026-11-23T01:00:00Z", closed_by: null, closed_at: null,
  expected: "650000", counted: null, difference: null, denominations: [],
  notes_and_coins: ["100000", "50000", "20000", "10000", "5000", "2000", "1000", "500", "200", "100"],
  note: null, by_method: [{ method: "cash", count: 2, amount: "150000" }, { method: "qris", count: 1, amount: "99000" }],
  cash_taken: "150000", cash_paid_back: "0", courier_cash: "0", pay_ins: "0", pay_outs: "0", moves: [],
  ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

test("a shift is opened with its float; a bad float is refused beside it", async () => {
  const opened: string[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "current_shift") return null;
    if (cmd === "shifts") return opened.length ? [shift()] : [];
    if (cmd === "open_shift") {
      const f = (args as { input: { float: string } }).input.float;
      opened.push(f);
      if (f.startsWith("-")) throw { kind: "validation", field: "float", code: "negative", message: "must not be negative" };
      return shift({ expected: "500000", by_method: [], cash_taken: "0" });
    }
    return undefined;
  });
  render(Shift, { session: clerk });
  const input = await screen.findByLabelText("Modal awal (uang kembalian)");
  await fireEvent.input(input, { target: { value: "-5" } });
  await fireEvent.click(document.getElementById("shift-open-submit")!);
  const err = await screen.findByText("Tidak boleh negatif");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("float");
  await fireEvent.input(input, { target: { value: "500.000" } });
  await fireEvent.click(document.getElementById("shift-open-submit")!);
  await tick();
  expect(opened).toEqual(["-5", "500.000"]);
  expect(document.getElementById("shift-expected")!.textContent).toBe("Rp 500.000");
  expect(document.querySelector("#shift-history [data-shift]")).toBeTruthy();
});

test("a pay-out with its reason, then a close counted by denomination with a note", async () => {
  const moves: CashMove[] = [];
  const closes: ShiftClose[] = [];
  let current = shift();
  mockIPC((cmd, args) => {
    if (cmd === "current_shift") return current;
    if (cmd === "shifts") return [current];
    if (cmd === "cash_move") {
      const m = (args as { input: CashMove }).input;
      moves.push(m);
      current = shift({ expected: "625000", pay_outs: "25000" });
      return current;
    }
    if (cmd === "close_shift") {
      const c = (args as { id: string; input: ShiftClose }).input;
      expect((args as { id: string }).id).toBe("sh1");
      closes.push(c);
      if (!c.note) throw { kind: "validation", field: "note", code: "required", message: "explain the difference" };
      return shift({ expected: "625000", pay_outs: "25000", counted: "620000", difference: "-5000", closed_at: "2026-11-23T10:00:00Z", closed_by: "Sari", note: c.note });
    }
    return undefined;
  });
  render(Shift, { session: clerk });
  await screen.findByText("Rp 650.000");
  // The reasons follow the direction.
  const reason = document.getElementById("f-move-reason") as HTMLSelectElement;
  expect([...reason.options].map((o) => o.value)).toContain("meals");
  await fireEvent.change(document.getElementById("f-move-direction")!, { target: { value: "pay_in" } });
  expect([...reason.options].map((o) => o.value)).toEqual(["change_from_bank", "petty_cash", "other"]);
  await fireEvent.change(document.getElementById("f-move-direction")!, { target: { value: "pay_out" } });
  await fireEvent.change(reason, { target: { value: "meals" } });
  await fireEvent.input(document.getElementById("f-move-amount")!, { target: { value: "25.000" } });
  await fireEvent.input(document.getElementById("f-move-note")!, { target: { value: "Nasi bungkus" } });
  await fireEvent.click(document.getElementById("cash-move-submit")!);
  await tick();
  expect(moves).toEqual([{ direction: "pay_out", reason: "meals", amount: "25.000", note: "Nasi bungkus" }]);
  expect(document.getElementById("shift-expected")!.textContent).toBe("Rp 625.000");

  // Counted by denomination: 6 × 100.000 + 2 × 10.000 = 620.000.
  await fireEvent.click(document.getElementById("f-shift-by-count")!);
  await fireEvent.input(document.getElementById("f-count-100000")!, { target: { value: "6" } });
  await fireEvent.input(document.getElementById("f-count-10000")!, { target: { value: "2" } });
  expect(document.getElementById("shift-count-total")!.textContent).toContain("Rp 620.000");
  await fireEvent.click(document.getElementById("shift-close-submit")!);
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("note");
  expect(closes[0]).toEqual({ counted: null, denominations: [{ value: "100000", count: 6 }, { value: "10000", count: 2 }], note: null });
  await fireEvent.input(document.getElementById("f-shift-note")!, { target: { value: "Kembalian salah" } });
  await fireEvent.click(document.getElementById("shift-close-submit")!);
  await tick();
  await tick();
  expect(closes).toHaveLength(2);
  expect(document.getElementById("shift-open")).toBeTruthy();
  expect(document.getElementById("shift-difference")!.textContent).toBe("-Rp 5.000");
});

test("a colleague's open shift shows its figures but no close for a clerk", async () => {
  const dewis = shift({ opened_by_id: "s2", opened_by: "Dewi" });
  mockIPC((cmd) => (cmd === "current_shift" ? dewis : cmd === "shifts" ? [] : undefined));
  render(Shift, { session: clerk });
  await screen.findByText("Rp 650.000");
  expect(document.getElementById("shift-close")).toBeNull();
  expect(document.getElementById("cash-move")).toBeTruthy();
  const admin = { ...clerk, role: "admin", allowed: ["run_shift", "manage_shifts"] } as Session;
  cleanup();
  render(Shift, { session: admin });
  await screen.findByText("SF-JKT1-K1-2026-000001", { exact: false });
  expect(document.getElementById("shift-close")).toBeTruthy();
});
