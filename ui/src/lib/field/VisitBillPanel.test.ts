// A visit's invoice voided and reissued by an admin: no reason is refused
// at the reason field; the voided invoice is marked and offers the reissue
// with the buyer's NPWP; the new invoice lists the voided one. Without the
// permission there are no buttons.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import VisitBillPanel from "./VisitBillPanel.svelte";
import type { VisitBill, VisitInvoice } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const invoice = (number: string, voided: boolean, buyer: string | null = null): VisitInvoice => ({
  id: number, number, issued_at: "2026-11-24T03:00:00Z", buyer_tax_id: buyer,
  lines: [{ kind: "fee", description: "Biaya kunjungan", qty: "1", unit_price: "400000", discount: "0" }],
  totals: { subtotal: "400000", base: "400000", tax: "44000", total: "444000" },
  void_reason: voided ? "Nama pembeli salah" : null, voided_at: voided ? "2026-11-24T04:00:00Z" : null,
});
const bill = (invoices: VisitInvoice[]): VisitBill => ({
  visit_id: "v1", number: "VS-1", customer_name: "Budi", customer_phone: "0812", payments: [], balance: "444000", currency: "IDR",
  ticket_number: null, has_signature: false, invoice: invoices[0], invoices,
});

test("an admin voids with a reason and reissues with the buyer's NPWP", async () => {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    if (cmd === "visit_bill") return bill([invoice("INV-1", false)]);
    if (cmd !== "print_log") calls.push([cmd, args]);
    if (cmd === "void_visit_invoice") {
      if (!(args as { reason: string }).reason.trim()) throw { kind: "validation", field: "reason", code: "required", message: "x" };
      return bill([invoice("INV-1", true)]);
    }
    if (cmd === "reissue_visit_invoice") return bill([invoice("INV-2", false, "01.234.567.8-901.000"), invoice("INV-1", true)]);
  });
  render(VisitBillPanel, { visitId: "v1", canVoid: true });
  await fireEvent.click(await screen.findByText("Batalkan invoice (VOID)"));
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("reason");
  await fireEvent.input(document.getElementById("f-visit-void")!, { target: { value: "Nama pembeli salah" } });
  await fireEvent.click(screen.getByText("Batalkan invoice (VOID)"));
  await screen.findByText("DIBATALKAN (VOID)");
  expect(calls[1]).toEqual(["void_visit_invoice", { id: "v1", reason: "Nama pembeli salah" }]);
  await fireEvent.input(document.getElementById("f-visit-reissue-tax")!, { target: { value: "01.234.567.8-901.000" } });
  await fireEvent.click(screen.getByText("Terbitkan invoice baru"));
  await screen.findByText(/Invoice yang dibatalkan: INV-1/);
  expect(document.getElementById("visit-invoice-number")!.textContent).toBe("INV-2");
  expect(calls[2]).toEqual(["reissue_visit_invoice", { id: "v1", buyerTaxId: "01.234.567.8-901.000" }]);
});

test("without the permission there is nothing to void", async () => {
  mockIPC((cmd) => (cmd === "visit_bill" ? bill([invoice("INV-1", false)]) : undefined));
  render(VisitBillPanel, { visitId: "v1" });
  await screen.findByText("INV-1");
  expect(document.getElementById("visit-invoice-actions")).toBeNull();
});
