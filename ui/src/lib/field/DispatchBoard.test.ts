// The dispatch board: blocks sized by their minutes with the travel buffer,
// shaded hours and days off; a request dragged onto a technician and a time
// books it there, a booked visit moved by keys asks why and shows the
// core's refusal at the reason; the arithmetic of drops and keys.
import { afterEach, expect, test } from "vitest";
import { tick } from "svelte";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DispatchBoard from "./DispatchBoard.svelte";
import type { BookingInput, DispatchBoard as Board, Visit } from "../../api";
import { box, fits, nudge, snap, spotAt } from "./dispatch";

afterEach(() => {
  cleanup();
  clearMocks();
});

const visit = (id: string, status: string, starts: string | null, ends: string | null): Visit => ({
  id, number: `VS-JKT1-K1-2026-00000${id}`, customer_id: "c1", kind: "paid", problem: "Scanner macet", site_address: "Jl. Gatot Subroto 12",
  status, requested_at: "2026-11-23T03:00:00Z", due_at: "2026-11-24T10:30:00Z", technician_id: starts ? "t1" : null,
  starts_at: starts, ends_at: ends, after_hours: false, surcharge: 0, sla: status === "booked" ? "at_risk" : "on_time", units: [], confirmation: null,
});
const day = (date: string, open: number | null, close: number | null, off: Board["rows"][0]["days"][0]["off"], blocks: Board["rows"][0]["days"][0]["blocks"] = []) => ({ date, open, close, off, blocks });
const booked = visit("1", "booked", "2026-11-24T03:00:00Z", "2026-11-24T04:30:00Z");
const board: Board = {
  days: ["2026-11-24"], today: "2026-11-24", hour_from: 6, hour_to: 19, buffer_minutes: 30,
  rows: [
    { staff_id: "t1", name: "Joko", skills: ["scanner"], days: [day("2026-11-24", 510, 1050, null, [{ visit: booked, customer: "Budi Santoso", from: 600, to: 690 }])] },
    { staff_id: "t2", name: "Sari", skills: ["cctv"], days: [day("2026-11-24", null, null, "day_off")] },
    { staff_id: "t3", name: "Rudi", skills: ["cctv", "scanner"], days: [day("2026-11-24", 420, 900, null)] },
  ],
  requests: [{ visit: visit("2", "requested", null, null), customer: "Ani", skills: ["cctv"] }],
};

function booking(calls: BookingInput[], refuse = false) {
  mockIPC((cmd, args) => {
    if (cmd !== "book_visit") return;
    const input = (args as { input: BookingInput }).input;
    calls.push(input);
    if (refuse && !input.reason) throw { kind: "validation", field: "reason", code: "required", message: "why the visit moves" };
    return booked;
  });
}

test("blocks are as long as the visit, with the travel buffer; days off are shaded and named", () => {
  render(DispatchBoard, { board, canBook: true, onPick: () => {}, onBooked: () => {} });
  const block = document.querySelector<HTMLElement>('.block[data-number="VS-JKT1-K1-2026-000001"]')!;
  // 10:00–11:30 on a 06:00–19:00 board (780 minutes).
  expect(parseFloat(block.style.left)).toBeCloseTo((240 / 780) * 100, 3);
  expect(parseFloat(block.style.width)).toBeCloseTo((90 / 780) * 100, 3);
  expect(block.textContent).toContain("10.00");
  expect(block.textContent).toContain("Budi Santoso");
  expect(block.className).toContain("sla-at_risk");
  const buffers = block.parentElement!.querySelectorAll<HTMLElement>(".buffer");
  expect([...buffers].map((b) => parseFloat(b.style.width).toFixed(3))).toEqual([((30 / 780) * 100).toFixed(3), ((30 / 780) * 100).toFixed(3)]);
  const joko = document.querySelector('[data-technician="Joko"] .lane')!;
  expect([...joko.querySelectorAll<HTMLElement>(".shade")].map((s) => [parseFloat(s.style.left).toFixed(2), parseFloat(s.style.width).toFixed(2)]))
    .toEqual([["0.00", ((150 / 780) * 100).toFixed(2)], [((690 / 780) * 100).toFixed(2), ((90 / 780) * 100).toFixed(2)]]);
  expect(document.querySelector('[data-technician="Sari"] [data-off="day_off"]')?.textContent).toContain("Cuti");
});

test("a request dragged onto a technician at 10.30 is booked there after a confirm", async () => {
  const calls: BookingInput[] = [];
  booking(calls);
  let booked = 0;
  render(DispatchBoard, { board, canBook: true, onPick: () => {}, onBooked: () => booked++ });
  const lane = document.querySelector<HTMLElement>('[data-technician="Rudi"] .lane')!;
  lane.getBoundingClientRect = () => ({ left: 0, width: 1300, top: 0, height: 52, right: 1300, bottom: 52, x: 0, y: 0, toJSON: () => ({}) });
  document.elementFromPoint = () => lane;
  const request = document.querySelector<HTMLElement>('#visits-open button[data-number="VS-JKT1-K1-2026-000002"]')!;
  const at = (type: string, x: number, target: EventTarget = window) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: 10, bubbles: true, button: 0, buttons: type === "pointerup" ? 0 : 1 }));
  at("pointerdown", 0, request);
  at("pointermove", 200);
  await tick();
  // The request needs CCTV: Joko's row fades, Rudi's does not.
  expect(document.querySelector('[data-technician="Joko"]')?.className).toContain("unfit");
  expect(document.querySelector('[data-technician="Rudi"]')?.className).not.toContain("unfit");
  // 1300 px for 13 hours: x = 452 is 10.31, rounded to 10.30.
  at("pointermove", 452);
  at("pointerup", 452);
  await screen.findByText(/Jadwalkan VS-JKT1-K1-2026-000002 untuk Rudi, 2026-11-24 pukul 10.30/);
  expect(document.getElementById("f-d-reason")).toBeNull();
  await fireEvent.submit(document.getElementById("dispatch-drop")!);
  await new Promise((r) => setTimeout(r, 0));
  expect(calls).toEqual([{ technician_id: "t3", starts_at: "2026-11-24T10:30", minutes: 60, after_hours_accepted: false, reason: null }]);
  expect(booked).toBe(1);
});

test("a booked visit dragged by its middle keeps where it was held; Esc lets go of a drag", async () => {
  booking([]);
  render(DispatchBoard, { board, canBook: true, onPick: () => {}, onBooked: () => {} });
  const rect = () => ({ left: 0, width: 1300, top: 0, height: 52, right: 1300, bottom: 52, x: 0, y: 0, toJSON: () => ({}) });
  const joko = document.querySelector<HTMLElement>('[data-technician="Joko"] .lane')!;
  const rudi = document.querySelector<HTMLElement>('[data-technician="Rudi"] .lane')!;
  joko.getBoundingClientRect = rect;
  rudi.getBoundingClientRect = rect;
  const block = document.querySelector<HTMLElement>('.block[data-number="VS-JKT1-K1-2026-000001"]')!;
  const at = (type: string, x: number, target: EventTarget = window) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: 10, bubbles: true, button: 0, buttons: type === "pointerup" ? 0 : 1 }));
  // Held at 10.18 (18 minutes into the 10.00 visit), let go at 11.18 on Rudi's row: it starts at 11.00.
  document.elementFromPoint = () => joko;
  at("pointerdown", 430, block);
  at("pointermove", 470);
  document.elementFromPoint = () => rudi;
  at("pointermove", 530);
  await tick();
  expect(document.getElementById("dispatch-ghost")?.textContent).toContain("11.00–12.30");
  at("pointerup", 530);
  await screen.findByText(/Pindahkan VS-JKT1-K1-2026-000001 ke Rudi, 2026-11-24 pukul 11.00/);
  await fireEvent.click(document.getElementById("dispatch-cancel")!);
  // Esc during a drag: nothing held, nothing dropped, and the app's Esc (home) does not see it.
  let home = 0;
  const appEsc = (e: KeyboardEvent) => { if (e.key === "Escape") home++; };
  window.addEventListener("keydown", appEsc);
  document.elementFromPoint = () => joko;
  at("pointerdown", 430, block);
  at("pointermove", 480);
  await tick();
  expect(document.getElementById("dispatch-ghost")).not.toBeNull();
  await fireEvent.keyDown(window, { key: "Escape" });
  expect(document.getElementById("dispatch-ghost")).toBeNull();
  at("pointerup", 480);
  await tick();
  expect(document.getElementById("dispatch-drop")).toBeNull();
  expect(home).toBe(0);
  window.removeEventListener("keydown", appEsc);
});

test("a booked visit moved by keys asks why; the core's refusal shows at the reason", async () => {
  const calls: BookingInput[] = [];
  booking(calls, true);
  let picked = 0;
  render(DispatchBoard, { board, canBook: true, onPick: () => picked++, onBooked: () => {} });
  const block = document.querySelector<HTMLElement>('.block[data-number="VS-JKT1-K1-2026-000001"]')!;
  block.focus();
  await fireEvent.keyDown(block, { key: " " });
  for (const key of ["ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"]) await fireEvent.keyDown(window, { key });
  expect(document.getElementById("dispatch-ghost")?.textContent).toContain("10.30–12.00");
  expect(document.getElementById("dispatch-ghost")?.closest("[data-technician]")?.getAttribute("data-technician")).toBe("Rudi");
  await fireEvent.keyDown(window, { key: "Enter" });
  await screen.findByText(/Pindahkan VS-JKT1-K1-2026-000001 ke Rudi, 2026-11-24 pukul 10.30/);
  await fireEvent.submit(document.getElementById("dispatch-drop")!);
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("reason");
  await fireEvent.input(document.getElementById("f-d-reason")!, { target: { value: "Pelanggan minta siang" } });
  await fireEvent.submit(document.getElementById("dispatch-drop")!);
  await new Promise((r) => setTimeout(r, 0));
  expect(calls[1]).toEqual({ technician_id: "t3", starts_at: "2026-11-24T10:30", minutes: 90, after_hours_accepted: false, reason: "Pelanggan minta siang" });
  expect(picked).toBe(0);
  // Enter on a block that is not held opens it.
  await fireEvent.click(block);
  expect(picked).toBe(1);
});

test("drops and keys snap to 15 minutes inside the board, across days on the week", () => {
  const week = { ...board, days: ["2026-11-23", "2026-11-24"], hour_from: 8, hour_to: 18 };
  expect(box(week, 1, 600, 660)).toEqual({ left: 60, width: 5 });
  expect(spotAt(week, 0.55, 60)).toEqual({ day: 1, minute: 540 });
  expect(spotAt(week, 0.49, 60), "a 60-minute visit still ends by 18.00").toEqual({ day: 0, minute: 1020 });
  expect(spotAt(week, 0.3, 60, 30), "held by its middle").toEqual({ day: 0, minute: 810 });
  expect(snap(607, week, 60)).toBe(600);
  expect(snap(608, week, 60)).toBe(615);
  expect(nudge(week, { day: 0, minute: 1020 }, 0, "ArrowRight", 60)).toEqual({ at: { day: 1, minute: 480 }, row: 0 });
  expect(nudge(week, { day: 1, minute: 480 }, 0, "ArrowLeft", 60)).toEqual({ at: { day: 0, minute: 1020 }, row: 0 });
  expect(nudge(week, { day: 0, minute: 480 }, 2, "ArrowDown", 60)?.row).toBe(2);
  expect(nudge(week, { day: 0, minute: 480 }, 0, "PageDown", 60)?.at.day).toBe(1);
  expect(nudge(week, { day: 0, minute: 480 }, 0, "x", 60)).toBeNull();
  expect(fits(board.rows[2], ["CCTV ", "scanner"])).toBe(true);
  expect(fits(board.rows[0], ["cctv"])).toBe(false);
});
