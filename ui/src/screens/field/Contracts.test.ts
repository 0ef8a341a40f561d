// Contracts and consultations for the chosen customer: a refusal lands at
// the contract's field only; a saved consultation shows in the log.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Contracts from "./Contracts.svelte";
import type { Consultation, NewContract } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("a contract refusal shows at its field; a consultation joins the log", async () => {
  const sent: NewContract[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "contracts") return [];
    if (cmd === "consultations") return [];
    if (cmd === "create_contract") {
      sent.push((args as { input: NewContract }).input);
      throw { kind: "validation", field: "units", code: "required", message: "1 to 100 units" };
    }
    if (cmd === "add_consultation") {
      const c = (args as { input: Consultation }).input;
      return [{ customer_name: "Budi", serial: c.serial, problem: c.problem, software: c.software, advice: c.advice, follow_up_on: c.follow_up_on, staff_name: "Hendra", at: "2026-11-23T03:00:00Z" }];
    }
  });
  render(Contracts);
  await fireEvent.input(document.getElementById("f-k-units")!, { target: { value: " \n  " } });
  await fireEvent.click(document.getElementById("contract-submit")!);
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("units");
  expect(sent[0].units).toEqual([]);
  expect(sent[0].frequency).toBe("quarterly");
  expect(sent[0].sla_hours).toBe(24);
  await fireEvent.input(document.getElementById("f-c-problem")!, { target: { value: "Hasil scan bergaris" } });
  await fireEvent.input(document.getElementById("f-c-advice")!, { target: { value: "Bersihkan kaca scanner" } });
  await fireEvent.click(document.getElementById("consult-submit")!);
  await screen.findByText(/Hasil scan bergaris → Bersihkan kaca scanner/);
  expect(document.querySelectorAll("[data-error-for]").length).toBe(0);
});
