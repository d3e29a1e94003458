// dom.js: writes to the page only what changed. The readouts are refreshed every
// frame while training; writing an unchanged text or attribute still makes the
// browser lay out and repaint the whole page.

/**
 * Sets an element's text unless it already reads so.
 * @param {Element} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Sets an attribute unless it already has this value.
 * @param {Element} el
 * @param {string} name
 * @param {string} value
 */
export function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Sets a property (hidden, disabled, checked, value) unless it already has this value.
 * @template {Element} E
 * @template {keyof E} K
 * @param {E} el
 * @param {K} name
 * @param {E[K]} value
 */
export function setProp(el, name, value) {
  if (el[name] !== value) el[name] = value;
}
