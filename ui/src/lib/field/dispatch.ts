// The dispatch board's arithmetic: the board is `days` local days side by
// side, each from `hour_from` to `hour_to`; a position across a row is a day
// and a minute from that day's midnight. The core places the blocks and
// checks every booking; this only turns pointer and key moves into a day
// and a time.
import type { DispatchBoard, DispatchRow } from "../../api";

/** The step a drop or an arrow key moves by, in minutes. */
export const STEP = 15;

export interface Spot {
  day: number;
  minute: number;
}

export function dayMinutes(b: Pick<DispatchBoard, "hour_from" | "hour_to">): number {
  return (b.hour_to - b.hour_from) * 60;
}

/** Left edge and width of [from, to) on day `day`, as % of the row. */
export function box(b: DispatchBoard, day: number, from: number, to: number): { left: number; width: number } {
  const span = dayMinutes(b);
  const lo = Math.max(from, b.hour_from * 60) - b.hour_from * 60;
  const hi = Math.min(to, b.hour_to * 60) - b.hour_from * 60;
  const total = span * b.days.length;
  return { left: ((day * span + lo) / total) * 100, width: (Math.max(hi - lo, 0) / total) * 100 };
}

/** The day and the unrounded minute at `fraction` (0–1) across a row. */
export function rawAt(b: DispatchBoard, fraction: number): Spot {
  const span = dayMinutes(b);
  const at = Math.min(Math.max(fraction, 0), 0.999999) * span * b.days.length;
  const day = Math.floor(at / span);
  return { day, minute: b.hour_from * 60 + (at - day * span) };
}

/** Where a visit of `length` minutes held `grab` minutes after its start
 *  lands when the pointer is at `fraction` across a row: its start rounded
 *  to the step, so it still ends inside the board's day. */
export function spotAt(b: DispatchBoard, fraction: number, length: number, grab = 0): Spot {
  const raw = rawAt(b, fraction);
  return { day: raw.day, minute: snap(raw.minute - grab, b, length) };
}

export function snap(minute: number, b: Pick<DispatchBoard, "hour_from" | "hour_to">, length: number): number {
  const rounded = Math.round(minute / STEP) * STEP;
  const hi = Math.max(b.hour_to * 60 - length, b.hour_from * 60);
  return Math.min(Math.max(rounded, b.hour_from * 60), hi);
}

/** A keyed move: ←→ by the step (across days on the week board), ↑↓ by row. */
export function nudge(b: DispatchBoard, at: Spot, row: number, key: string, length: number): { at: Spot; row: number } | null {
  const rows = b.rows.length;
  const step = (d: number) => {
    let { day, minute } = at;
    minute += d * STEP;
    const lo = b.hour_from * 60;
    const hi = b.hour_to * 60 - length;
    if (minute > hi && day < b.days.length - 1) [day, minute] = [day + 1, lo];
    if (minute < lo && day > 0) [day, minute] = [day - 1, hi];
    return { day, minute: snap(minute, b, length) };
  };
  switch (key) {
    case "ArrowLeft": return { at: step(-1), row };
    case "ArrowRight": return { at: step(1), row };
    case "ArrowUp": return { at, row: Math.max(row - 1, 0) };
    case "ArrowDown": return { at, row: Math.min(row + 1, rows - 1) };
    case "PageUp": return { at: { ...at, day: Math.max(at.day - 1, 0) }, row };
    case "PageDown": return { at: { ...at, day: Math.min(at.day + 1, b.days.length - 1) }, row };
    default: return null;
  }
}

export function hhmm(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, "0")}.${String(m).padStart(2, "0")}`;
}

/** The booking's local start, as the core takes it ("YYYY-MM-DDTHH:MM"). */
export function localStart(date: string, minute: number): string {
  return `${date}T${hhmm(minute).replace(".", ":")}`;
}

/** Whether a technician knows every skill a request needs (as the core checks). */
export function fits(row: DispatchRow, needs: string[]): boolean {
  // ASCII case only, as the core compares (`eq_ignore_ascii_case`).
  const fold = (s: string) => s.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  const have = row.skills.map(fold);
  return needs.every((n) => have.includes(fold(n)));
}
