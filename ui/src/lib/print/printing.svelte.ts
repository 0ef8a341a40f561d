// Printing from the screens: a roll paper goes to this PC's receipt printer
// when it has one (ESC/POS, straight away), otherwise its PDF opens as
// before; an A4 paper goes to the A4 printer through the system spooler,
// or opens in the viewer. The core decides the drawer and logs each print.
import { api, type DocKind, type PrintDoc, type Printed } from "../../api";
import { t } from "../../i18n/index.svelte";

const ROLL: Partial<Record<DocKind, PrintDoc>> = {
  intake_receipt: "intake_receipt",
  payment_receipt: "payment_receipt",
  order_receipt: "order_receipt",
  return_receipt: "return_receipt",
};

/** What a print did, for the notice beside the button. */
export type Outcome = { printed: Printed[]; path: string | null };

export async function printOrOpen(id: string, kind: DocKind): Promise<Outcome> {
  const doc = ROLL[kind];
  if (doc) {
    const printers = await api.printers();
    if (printers.receipt) {
      return { printed: [await api.printPaper({ doc, id, serials: [], copies: 1 })], path: null };
    }
    // A roll paper without a receipt printer opens as its PDF, as before.
    return { printed: [], path: await api.openDocument(id, kind) };
  }
  const r = await api.printDocument(id, kind);
  return { printed: r.printed ? [r.printed] : [], path: r.path };
}

/** A printed line as people read it, or why it failed. */
export function describe(p: Printed): string {
  const target = p.job.target;
  if (p.job.outcome === "printed") return t("print.printed", { target });
  const key = `err.${p.job.error_code ?? ""}`;
  const reason = t(key) === key ? (p.message ?? "") : t(key);
  return t("print.failed", { target, reason });
}

/** A print log's document kind as people read it ("a4:invoice" → "A4 invoice"). */
export function docLabel(kind: string): string {
  return kind.startsWith("a4:") ? `A4 ${kind.slice(3)}` : t(`print.doc.${kind}`);
}

/** Prints shown on the next screen (an intake opens its ticket). */
export const notices = $state<{ printed: Printed[] }>({ printed: [] });
