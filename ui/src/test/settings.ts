// The counter settings as the core returns them by default, for component
// tests that mock the `counter_settings` command. A fresh copy each call.
import type { CounterSettings } from "../api";

export function counterSettings(): CounterSettings {
  return {
    idle_lock_minutes: 5, discount_limit_percent: 10, backup_dir: null, backup_keep: 14, backup_daily: true, stale_ticket_days: 3, stale_service_days: 3,
    payment_window_hours: 24, cod_regions: ["Depok"], customer_may_cancel_paid: false, cancel_fee_percent: 5, reship_fee: 25000,
    return_policy: { window: 7, unit: "calendar_days", refuse_customer_mistake: true, refund_needs_sealed_unused: false },
    shipping: { free_regions: ["Depok"], free_days_min: 1, free_days_max: 2, rates: [], default_rate: { city: "", per_kg: 25000, days_min: 3, days_max: 7 } },
    visits: { sla: { next_business_day: true, max_working_hours: 48, at_risk_minutes: 120 }, surcharge: { kind: "percent", percent: 50 }, travel_buffer_minutes: 30, labour_per_hour: 150000 },
  };
}
