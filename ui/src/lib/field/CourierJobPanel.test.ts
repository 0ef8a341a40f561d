// The ticket's pickup-and-delivery panel: where the device is now, a
// courier job refused at its field, then made with its fee.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import CourierJobPanel from "./CourierJobPanel.svelte";
import type { NewJob, Session, TicketDetail } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const session: Session = { staff_id: "o1", name: "Hendra", username: "owner", role: "owner", allowed: ["take_in", "courier_jobs"], must_change_password: false, has_pin: false };
// Only the fields the panel reads.
const ticket = { id: "t1", number: "SV-1", customer: { phone: "+6281234567890" } } as unknown as TicketDetail;

test("the holder shows; a job without a city is refused at its field, then made", async () => {
  const sent: NewJob[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "couriers") return [{ id: "k1", name: "Kurir Adi" }];
    if (cmd === "custody_chain") return [{ from_party: "customer", to_party: "courier", staff_name: "Kurir Adi", condition: "Lengkap", at: "2026-11-23T03:00:00Z" }];
    if (cmd === "create_courier_job") {
      const input = (args as { input: NewJob }).input;
      sent.push(input);
      if (!input.city.trim()) throw { kind: "validation", field: "city", code: "required", message: "must not be empty" };
      return { id: "j1", number: "JOB-1", fee: 0 };
    }
  });
  render(CourierJobPanel, { ticket, session });
  expect((await screen.findByText("Kurir", { selector: "#custody-holder strong" })).textContent).toBe("Kurir");
  await fireEvent.input(document.getElementById("f-job-address")!, { target: { value: "Jl. Gatot Subroto 12" } });
  await fireEvent.click(document.getElementById("courier-job-submit")!);
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("city");
  await fireEvent.input(document.getElementById("f-job-city")!, { target: { value: "Jakarta Selatan" } });
  await fireEvent.click(document.getElementById("courier-job-submit")!);
  await screen.findByText(/JOB-1/);
  expect(sent[1]).toMatchObject({ kind: "pickup", ticket_id: "t1", courier_id: "k1", phone: "+6281234567890", collect_balance: false });
});
