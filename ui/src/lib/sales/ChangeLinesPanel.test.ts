// Changing an order's lines: the current lines come up for editing, the
// change reaches the core as typed, and a refusal lands at its line.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ChangeLinesPanel from "./ChangeLinesPanel.svelte";
import type { OrderDetail } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const order = {
  id: "0193a000-0000-7000-8000-000000000001",
  status: "awaiting_payment",
  lines: [{ position: 0, product_id: "p-1", sku: "USB-3M", name: "Kabel USB 3 m", qty: 2, unit_price: "100000", discount: "0", serialised: false, serials: [] }],
} as unknown as OrderDetail;

test("the lines are changed, and too many for the shelf is refused at the line", async () => {
  const sent: unknown[] = [];
  let changed: OrderDetail | null = null;
  mockIPC((cmd, args) => {
    if (cmd !== "change_order_lines") return;
    const { input } = args as { input: { lines: { qty: string }[] } };
    sent.push(input);
    if (input.lines[0].qty === "9") throw { kind: "validation", field: "lines.0.qty", code: "not_enough_stock", message: "5 available" };
    return { ...order, lines: [{ ...order.lines[0], qty: 1 }] };
  });
  render(ChangeLinesPanel, { order, onChange: (o: OrderDetail) => (changed = o) });
  await fireEvent.click(document.getElementById("change-lines-start")!);
  const qty = document.getElementById("f-chg-lines.0.qty") as HTMLInputElement;
  expect(qty.value).toBe("2");
  await fireEvent.input(qty, { target: { value: "9" } });
  await fireEvent.click(document.getElementById("change-lines-save")!);
  const err = await screen.findByText("Stok di rak tidak cukup");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("lines.0.qty");
  await fireEvent.input(document.getElementById("f-chg-lines.0.qty")!, { target: { value: "1" } });
  await fireEvent.input(document.getElementById("f-chg-note")!, { target: { value: "Minta satu saja" } });
  await fireEvent.click(document.getElementById("change-lines-save")!);
  await screen.findByText("Ubah barang pesanan", { selector: "button" });
  expect(sent[1]).toEqual({ lines: [{ product_id: "p-1", qty: "1", discount: null }], note: "Minta satu saja" });
  expect(changed!.lines[0].qty).toBe(1);
});
