// Tukar tambah at the counter: choosing the owner's programme fills its
// brand and hides the agreed value (the programme sets it); what is sent is
// the unit, its checklist as ticked and no typed value; the core's refusal
// of the serial lands next to the serial.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import TradeInPanel from "./TradeInPanel.svelte";
import type { OrderDetail } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("a programme values the old unit; a known serial is refused at its field", async () => {
  const sent: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "trade_in_programmes")
      return [{ id: "p1", programme: { name: "Tukar tambah HP", brand: "HP", models: [{ model: "LaserJet P1102", good: "400000", fair: "250000", poor: "0" }], valid_from: "2026-11-01", valid_to: "2026-12-31" } }];
    if (cmd === "take_trade_in") {
      sent.push(args);
      throw { kind: "validation", field: "serial", code: "serial_known", message: "x" };
    }
  });
  render(TradeInPanel, { order: { id: "o1" } as OrderDetail, onchange: () => {} });
  await screen.findByText("Tukar tambah HP (HP)");
  expect(document.getElementById("f-ti-value")).not.toBeNull();
  await fireEvent.change(document.getElementById("f-ti-programme")!, { target: { value: "p1" } });
  expect((document.getElementById("f-ti-brand") as HTMLInputElement).value).toBe("HP");
  expect(document.getElementById("f-ti-value")).toBeNull();
  await fireEvent.input(document.getElementById("f-ti-model")!, { target: { value: "LaserJet P1102" } });
  await fireEvent.input(document.getElementById("f-ti-serial")!, { target: { value: "VNB3K12345" } });
  await fireEvent.click(document.getElementById("f-ti-check-3")!);
  await fireEvent.change(document.getElementById("f-ti-grade")!, { target: { value: "fair" } });
  await fireEvent.click(document.getElementById("trade-in-submit")!);
  const err = await screen.findByText(/./, { selector: '[data-error-for="serial"]' });
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("serial");
  const input = (sent[0] as { id: string; input: Record<string, unknown> }).input;
  expect(input).toMatchObject({ programme_id: "p1", brand: "HP", model: "LaserJet P1102", serial: "VNB3K12345", grade: "fair", value: null, destination: "used_stock" });
  expect((input.checklist as { ok: boolean }[]).map((c) => c.ok)).toEqual([true, true, true, false]);
});
