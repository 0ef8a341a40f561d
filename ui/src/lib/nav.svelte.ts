// Which screen is showing. Screens call `go` instead of importing each other.
export type View =
  | { name: "today" }
  | { name: "shift" }
  | { name: "board" }
  | { name: "intake"; customer?: string }
  | { name: "pickup" }
  | { name: "settings" }
  | { name: "account" }
  | { name: "audit" }
  | { name: "orders" }
  | { name: "new_order"; customer?: string }
  | { name: "catalog"; query?: string }
  | { name: "reports" }
  | { name: "warranty"; query?: string }
  | { name: "customer"; id: string }
  | { name: "visits" }
  | { name: "runs" }
  | { name: "contracts" }
  | { name: "service_orders"; id?: string }
  | { name: "order"; id: string }
  | { name: "ticket"; id: string };

export const nav = $state({ view: { name: "today" } as View });

export function go(view: View): void {
  nav.view = view;
}
