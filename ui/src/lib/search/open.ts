// Where a search hit opens: a ticket, an order, a customer's page, a unit
// in the warranty check, a product in the catalogue, the visits.
import type { SearchHit } from "../../api";
import type { View } from "../nav.svelte";

export function viewOf(hit: SearchHit): View {
  switch (hit.kind) {
    case "ticket":
      return { name: "ticket", id: hit.id };
    case "order":
      return { name: "order", id: hit.id };
    case "customer":
      return { name: "customer", id: hit.id };
    case "unit":
      return { name: "warranty", query: hit.id };
    case "product":
      return { name: "catalog", query: hit.id };
    default:
      return { name: "visits" };
  }
}
