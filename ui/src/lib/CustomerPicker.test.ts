// A customer picked at an intake or a sale: a flagged note pops up beside
// them; an unflagged note does not.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import CustomerPicker from "./CustomerPicker.svelte";
import type { Customer } from "../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const c = (id: string, name: string, note: string | null, flagged: boolean): Customer => ({
  id, name, phone: "+6281234567890", phone_display: "081234567890", email: null, address: null, note, note_flagged: flagged,
});

test("a flagged note pops up when the customer is picked", async () => {
  mockIPC((cmd) => (cmd === "find_customers" ? [c("c1", "Budi", "Bayar tunai saja", true), c("c2", "Sari", "Pelanggan lama", false)] : undefined));
  render(CustomerPicker, {});
  const input = document.querySelector("input")!;
  await fireEvent.input(input, { target: { value: "bu" } });
  await new Promise((r) => setTimeout(r, 0));
  await fireEvent.click(await screen.findByText("Budi · 081234567890"));
  expect((await screen.findByRole("alert")).textContent).toContain("Bayar tunai saja");
  await fireEvent.click(screen.getByText("Batal"));
  await fireEvent.input(document.querySelector("input")!, { target: { value: "sa" } });
  await new Promise((r) => setTimeout(r, 0));
  await fireEvent.click(await screen.findByText("Sari · 081234567890"));
  expect(screen.queryByRole("alert")).toBeNull();
});
