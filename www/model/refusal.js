// refusal.js: errors a student can cause (a bad file, a damaged link) that carry their reason
// as a key of i18n.js with its values, so the page shows it in its own language. The Error's
// message is the English text, for the console and for tests.

import { translate } from "./i18n.js";

/** @typedef {import("./i18n.js").Message} Message */

/**
 * A plain Error whose reason the page can translate.
 * @param {string} key  a key of i18n.js, "refuse.…"
 * @param {Message["values"]} [values]  may hold other messages (where in the file), translated alike
 * @returns {Error & { reason: Message }}
 */
export function refusal(key, values = {}) {
  return Object.assign(new Error(translate("en", key, values)), { reason: { key, values } });
}

/**
 * The reason to show for an error: its translatable reason when it carries one; otherwise its
 * message as it is (the core's and the browser's messages are English: the page's sentence around
 * them is translated).
 * @param {unknown} e
 * @returns {Message | string}
 */
export function reasonOf(e) {
  if (e instanceof Error && "reason" in e && isMessage(e.reason)) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

/** @param {unknown} v @returns {v is Message} */
function isMessage(v) {
  return typeof v === "object" && v !== null && typeof (/** @type {Message} */ (v).key) === "string";
}
