// The owner's selling policies reach the core as typed: a return-policy
// preset, COD regions one per line; a bad value comes back at its field.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { counterSettings } from "../../test/settings";
import SalesPolicyPanel from "./SalesPolicyPanel.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const settings = counterSettings();

test("a preset and regions are saved; a bad window shows at its field", async () => {
  const sent: Record<string, unknown>[] = [];
  const seen: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "counter_settings") return settings;
    if (cmd === "update_settings") {
      const input = (args as { input: typeof settings }).input;
      sent.push(input);
      seen.push((args as { seen: unknown }).seen);
      if (input.return_policy.window > 90) throw { kind: "validation", field: "return_policy.window", code: "out_of_range", message: "1 to 90" };
      return input;
    }
  });
  render(SalesPolicyPanel);
  await fireEvent.click(await screen.findByText("2 hari kerja"));
  await fireEvent.input(document.getElementById("f-cod-regions")!, { target: { value: "Jakarta Selatan\n\n  Kota Bekasi  \n" } });
  await fireEvent.click(screen.getByText("Simpan"));
  await screen.findByText("✓");
  expect(sent[0]).toMatchObject({
    return_policy: { window: 2, unit: "working_days", refund_needs_sealed_unused: true },
    cod_regions: ["Jakarta Selatan", "Kota Bekasi"],
  });
  // With what the form loaded, so the core saves only what it changed.
  expect(seen[0]).toEqual(settings);
  await fireEvent.input(document.getElementById("f-return-window")!, { target: { value: "120" } });
  await fireEvent.click(screen.getByText("Simpan"));
  const err = await screen.findByText("Di luar batas yang diizinkan");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("return_policy.window");
});

test("destinations are added to the rate table; a duplicate shows at its city", async () => {
  const sent: (typeof settings)[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "counter_settings") return settings;
    if (cmd === "update_settings") {
      const input = (args as { input: typeof settings }).input;
      sent.push(input);
      const cities = input.shipping.rates.map((r: { city: string }) => r.city.toLowerCase());
      if (new Set(cities).size < cities.length) throw { kind: "validation", field: "shipping.rates.1.city", code: "duplicate", message: "already in the table" };
      return input;
    }
  });
  render(SalesPolicyPanel);
  await fireEvent.click(await screen.findByText("Tambah tujuan"));
  await fireEvent.input(document.getElementById("f-rate-0-city")!, { target: { value: "Medan" } });
  await fireEvent.input(document.getElementById("f-rate-0-per-kg")!, { target: { value: "20000" } });
  await fireEvent.input(document.getElementById("f-rate-0-days-max")!, { target: { value: "6" } });
  await fireEvent.click(screen.getByText("Simpan"));
  await screen.findByText("✓");
  expect(sent[0].shipping.rates).toEqual([{ city: "Medan", per_kg: 20000, days_min: 3, days_max: 6 }]);
  await fireEvent.click(screen.getByText("Tambah tujuan"));
  await fireEvent.input(document.getElementById("f-rate-1-city")!, { target: { value: "medan" } });
  await fireEvent.click(screen.getByText("Simpan"));
  const err = await screen.findByRole("alert");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("shipping.rates.1.city");
});
