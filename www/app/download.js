// download.js: files going out (a download made in the page, so it works offline)
// and coming in (a picked or dropped file read as text, with a size limit).

import { MAX_FILE_BYTES, tooLarge } from "../model/statefile.js";
import { refusal } from "../model/refusal.js";

/**
 * Offers `text` as a file named `name`.
 * @param {Document} doc
 * @param {string} name
 * @param {string} text
 * @param {string} type  MIME type
 */
export function downloadText(doc, name, text, type) {
  downloadBlob(doc, name, new Blob([text], { type }));
}

/**
 * Offers `blob` (a PNG, a text) as a file named `name`.
 * @param {Document} doc
 * @param {string} name
 * @param {Blob} blob
 */
export function downloadBlob(doc, name, blob) {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Reads a file as text; refuses files over the limit before reading them.
 * @param {File} file
 * @returns {Promise<string>}
 */
export async function readText(file) {
  if (file.size > MAX_FILE_BYTES) throw tooLarge(file.size);
  try {
    return await file.text();
  } catch {
    throw refusal("refuse.unreadable");
  }
}
