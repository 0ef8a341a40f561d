// The order screen takes one action at a time: while a payment is in flight
// every action button is disabled, so a double click cannot pay twice.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Order from "./Order.svelte";
import type { OrderDetail, Session } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const session = { staff_id: "s", name: "Sari", role: "front_desk", must_change_password: false, allowed: ["sell", "fulfil_order"] } as unknown as Session;
const order = {
  id: "o1", number: "SO-JKT1-K1-2026-000001", channel: "counter", status: "awaiting_payment",
  customer: { id: "c1", name: "Budi", phone: "+6281234567890", email: null, address: null },
  fulfilment: "pickup", ship_address: null, ship_city: null, payment_method: "cash", coupon_code: null,
  lines: [{ position: 0, product_id: "p1", sku: "USB-3M", name: "Kabel", qty: 1, unit_price: "150000", discount: "0", serialised: false, serials: [] }],
  totals: { subtotal: "150000", discount: "0", base: "150000", tax: "16500", shipping: "0", total: "166500" },
  currency: "IDR", paid: "0", returned: "0", balance: "166500", pay_by: null, processing_date: null,
  payments: [], events: [], note: null, created_at: "2026-11-23T03:00:00Z", buyer_tax_id: null, tracking: null,
  deliver_from: null, deliver_by: null, invoices: [],
} as unknown as OrderDetail;

test("a payment in flight disables the actions; a second click does not pay again", async () => {
  let calls = 0;
  let release: (v: unknown) => void = () => {};
  mockIPC((cmd) => {
    if (cmd === "order") return order;
    if (cmd === "pay_order") {
      calls += 1;
      return new Promise((r) => (release = r));
    }
    if (cmd === "order_returns" || cmd === "order_warranties") return [];
  });
  render(Order, { id: "o1", session });
  const pay = (await screen.findByText(/Bayar/, { selector: "#pay-submit" })) as HTMLButtonElement;
  await fireEvent.click(pay);
  expect(calls).toBe(1);
  const actions = document.querySelector("fieldset.actions") as HTMLFieldSetElement;
  expect(actions.disabled).toBe(true);
  await fireEvent.click(pay);
  await fireEvent.submit(document.getElementById("pay-form")!);
  expect(calls).toBe(1);
  release({ order: { ...order, status: "payment_received", paid: "166500", balance: "0" }, change: "0" });
  await screen.findByText(/payment_received|Pembayaran diterima/i).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 0));
  expect(actions.disabled).toBe(false);
});
