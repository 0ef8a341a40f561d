// Which screen is showing. Screens call `go` instead of importing each other.
export type View =
  | { name: "today" }
  | { name: "shift" }
  | { name: "board" }
  | { name: "intake" }
  | { name: "pickup" }
  | { name: "settings" }
  | { name: "account" }
  | { name: "audit" }
  | { name: "orders" }
  | { name: "new_order" }
  | { name: "catalog" }
  | { name: "reports" }
  | { name: "warranty" }
  | { name: "visits" }
  | { name: "runs" }
  | { name: "contracts" }
  | { name: "order"; id: string }
  | { name: "ticket"; id: string };

export const nav = $state({ view: { name: "today" } as View });

export function go(view: View): void {
  nav.view = view;
}
