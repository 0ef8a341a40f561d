// A courier's own run: the jobs of the day, a wrong scan refused at the
// scan field, a good handover shown on the chain.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Runs from "./Runs.svelte";
import type { Handover, Job, Session } from "../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const session: Session = { staff_id: "k1", name: "Kurir Adi", username: "adi", role: "courier", allowed: ["courier_jobs"], must_change_password: false, has_pin: false };
const job: Job = {
  id: "j1", number: "JOB-JKT1-K1-2026-000001", kind: "pickup", ticket_id: "t1", ticket_number: "SRV-JKT1-K1-2026-000007", customer_name: "Budi",
  device: "Contex IQ Quattro", address: "Jl. Gatot Subroto 12", city: "Jakarta Selatan", phone: "081234567890", courier_id: "k1",
  planned_on: "2026-11-25", fee: 0, cash_to_collect: 0, currency: "IDR", status: "planned",
};

test("a courier hands over within their own job; a wrong scan is refused at its field", async () => {
  const runs: { courierId: string }[] = [];
  const handovers: Handover[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "courier_run") {
      runs.push(args as { courierId: string });
      return [job];
    }
    if (cmd === "hand_over_device") {
      const input = (args as { input: Handover }).input;
      handovers.push(input);
      if (input.scanned !== job.ticket_number) throw { kind: "validation", field: "scanned", code: "wrong_ticket", message: "this is not the ticket's code" };
      return [{ from_party: "customer", to_party: "courier", staff_name: "Kurir Adi", condition: "Lengkap", at: "2026-11-25T02:00:00Z" }];
    }
  });
  render(Runs, { session });
  await screen.findByText(/Contex IQ Quattro/);
  expect(runs[0].courierId).toBe("k1");
  expect(document.getElementById("f-run-courier")).toBeNull();
  const scan = document.getElementById(`f-h-scan-${job.number}`)!;
  await fireEvent.input(document.getElementById(`f-h-condition-${job.number}`)!, { target: { value: "Lengkap" } });
  await fireEvent.input(scan, { target: { value: "SRV-LAIN" } });
  await fireEvent.click(document.getElementById(`handover-${job.number}`)!);
  const err = await screen.findByText("Bukan kode tiket ini");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("scanned");
  await fireEvent.input(scan, { target: { value: job.ticket_number } });
  await fireEvent.click(document.getElementById(`handover-${job.number}`)!);
  await screen.findByText(/Pelanggan → Kurir · Kurir Adi · Lengkap/);
  expect(handovers[1]).toEqual({ from: "customer", to: "courier", condition: "Lengkap", scanned: job.ticket_number, job_id: "j1" });
});
