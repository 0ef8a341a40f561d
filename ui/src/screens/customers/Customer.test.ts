// A customer's page: their records with what each still asks, the units
// with their warranty, the balance; buttons start an intake or a sale for
// them; the details edit shows a refusal beside its field; the owner
// merges a duplicate (a clerk sees no merge).
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Customer from "./Customer.svelte";
import { nav } from "../../lib/nav.svelte";
import type { Customer as C, CustomerPage, MergeInput, Session } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const budi: C = { id: "c1", name: "Budi Santoso", phone: "+6281234567890", phone_display: "081234567890", email: null, address: null, note: "Minta part lama", note_flagged: true };
const dup: C = { ...budi, id: "c2", name: "Budi S.", phone: "+6281311112222", phone_display: "081311112222", note: null, note_flagged: false };
const page = (merged: C[] = []): CustomerPage => ({
  customer: budi, merged, merged_into: null, currency: "IDR", balance: "166500",
  tickets: [{ id: "t1", number: "SV-1", status: "ready_for_pickup", detail: "Epson DS-530", at: "2026-11-23T03:00:00Z", owed: "66500" }],
  orders: [{ id: "o1", number: "SO-1", status: "awaiting_payment", detail: "100000", at: "2026-11-23T04:00:00Z", owed: "100000" }],
  visits: [], contracts: [],
  units: [{ id: "u1", serial: "SN-0001", product_name: "Scanner A0", invoice_number: "INV-1", start_date: "2026-11-23", warranty: "in_store", until: "2027-11-22" }],
});
const owner = { staff_id: "s", name: "Hendra", username: "owner", role: "owner", must_change_password: false, allowed: ["take_in", "sell", "create_customer", "manage_shop"] } as Session;
const tick = () => new Promise((r) => setTimeout(r, 0));

test("the page, its actions and the edit", async () => {
  mockIPC((cmd, args) => {
    if (cmd === "customer_page") return page();
    if (cmd === "update_customer") throw { kind: "validation", field: "phone", code: "phone_taken", message: "taken" };
    return undefined;
  });
  render(Customer, { id: "c1", session: owner });
  await screen.findByText("Budi Santoso");
  expect(document.getElementById("customer-balance")!.textContent).toBe("Rp 166.500");
  expect(document.getElementById("customer-note")!.classList.contains("flag")).toBe(true);
  expect(screen.getByText("sisa Rp 66.500")).toBeTruthy();
  expect(document.querySelector('[data-serial="SN-0001"]')!.getAttribute("data-warranty")).toBe("in_store");
  expect(screen.getByText("garansi toko")).toBeTruthy();
  await fireEvent.click(document.getElementById("customer-edit-open")!);
  await fireEvent.click(document.getElementById("customer-save")!);
  const err = await screen.findByText("Nomor ini sudah terdaftar");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("phone");
  await fireEvent.click(document.getElementById("customer-intake")!);
  expect(nav.view).toEqual({ name: "intake", customer: "c1" });
});

test("the owner merges a duplicate; a clerk sees no merge", async () => {
  const merges: MergeInput[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "customer_page") return page(merges.length ? [dup] : []);
    if (cmd === "find_customers") return [budi, dup];
    if (cmd === "merge_customers") {
      merges.push((args as { input: MergeInput }).input);
      return 2;
    }
    return undefined;
  });
  render(Customer, { id: "c1", session: owner });
  await screen.findByText("Budi Santoso");
  await fireEvent.input(document.getElementById("f-merge-find")!, { target: { value: "budi" } });
  await tick();
  // Not itself.
  expect(screen.queryAllByText("Budi Santoso").length).toBe(1);
  await fireEvent.click(screen.getByText("Budi S."));
  await fireEvent.click(document.getElementById("merge-submit")!);
  await tick();
  await tick();
  expect(merges).toEqual([{ keep: "c1", duplicate: "c2", conflict_id: null, note: null }]);
  expect(document.getElementById("customer-merged")!.textContent).toContain("Budi S.");
  cleanup();
  const clerk = { ...owner, role: "front_desk", allowed: ["take_in", "sell", "create_customer"] } as Session;
  render(Customer, { id: "c1", session: clerk });
  await screen.findByText("Budi Santoso");
  expect(document.getElementById("customer-merge")).toBeNull();
});
