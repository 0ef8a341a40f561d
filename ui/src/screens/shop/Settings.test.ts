// Settings keeps each form's errors apart: a bad holiday name must not show
// on the staff form's name field, and vice versa.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { counterSettings } from "../../test/settings";
import Settings from "./Settings.svelte";

afterEach(async () => {
  cleanup();
  // Unlistening from events is async: let it finish before the mocks go.
  await new Promise((r) => setTimeout(r, 0));
  clearMocks();
});

const profile = {
  name: "Toko", address: "Jl. X", phone: "+62216123456", npwp: null, branch_code: "JKT1", counter_code: "K1",
  time_zone: "Asia/Jakarta", currency: "IDR", tax_rate: "0.11", prices_include_tax: false, receipt_terms: "",
  receipt_paper: "a5", ticket_prefix: "SV", invoice_prefix: "INV", promise_days: 3,
};

test("a holiday error lands on the holiday form only", async () => {
  mockIPC((cmd) => {
    switch (cmd) {
      case "shop_profile": return profile;
      case "list_staff": return [];
      case "holidays": return [{ date: "2026-08-17", kind: "national", name: "Hari Proklamasi" }];
      case "working_hours": return Array.from({ length: 7 }, () => ({ open: null, close: null }));
      case "counter_settings": return counterSettings();
      case "public_face": return { public_url: "", templates: [] };
      case "add_holiday": throw { kind: "validation", field: "name", code: "required", message: "must not be empty" };
    }
  }, { shouldMockEvents: true });
  render(Settings, { session: { staff_id: "x", name: "Owner", username: "owner", role: "owner", allowed: ["manage_shop", "manage_staff"], must_change_password: false, has_pin: false } });
  expect(await screen.findByText(/Hari Proklamasi/)).toBeTruthy();
  await fireEvent.click(screen.getByText("Tambah hari libur", { selector: "button" }));
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.querySelector("input")?.id).toBe("f-holiday-name");
  expect(document.querySelectorAll("[data-error-for]").length).toBe(1);
});
