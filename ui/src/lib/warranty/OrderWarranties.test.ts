// Right after a handover, the order's warranty cards go to this PC's A4
// printer by themselves when it is set to print them; otherwise nothing
// prints until the clerk asks.
import { afterEach, expect, test } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import OrderWarranties from "./OrderWarranties.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const unit = (serial: string) => ({ id: `w-${serial}`, serial, start_date: "2026-12-01" });
const printers = (auto: boolean) => ({
  receipt: null,
  label: null,
  a4_printer: "HP_LaserJet",
  auto: { payment_receipt: true, intake_receipt: true, intake_copies: 2, intake_label: true, stock_labels: false, warranty_card: auto, drawer_on_cash: true },
});

function mock(auto: boolean, cards: string[]) {
  mockIPC((cmd, args) => {
    if (cmd === "order_warranties") return [unit("SN-1"), unit("SN-2")];
    if (cmd === "printers") return printers(auto);
    if (cmd === "print_warranty_card") {
      const id = (args as { id: string }).id;
      cards.push(id);
      return { printed: { job: { id: `j-${id}`, doc_kind: "a4:warranty_card", doc_id: id, doc_number: null, printer: "a4", target: "HP_LaserJet", copies: 1, drawer: false, outcome: "printed", error_code: null, reason: null, staff_id: "s", staff_name: "Hendra", at: "2026-12-01T03:00:00Z" }, message: null }, path: null };
    }
  });
}

test("a handover prints every unit's card on the A4 printer", async () => {
  const cards: string[] = [];
  mock(true, cards);
  render(OrderWarranties, { orderId: "o-1", handedOver: true });
  await waitFor(() => expect(screen.getAllByText("Tercetak di HP_LaserJet")).toHaveLength(2));
  expect(cards).toEqual(["w-SN-1", "w-SN-2"]);
});

test("switched off, or only viewing the order, prints nothing by itself", async () => {
  for (const [auto, handedOver] of [[false, true], [true, false]]) {
    const cards: string[] = [];
    mock(auto, cards);
    render(OrderWarranties, { orderId: "o-1", handedOver });
    await screen.findAllByText(/SN-1/);
    await new Promise((r) => setTimeout(r, 50));
    expect(cards).toEqual([]);
    cleanup();
    clearMocks();
  }
});
