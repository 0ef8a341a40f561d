// The visit rules reach the core as typed: a fixed surcharge is sent as a
// fixed amount, and an out-of-range travel buffer comes back at its field.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { counterSettings } from "../../test/settings";
import VisitPolicyPanel from "./VisitPolicyPanel.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const settings = counterSettings();

test("a fixed surcharge is saved; a bad travel buffer shows at its field", async () => {
  const sent: (typeof settings)[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "counter_settings") return settings;
    if (cmd === "update_settings") {
      const input = (args as { input: typeof settings }).input;
      sent.push(input);
      if (input.visits.travel_buffer_minutes > 240) throw { kind: "validation", field: "visits.travel_buffer_minutes", code: "out_of_range", message: "0 to 240" };
      return input;
    }
  });
  render(VisitPolicyPanel);
  const kind = (await screen.findByLabelText("Biaya tambahan di luar jam kerja")) as HTMLSelectElement;
  await fireEvent.change(kind, { target: { value: "fixed" } });
  await fireEvent.input(document.getElementById("f-surcharge")!, { target: { value: "100000" } });
  await fireEvent.input(document.getElementById("f-sla-hours")!, { target: { value: "24" } });
  await fireEvent.click(screen.getByText("Simpan"));
  await screen.findByText("✓");
  expect(sent[0].visits).toEqual({
    sla: { next_business_day: true, max_working_hours: 24, at_risk_minutes: 120 },
    surcharge: { kind: "fixed", amount: 100000 },
    travel_buffer_minutes: 30,
    labour_per_hour: 150000,
  });
  await fireEvent.input(document.getElementById("f-travel-buffer")!, { target: { value: "500" } });
  await fireEvent.click(screen.getByText("Simpan"));
  const err = await screen.findByRole("alert");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("visits.travel_buffer_minutes");
});
