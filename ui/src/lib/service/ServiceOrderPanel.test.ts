// A service order at the counter: amounts typed the Indonesian way reach
// the core as decimals (a word in a price is refused at its field); a
// confirmed order shows the down payment still owed beside the start; the
// core's refusal of a start lands as the form's message; the customer's
// approval by WhatsApp sends the revision shown with its reference; a
// handover criterion the core refuses is marked at its row.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ServiceOrderPanel from "./ServiceOrderPanel.svelte";
import { decimal, emptyDraft, toScope } from "./scope";
import type { ServiceOrder, ServiceStatus } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const order = (status: ServiceStatus, owed = "0"): ServiceOrder => ({
  id: "o1", number: "PJ-JKT1-K1-2026-000001", confirmation: "KP-JKT1-K1-2026-000001", tracking_code: "K7QM-4TXA", customer_id: "c1",
  customer_name: "PT Gudang Darma", customer_phone: "081377788899", channel: "whatsapp", status, revision: 2,
  accepted_revision: status === "proposed" ? 1 : 2,
  scope: {
    title: "Instalasi CCTV", requirements: "Gudang", checklist: [], site_address: "Cikarang",
    lines: [{ kind: "part", description: "Kamera", qty: "9", unit_price: "1250000", discount: "0" }],
    milestones: [{ title: "Kabel", planned_on: "2026-11-24", deliverable: "Kabel", pay_percent: 20 }],
    acceptance_criteria: ["Semua kamera merekam", "Rekaman 14 hari"], deposit_percent: 30, support_days: 90, support_scope: "Kamera", terms: "",
  },
  totals: { subtotal: "11250000", base: "11250000", tax: "1237500", total: "12487500" }, currency: "IDR",
  revisions: [], milestones: [{ seq: 1, title: "Kabel", planned_on: "2026-11-24", deliverable: "Kabel", pay_percent: 20, progress: 0, last_note: null }],
  invoices: [], payments: [], balance: owed, deposit_owed: owed, handovers: [], visits: [], started_at: null, accepted_at: null,
  support_ends_on: null, support_days_left: 0, last_update_at: null, stale: false, events: [], attachments: [],
});

test("amounts as typed become the core's decimals, and a word is refused at its field", () => {
  expect(decimal("1.250.000")).toBe("1250000");
  expect(decimal("Rp 1.250.000")).toBe("1250000");
  expect(decimal("12,5")).toBe("12.5");
  expect(decimal("satu juta")).toBeNull();
  expect(decimal("")).toBeNull();
  const d = emptyDraft();
  d.lines[0].unit_price = "1.250.000";
  d.milestones[0].pay_percent = "20";
  const ok = toScope(d);
  expect("scope" in ok && ok.scope.lines[0].unit_price).toBe("1250000");
  expect("scope" in ok && ok.scope.milestones[0].pay_percent).toBe(20);
  d.lines[0].unit_price = "sejuta";
  expect(toScope(d)).toEqual({ field: "lines.0.unit_price" });
  d.lines[0].unit_price = "1";
  d.deposit_percent = "tiga puluh";
  expect(toScope(d)).toEqual({ field: "deposit_percent" });
});

test("a confirmed order shows the down payment owed, and the refused start says why", async () => {
  mockIPC((cmd) => {
    if (cmd === "start_service_order") throw { kind: "invalidState", code: "deposit_unpaid", message: "x" };
    if (cmd === "print_log") return [];
  });
  render(ServiceOrderPanel, { order: order("confirmed", "3746250") });
  expect(document.getElementById("so-deposit-owed")!.textContent).toContain("Rp 3.746.250");
  await fireEvent.click(document.getElementById("so-start")!);
  expect((await screen.findByText("Uang muka belum dibayar")).id).toBe("so-error");
});

test("an approval by WhatsApp sends the shown revision and its reference; a missing one is marked", async () => {
  const calls: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "accept_service_order") return [];
    calls.push(args);
    const input = (args as { input: { reference: string | null } }).input;
    if (!input.reference) throw { kind: "validation", field: "reference", code: "required", message: "x" };
    return order("confirmed");
  });
  render(ServiceOrderPanel, { order: order("proposed") });
  const how = document.getElementById("f-so-how") as HTMLSelectElement;
  await fireEvent.change(how, { target: { value: "whatsapp" } });
  await fireEvent.input(document.getElementById("f-so-signer")!, { target: { value: "Darma" } });
  await fireEvent.click(screen.getByText("Catat persetujuan revisi 2"));
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("reference");
  await fireEvent.input(document.getElementById("f-so-reference")!, { target: { value: "WA 23-11 10:12" } });
  await fireEvent.click(screen.getByText("Catat persetujuan revisi 2"));
  await screen.findByText("Disetujui");
  expect(calls[1]).toEqual({ id: "o1", input: { revision: 2, how: "whatsapp", signer: "Darma", reference: "WA 23-11 10:12", signature_png: null } });
});

test("a handover criterion the core refuses is marked at its row", async () => {
  mockIPC((cmd) => {
    if (cmd === "hand_over_service_order") throw { kind: "validation", field: "criteria.1", code: "unmet", message: "x" };
    return [];
  });
  render(ServiceOrderPanel, { order: order("in_progress") });
  await fireEvent.click(document.getElementById("f-so-met-0")!);
  await fireEvent.click(document.getElementById("so-handover-save")!);
  const err = await screen.findByText("Ada kriteria belum terpenuhi: minta revisi");
  expect(err.getAttribute("data-error-for")).toBe("criteria.1");
});
