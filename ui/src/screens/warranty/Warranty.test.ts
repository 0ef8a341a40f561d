// The warranty check screen: a scanned card's verdict with its reasons read
// out in the clerk's language, and a refused card marked as such.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Warranty from "./Warranty.svelte";
import type { CheckResult, Session } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const session = { staff_id: "s", name: "Sari", role: "front_desk", must_change_password: false, allowed: ["take_in", "sell"] } as unknown as Session;
const unit = {
  id: "u1", serial: "SN-0001", sku: "CTX-SD36", product_name: "Contex SD One", brand: "Contex", invoice_number: "INV-1",
  sold_on: "2026-11-23", start_date: "2026-11-23", store_months: 12, maker_months: 12, kind: "standard",
  customer_name: "Budi", customer_phone: "+6281234567890", source: "sale", replaces: null, replaced_by: null,
};
const genuine: CheckResult = {
  units: [unit], unit, history: [],
  card: { accepted: true, code: "card_valid", reason: { code: "card_valid", id: "Kartu garansi asli dan utuh.", en: "A genuine, unaltered warranty card." }, payload: { serial: "SN-0001", sku: "CTX-SD36", invoice: "INV-1", start: "2026-11-23", store_months: 12, maker_months: 12, kind: "standard" } },
  verdict: { outcome: "exchange", reasons: [{ code: "doa_exchange", id: "Ditukar unit baru.", en: "Exchanged for a new unit." }], store_until: "2027-11-22", maker_until: "2027-11-22", return_shipping: null },
};

test("a scanned card: the verdict, its reasons, and the checklist sent", async () => {
  const sent: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "check_warranty") {
      sent.push((args as { input: unknown }).input);
      const q = (args as { input: { query: string } }).input.query;
      if (q.endsWith("X")) return { ...genuine, unit: null, units: [], card: { ...genuine.card!, accepted: false, code: "card_altered" }, verdict: { ...genuine.verdict!, outcome: "not_ours" } };
      return genuine;
    }
    if (cmd === "principal_rmas") return [];
  });
  render(Warranty, { session });
  await fireEvent.click(document.getElementById("f-w-box_complete")!);
  await fireEvent.input(document.getElementById("f-w-query")!, { target: { value: "KW1:abc" } });
  await fireEvent.click(document.getElementById("w-check")!);
  expect((await screen.findByText("Tukar unit baru")).id).toBe("w-outcome");
  expect(screen.getByText("Ditukar unit baru.")).toBeTruthy();
  expect(document.getElementById("w-card")!.getAttribute("data-code")).toBe("card_valid");
  expect(sent[0]).toMatchObject({ query: "KW1:abc", claim: { defect: "hardware", checklist: { box_complete: true, seal_broken: false } } });
  await fireEvent.input(document.getElementById("f-w-query")!, { target: { value: "KW1:abcX" } });
  await fireEvent.click(document.getElementById("w-check")!);
  expect(await screen.findByText("Kartu ditolak")).toBeTruthy();
  expect(screen.getByText("Bukan pembelian di sini")).toBeTruthy();
});
