// The sidebar's menu: every screen grouped by the areas the shop speaks
// of, each shown only to the roles that may use it (the core checks
// again on every command). A courier sees only the runs.
import type { Action, Session } from "../../api";
import type { View } from "../nav.svelte";
import { can } from "../session";

export type MenuItem = {
  /** The element id the keyboard and the e2e tests use: `nav-<id>`. */
  id: string;
  view: View;
  label: string;
  /** Key hint shown beside it. */
  key?: string;
  /** Screens that count as this item (a ticket belongs to the board). */
  also?: View["name"][];
  /** Any of these permissions shows it; none = everyone but couriers. */
  needs?: Action[];
};

export type MenuGroup = { id: string; label: string; items: MenuItem[] };

export const MENU: MenuGroup[] = [
  {
    id: "home",
    label: "navgroup.home",
    items: [{ id: "today", view: { name: "today" }, label: "nav.today", key: "F1" }],
  },
  {
    id: "service",
    label: "navgroup.service",
    items: [
      { id: "board", view: { name: "board" }, label: "nav.board", key: "F4", also: ["ticket"] },
      { id: "intake", view: { name: "intake" }, label: "nav.intake", key: "F2", needs: ["take_in"] },
      { id: "pickup", view: { name: "pickup" }, label: "nav.pickup", key: "F3" },
    ],
  },
  {
    id: "sales",
    label: "navgroup.sales",
    items: [
      { id: "orders", view: { name: "orders" }, label: "nav.orders", key: "F5", also: ["order", "new_order"] },
      { id: "catalog", view: { name: "catalog" }, label: "nav.catalog" },
      { id: "shift", view: { name: "shift" }, label: "nav.shift", needs: ["run_shift"] },
    ],
  },
  {
    id: "warranty",
    label: "navgroup.warranty",
    items: [{ id: "warranty", view: { name: "warranty" }, label: "nav.warranty", needs: ["take_in"] }],
  },
  {
    id: "field",
    label: "navgroup.field",
    items: [
      { id: "visits", view: { name: "visits" }, label: "nav.visits", needs: ["take_in", "move_ticket"] },
      { id: "service_orders", view: { name: "service_orders" }, label: "nav.service_orders", needs: ["take_in", "move_ticket"] },
      { id: "contracts", view: { name: "contracts" }, label: "nav.contracts", needs: ["take_in"] },
      { id: "runs", view: { name: "runs" }, label: "nav.runs" },
    ],
  },
  {
    id: "reports",
    label: "navgroup.reports",
    items: [{ id: "reports", view: { name: "reports" }, label: "nav.reports", needs: ["view_reports"] }],
  },
  {
    id: "admin",
    label: "navgroup.admin",
    items: [
      { id: "settings", view: { name: "settings" }, label: "nav.settings" },
      { id: "audit", view: { name: "audit" }, label: "nav.audit", needs: ["view_audit"] },
    ],
  },
];

/** The groups and items this session may use, empty groups left out. */
export function menuFor(session: Session): MenuGroup[] {
  if (session.role === "courier") {
    const runs = MENU.flatMap((g) => g.items).filter((i) => i.id === "runs");
    return [{ id: "field", label: "navgroup.field", items: runs }];
  }
  return MENU.map((g) => ({
    ...g,
    items: g.items.filter((i) => !i.needs || i.needs.some((a) => can(session, a))),
  })).filter((g) => g.items.length > 0);
}

export function isActive(item: MenuItem, current: View["name"]): boolean {
  return item.view.name === current || (item.also ?? []).includes(current);
}
