// stepper.js: one gradient-descent iteration in phases: forward layer by layer,
// the loss, backward layer by layer, the sum over the training points, the
// update. Next and Previous (buttons, and n / p or the arrow keys inside the
// panel); each phase marks the matching line of the lecture's numpy loop.
// It knows only phase names; whoever creates it performs the update.

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

/**
 * The phases of one iteration for a network with L layers after the input.
 * @param {number} L
 * @returns {string[]}
 */
export function phasesFor(L) {
  const phases = [];
  for (let l = 1; l <= L; l++) phases.push(`forward-${l}`);
  phases.push("loss");
  for (let l = L; l >= 1; l--) phases.push(`backward-${l}`);
  phases.push("sum", "update");
  return phases;
}

/**
 * The phase's name for people.
 * @param {string} phase
 * @param {Translate} t
 */
export function phaseName(phase, t) {
  const [kind, l] = phase.split("-");
  return l ? t(`bp.phase.${kind}`, { l }) : t(`bp.phase.${kind}`);
}

/**
 * The lecture's training loop (2-3-3-1), line by line, each with the phases it belongs to.
 * Layers beyond the lecture's map onto its first, middle and last layer.
 * @type {[string, (phase: string, L: number) => boolean][]}
 */
const LOOP = [
  ["alpha = 0.4", () => false],
  ["for i in range(20000):", () => false],
  ["    totalL = 0", () => false],
  ["    tdW1, tdb1, tdW2, tdb2, tdW3, tdb3 = get_zero_gradients(W1, b1, W2, b2, W3, b3)", () => false],
  ["    for j in range(X.shape[0]):", () => false],
  ["        x = X[j, :].reshape(2,1)", (p) => p === "forward-1"],
  ["        z1, a1, z2, a2, z3, a3 = forward(x, W1, b1, W2, b2, W3, b3)", (p) => p.startsWith("forward-")],
  ["        L = (1.0 / 20) * get_loss(y[j], a3)", (p) => p === "loss"],
  ["        totalL += L", (p) => p === "loss"],
  ["        dW1, db1, dW2, db2, dW3, db3 = get_gradients(z1, a1, z2, a2, z3, a3, x, y[j], W1, b1, W2, b2, W3, b3)", (p) => p.startsWith("backward-")],
  ["        tdW1, tdb1, tdW2, tdb2, tdW3, tdb3 = add_gradients(tdW1, tdb1, tdW2, tdb2, tdW3, tdb3, dW1, db1, dW2, db2, dW3, db3)", (p) => p === "sum"],
  ["    W1, b1, W2, b2, W3, b3 = gradient_descent(W1, b1, W2, b2, W3, b3, tdW1, tdb1, tdW2, tdb2, tdW3, tdb3, alpha)", (p) => p === "update"],
  ["    if totalL < 0.005:", () => false],
  ["        break", () => false],
  ["", () => false],
  ["def get_gradients(z1, a1, z2, a2, z3, a3, x, y, W1, b1, W2, b2, W3, b3):", () => false],
  ["    dz3 = a3 - y               # dL/dz_3", (p, L) => p === `backward-${L}`],
  ["    db3 = dz3                  # dL/db_3", (p, L) => p === `backward-${L}`],
  ["    dW3 = dz3 * a2.T           # dL/dW_3", (p, L) => p === `backward-${L}`],
  ["    da2 = dz3 * W3.T", (p, L) => p === `backward-${L}` && L > 1],
  ["    dz2 = da2 * (a2 * (1-a2))", (p, L) => middle(p, L)],
  ["    db2 = dz2", (p, L) => middle(p, L)],
  ["    dW2 = np.matmul(dz2, a1.T)", (p, L) => middle(p, L)],
  ["    da1 = np.matmul(W2.T, dz2)", (p, L) => middle(p, L)],
  ["    dz1 = da1 * (a1 * (1-a1))", (p, L) => p === "backward-1" && L > 1],
  ["    db1 = dz1", (p, L) => p === "backward-1" && L > 1],
  ["    dW1 = np.matmul(dz1, x.T)", (p, L) => p === "backward-1" && L > 1],
  ["    return dW1, db1, dW2, db2, dW3, db3", () => false],
];

/** @param {string} phase @param {number} L */
function middle(phase, L) {
  const m = /^backward-(\d+)$/.exec(phase);
  return m !== null && Number(m[1]) > 1 && Number(m[1]) < L;
}

/**
 * @typedef {{
 *   onPhase: (phase: string | null, previous: string | null) => boolean,
 * }} StepperHandlers  onPhase returns false to refuse the move (it then stays)
 */

/**
 * Builds the stepper inside `root`.
 * @param {HTMLElement} root
 * @param {Translate} t
 * @param {StepperHandlers} handlers
 */
export function createStepper(root, t, handlers) {
  root.replaceChildren();
  let L = 3;
  /** @type {string[]} */
  let phases = phasesFor(L);
  let index = -1;

  const bar = document.createElement("div");
  bar.className = "buttons bp-step-buttons";
  const prev = document.createElement("button");
  prev.type = "button";
  prev.textContent = t("bp.step.prev");
  const next = document.createElement("button");
  next.type = "button";
  next.className = "primary";
  next.textContent = t("bp.step.next");
  const current = document.createElement("output");
  current.className = "bp-phase";
  current.setAttribute("aria-label", t("bp.step.phase"));
  current.setAttribute("aria-live", "polite");
  bar.append(prev, next);

  const list = document.createElement("ol");
  list.className = "bp-phases";

  const note = document.createElement("p");
  note.className = "hint";
  note.textContent = t("bp.step.hint");

  const code = document.createElement("pre");
  code.className = "bp-code";
  code.setAttribute("aria-label", t("bp.step.code"));
  code.tabIndex = 0;
  const lines = LOOP.map(([text]) => {
    const span = document.createElement("span");
    // Long lines wrap under their own indentation plus four (a hanging indent), so a narrow
    // panel shows every line whole; the text keeps its spaces for copying.
    const indent = text.length - text.trimStart().length;
    span.style.paddingLeft = `${indent + 4}ch`;
    span.style.textIndent = `-${indent + 4}ch`;
    span.textContent = `${text}\n`;
    code.append(span);
    return span;
  });
  const codeNote = document.createElement("p");
  codeNote.className = "note";

  root.append(bar, current, list, note, code, codeNote);

  /** Whether the panels have a network to step through (set by `ready()` after their first drawing). */
  let ready = false;

  prev.addEventListener("click", () => go(index - 1));
  next.addEventListener("click", () => go(index + 1 >= phases.length ? 0 : index + 1));
  root.addEventListener("keydown", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "n" || e.key === "ArrowRight") {
      e.preventDefault();
      next.click();
    } else if (e.key === "p" || e.key === "ArrowLeft") {
      e.preventDefault();
      if (!prev.disabled) prev.click();
    }
  });

  /** @param {number} to */
  function go(to) {
    if (to < -1 || to >= phases.length) return;
    const from = index >= 0 ? phases[index] : null;
    if (!handlers.onPhase(to >= 0 ? phases[to] : null, from)) return;
    index = to;
    show();
  }

  function show() {
    const phase = index >= 0 ? phases[index] : null;
    // Until the panels have drawn a network there is nothing to step through: Next waits, visibly.
    next.disabled = !ready;
    current.textContent = phase === null
      ? t("bp.step.idle")
      : t("bp.step.at", { n: index + 1, total: phases.length, name: phaseName(phase, t) });
    list.replaceChildren(...phases.map((p, i) => {
      const li = document.createElement("li");
      li.textContent = phaseName(p, t);
      if (i === index) li.setAttribute("aria-current", "step");
      if (i < index) li.className = "bp-done";
      return li;
    }));
    LOOP.forEach(([, matches], i) => lines[i].classList.toggle("bp-hl", phase !== null && matches(phase, L)));
    // The update cannot be taken back; Next starts the next iteration.
    prev.disabled = index < 0 || phase === "update";
    next.textContent = phase === "update" ? t("bp.step.again") : t("bp.step.next");
    codeNote.textContent = L === 3 ? "" : t("bp.step.codeNote", { L });
  }

  show();
  return {
    /** Goes to the next phase, as the Next button does (the key n anywhere on the page). */
    next() {
      next.click();
    },
    /** The phase shown, or null before the first Next. */
    phase() {
      return index >= 0 ? phases[index] : null;
    },
    /** The panels have drawn a network: Next can start stepping through it. */
    ready() {
      if (ready) return;
      ready = true;
      show();
    },
    /**
     * Starts over (for a new network, or when training resumes).
     * @param {number} layersAfterInput
     */
    reset(layersAfterInput) {
      L = layersAfterInput;
      phases = phasesFor(L);
      index = -1;
      show();
    },
  };
}
