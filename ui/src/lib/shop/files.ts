// Files chosen at the counter, read as the core takes them: the name and
// the bytes in base64 (a data URL; the core checks what the bytes are).
import type { AttachmentInput } from "../../api";

export function readFile(file: File): Promise<AttachmentInput> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name, data_base64: String(reader.result) });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export const readFiles = (files: FileList | null) => Promise.all(Array.from(files ?? []).map(readFile));

/** A size as people read it: 820 KB, 1,4 MB. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
