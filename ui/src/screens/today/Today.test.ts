// Today: each list shows its items and opens what they are about; a
// follow-up is marked done and the list reloads; the money shows against
// yesterday for who may see it; the drawer's state links to the shift.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Today from "./Today.svelte";
import { nav } from "../../lib/nav.svelte";
import type { Today as TodayT, TodayItem } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const item = (kind: string, number: string, over: Partial<TodayItem> = {}): TodayItem => ({
  kind, id: `${kind}-${number}`, number, customer: "Budi Santoso", status: null, who: null, detail: null, at: null, ...over,
});
const base = (over: Partial<TodayT> = {}): TodayT => ({
  date: "2026-11-23", ready: [], transfers: [], visits: [], runs: [], overdue: [], stale: [], stale_days: 3, follow_ups: [],
  money: null, may_run_shift: false, shift: null, ...over,
});

test("the lists open their tickets, orders, visits and runs", async () => {
  mockIPC((cmd) =>
    cmd === "today"
      ? base({
          ready: [item("ticket", "SV-1", { status: "ready_for_pickup", detail: "Epson DS-530" }), item("order", "SO-1", { status: "ready_for_pickup", detail: "pickup" })],
          visits: [item("visit", "VS-1", { status: "booked", who: "Joko", at: "2026-11-23T02:00:00Z" })],
          runs: [item("courier_job", "KJ-1", { status: "planned", who: "Andi", detail: "delivery", at: "2026-11-23" })],
          stale: [item("ticket", "SV-2", { status: "diagnosing" })],
          money: { today: "1500000", yesterday: "1000000" },
          may_run_shift: true,
        })
      : undefined,
  );
  render(Today);
  await screen.findByText("Hari ini, 23-11-2026");
  expect(document.getElementById("today-ready")!.dataset.count).toBe("2");
  expect(screen.getByText("Tidak bergerak 3 hari kerja")).toBeTruthy();
  expect(screen.getByText("ambil di toko")).toBeTruthy();
  expect(screen.getByText("Antar")).toBeTruthy();
  expect(document.getElementById("today-money-today")!.textContent).toBe("Rp 1.500.000");
  expect(screen.getByText("+50%")).toBeTruthy();
  expect(screen.getByText("Laci kasir belum dibuka.")).toBeTruthy();
  await fireEvent.click(screen.getByText("SV-1"));
  expect(nav.view).toEqual({ name: "ticket", id: "ticket-SV-1" });
  await fireEvent.click(screen.getByText("SO-1"));
  expect(nav.view).toEqual({ name: "order", id: "order-SO-1" });
  await fireEvent.click(screen.getByText("VS-1"));
  expect(nav.view).toEqual({ name: "visits" });
  await fireEvent.click(screen.getByText("KJ-1"));
  expect(nav.view).toEqual({ name: "runs" });
  await fireEvent.click(document.getElementById("today-to-shift")!);
  expect(nav.view).toEqual({ name: "shift" });
});

test("a follow-up marked done leaves the list; no money without the reports", async () => {
  let done: string[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "today") return base({ follow_ups: done.length ? [] : [item("consultation", "", { id: "k1", detail: "Hasil scan bergaris", at: "2026-11-23" })] });
    if (cmd === "follow_up_done") {
      done = [...done, (args as { id: string }).id];
      return null;
    }
    return undefined;
  });
  render(Today);
  await screen.findByText("Hasil scan bergaris");
  expect(document.getElementById("today-money")).toBeNull();
  expect(document.getElementById("today-shift")).toBeNull();
  await fireEvent.click(screen.getByText("Selesai"));
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  expect(done).toEqual(["k1"]);
  expect(document.getElementById("today-follow-ups")!.dataset.count).toBe("0");
});
