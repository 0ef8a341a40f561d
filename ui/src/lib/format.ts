// Display helpers: money as the receipt prints it, dates in the shop's zone.
export function rupiah(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const n = Number(amount);
  const negative = n < 0;
  const whole = Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${negative ? "-" : ""}Rp ${whole}`;
}

export function localDateTime(iso: string, timeZone = "Asia/Jakarta"): string {
  const d = new Date(iso);
  return d.toLocaleString("id-ID", { timeZone, dateStyle: "medium", timeStyle: "short" });
}

export function localDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}-${m}-${y}`;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in the shop's zone. */
export function shopToday(timeZone = "Asia/Jakarta"): string {
  return new Date().toLocaleDateString("sv-SE", { timeZone });
}

/** The shop-zone date (YYYY-MM-DD) of an instant. */
export function shopDay(iso: string, timeZone = "Asia/Jakarta"): string {
  return new Date(iso).toLocaleDateString("sv-SE", { timeZone });
}

/** The shop-zone clock time (HH.MM) of an instant. */
export function shopClock(iso: string, timeZone = "Asia/Jakarta"): string {
  return new Date(iso).toLocaleTimeString("id-ID", { timeZone, hour: "2-digit", minute: "2-digit" });
}

/** A date (YYYY-MM-DD) `days` later, counted on the calendar. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
