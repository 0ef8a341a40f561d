// Checking out of a visit: parts go as product ids, a unit for the workshop
// sends its device and courier, a refused courier shows at its field; a
// finished visit's bill is paid with change.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import VisitWork from "./VisitWork.svelte";
import type { Visit, VisitBill, VisitReport } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const visit: Visit = {
  id: "v1", number: "VS-JKT1-K1-2026-000001", customer_id: "c1", kind: "warranty", problem: "Scanner macet",
  site_address: "Jl. Gatot Subroto 12", status: "checked_in", requested_at: "2026-11-23T03:00:00Z", due_at: "2026-11-24T10:30:00Z",
  technician_id: "t1", starts_at: "2026-11-24T02:00:00Z", ends_at: "2026-11-24T03:00:00Z", after_hours: false, surcharge: 0, sla: "on_time", units: [{ serial: "SN-0001", verdict: "free_repair" }], confirmation: null,
};
const product = { id: "p1", sku: "ROLLER-A0", name: "Roller", brand: "Contex", category: "Part", price: "250000", tax_class: "standard",
  serialised: false, warranty_type: "standard", on_hand: 2, reserved: 0, available: 2, sold_out: false };

test("a unit for the workshop names its courier; a refusal lands at the field", async () => {
  const sent: VisitReport[] = [];
  let done = 0;
  mockIPC((cmd, args) => {
    if (cmd === "products") return [product];
    if (cmd === "couriers") return [{ id: "k1", name: "Kurir Adi" }];
    if (cmd === "visit_check_out") {
      const input = (args as { input: VisitReport }).input;
      sent.push(input);
      if (sent.length === 1) throw { kind: "validation", field: "workshop.courier_id", code: "not_a_courier", message: "choose a courier" };
      return { ...visit, status: "done" };
    }
  });
  render(VisitWork, { visit, onDone: () => done++ });
  await fireEvent.input(document.getElementById("f-w-work")!, { target: { value: "Motor rusak" } });
  await fireEvent.input(document.getElementById("f-w-signer")!, { target: { value: "Pak Andi" } });
  await fireEvent.click(document.getElementById("visit-add-part")!);
  await fireEvent.input(document.getElementById("f-w-part-0")!, { target: { value: "ROLLER-A0" } });
  await fireEvent.change(document.getElementById("f-w-outcome")!, { target: { value: "needs_workshop" } });
  await fireEvent.input(await screen.findByLabelText("Merek"), { target: { value: "Contex" } });
  await fireEvent.click(document.getElementById("visit-check-out")!);
  const err = await screen.findByText("Pilih seorang kurir");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("workshop.courier_id");
  expect(sent[0].parts).toEqual([{ product_id: "p1", qty: "1" }]);
  expect(sent[0].workshop).toMatchObject({ brand: "Contex", serial: null });
  expect(done).toBe(0);
  await fireEvent.change(document.getElementById("f-ws-courier")!, { target: { value: "k1" } });
  await fireEvent.click(document.getElementById("visit-check-out")!);
  await new Promise((r) => setTimeout(r, 0));
  expect(sent[1].workshop?.courier_id).toBe("k1");
  expect(done).toBe(1);
});

test("a finished visit's bill is paid in cash with change", async () => {
  const bill: VisitBill = {
    visit_id: "v1", number: visit.number, customer_name: "Budi", customer_phone: "0812", payments: [], balance: "1193250", currency: "IDR",
    ticket_number: null, has_signature: true,
    invoice: { id: "i1", number: "INV-1", issued_at: "2026-11-24T01:00:00Z", lines: [{ kind: "fee", description: "Biaya kunjungan", qty: "1", unit_price: "400000", discount: "0" }],
      totals: { subtotal: "1075000", base: "1075000", tax: "118250", total: "1193250" }, buyer_tax_id: null, void_reason: null, voided_at: null },
    invoices: [],
  };
  bill.invoices = [bill.invoice!];
  const paid: { method: string; tendered: string | null }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "visit_bill") return bill;
    if (cmd === "pay_visit") {
      paid.push((args as { input: { method: string; tendered: string | null } }).input);
      return { bill: { ...bill, balance: "0", payments: [{ method: "cash", amount: "1193250", received_at: "2026-11-24T02:00:00Z" }] }, change: "6750" };
    }
  });
  render(VisitWork, { visit: { ...visit, status: "done" }, onDone: () => undefined });
  await fireEvent.input(await screen.findByLabelText(/Uang diterima/), { target: { value: "1.200.000" } });
  await fireEvent.click(screen.getByText("Terima pembayaran"));
  expect((await screen.findByText(/Kembalian/)).textContent).toContain("6.750");
  expect(paid).toEqual([{ method: "cash", tendered: "1.200.000" }]);
  expect(document.getElementById("visit-pay")).toBeNull();
});
