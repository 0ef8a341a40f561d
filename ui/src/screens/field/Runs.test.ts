// A courier's own run: the jobs of the day, a wrong scan refused at the
// scan field, a good handover shown on the chain.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Runs from "./Runs.svelte";
import type { Handover, Job, RunCash, Session } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const session: Session = { staff_id: "k1", name: "Kurir Adi", username: "adi", role: "courier", allowed: ["courier_jobs"], must_change_password: false, has_pin: false };
const job: Job = {
  id: "j1", number: "JOB-JKT1-K1-2026-000001", kind: "pickup", ticket_id: "t1", ticket_number: "SRV-JKT1-K1-2026-000007", customer_name: "Budi",
  device: "Contex IQ Quattro", address: "Jl. Gatot Subroto 12", city: "Jakarta Selatan", phone: "+6281234567890", phone_dial: "0812-3456-7890", courier_id: "k1",
  planned_on: "2026-11-25", fee: 0, cash_to_collect: 0, currency: "IDR", status: "planned",
};
const delivery: Job = { ...job, id: "j2", number: "JOB-JKT1-K1-2026-000002", kind: "delivery", device: "Epson DS-530", cash_to_collect: 66500 };
const runCash = (collected: string | null): RunCash => ({
  courier_id: "k1", day: "2026-11-25", currency: "IDR", to_collect: "66500", expected: collected ?? "0", closed: null,
  jobs: [{ job_id: "j2", number: delivery.number, ticket_number: "SRV-JKT1-K1-2026-000008", customer_name: "Rina", to_collect: "66500", collected, recorded_at: null }],
});

test("a courier hands over within their own job; a wrong scan is refused at its field", async () => {
  const runs: { courierId: string }[] = [];
  const handovers: Handover[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "courier_run") {
      runs.push(args as { courierId: string });
      return [job];
    }
    if (cmd === "run_cash") return runCash(null);
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

test("a courier records the cash of a delivery once; the button waits for the call", async () => {
  const recorded: { jobId: string; amount: string }[] = [];
  let release: (v: RunCash) => void = () => undefined;
  mockIPC((cmd, args) => {
    if (cmd === "courier_run") return [delivery];
    if (cmd === "run_cash") return runCash(null);
    if (cmd === "record_courier_cash") {
      const a = args as { jobId: string; amount: string };
      recorded.push(a);
      if (a.amount === "70.000") throw { kind: "validation", field: "amount", code: "more_than_due", message: "more than due" };
      return new Promise<RunCash>((resolve) => (release = resolve));
    }
  });
  render(Runs, { session });
  const input = await screen.findByLabelText("Tunai yang diterima");
  await fireEvent.input(input, { target: { value: "70.000" } });
  const button = document.getElementById(`cash-record-${delivery.number}`) as HTMLButtonElement;
  await fireEvent.click(button);
  const err = await screen.findByText("Lebih dari yang harus ditagih");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("amount");
  await fireEvent.input(input, { target: { value: "66.500" } });
  await fireEvent.click(button);
  await new Promise((r) => setTimeout(r, 0));
  expect(button.disabled).toBe(true);
  release(runCash("66500"));
  await screen.findByText(/Tunai diterima kurir/);
  expect(recorded.map((r) => r.amount)).toEqual(["70.000", "66.500"]);
  expect(recorded[1].jobId).toBe("j2");
  // A courier sees the run's cash, not the closing form.
  expect(document.getElementById("run-expected")!.textContent).toBe("Rp 66.500");
  expect(document.getElementById("run-close-form")).toBeNull();
});

test("the stops are put in driving order with the arrows; phones as people dial them", async () => {
  const moves: { jobId: string; up: boolean }[] = [];
  let order = [job, delivery];
  mockIPC((cmd, args) => {
    if (cmd === "courier_run") return order;
    if (cmd === "run_cash") return runCash(null);
    if (cmd === "move_stop") {
      moves.push(args as { jobId: string; up: boolean });
      order = [delivery, job];
      return order;
    }
  });
  render(Runs, { session });
  await screen.findByText(/Contex IQ Quattro/);
  expect(document.querySelector(".phone")!.textContent).toBe("0812-3456-7890");
  expect((document.getElementById(`stop-up-${job.number}`) as HTMLButtonElement).disabled).toBe(true);
  await fireEvent.click(document.getElementById(`stop-down-${job.number}`)!);
  await new Promise((r) => setTimeout(r, 0));
  expect(moves).toEqual([{ jobId: "j1", up: false }]);
  const first = document.querySelector("article[data-job]") as HTMLElement;
  expect(first.dataset.job).toBe(delivery.number);
});
