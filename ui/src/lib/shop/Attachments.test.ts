// The files kept with a service order: a chosen file reaches the core as
// its name and a data URL of its bytes, the list the core answers with is
// shown, and a file the core refuses gets its message beside the field.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Attachments from "./Attachments.svelte";
import { fileSize } from "./files";
import type { AttachmentInfo } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const choose = async (name: string, bytes: number[], type: string) => {
  const input = document.getElementById("f-file-service_order") as HTMLInputElement;
  const file = new File([new Uint8Array(bytes)], name, { type });
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  await fireEvent.change(input);
};

test("a chosen file is sent as its bytes and listed as the core answers", async () => {
  const sent: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "add_attachment") {
      sent.push(args);
      return [{ id: "a1", name: "denah.jpg", mime: "image/jpeg", size: 4, at: "2026-11-23T03:00:00Z" }];
    }
  });
  let files: AttachmentInfo[] = [];
  render(Attachments, { subject: "service_order", subjectId: "o1", files, onchange: (f: AttachmentInfo[]) => (files = f) });
  expect(screen.getByText("Belum ada lampiran")).toBeTruthy();
  await choose("denah.jpg", [0xff, 0xd8, 0xff, 0xe0], "image/jpeg");
  await new Promise((r) => setTimeout(r, 50));
  const args = sent[0] as { subject: string; subjectId: string; file: { name: string; data_base64: string } };
  expect(args.subject).toBe("service_order");
  expect(args.subjectId).toBe("o1");
  expect(args.file.name).toBe("denah.jpg");
  expect(args.file.data_base64).toBe("data:image/jpeg;base64,/9j/4A==");
  expect(files.map((f) => f.name)).toEqual(["denah.jpg"]);
});

test("a file the core refuses is explained beside the field", async () => {
  mockIPC((cmd) => {
    if (cmd === "add_attachment") throw { kind: "validation", field: "file", code: "invalid_file", message: "a PNG, JPEG or PDF file" };
  });
  render(Attachments, { subject: "service_order", subjectId: "o1", files: [], onchange: () => {} });
  await choose("denah.pdf", [0x3c, 0x68], "application/pdf");
  await new Promise((r) => setTimeout(r, 50));
  const field = document.querySelector('[data-field="file"]') as HTMLElement;
  expect(field.classList.contains("invalid")).toBe(true);
  expect(fileSize(820 * 1024)).toBe("820 KB");
  expect(fileSize(1.4 * 1024 * 1024)).toBe("1,4 MB");
});
