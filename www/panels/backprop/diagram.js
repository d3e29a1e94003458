// diagram.js: the network drawn as neurons and edges (SVG). Edges are coloured
// by sign and sized by magnitude, of the weight w or of ∂L/∂w (for the selected
// point or summed over the training points). Hover or tap shows full-precision
// values; a small form edits one weight or bias while training is paused.
// It draws what it is given and keeps only its own view state (mode, focus).

const SVG = "http://www.w3.org/2000/svg";
const POSITIVE = "#2166ac";
const NEGATIVE = "#e66101";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {"weights" | "point" | "batch"} EdgeMode */
/** @typedef {{ layer: number, param: "W" | "b", row: number, col: number }} ParamRef  layer 1.. after the input */

/**
 * Everything the diagram shows.
 * @typedef {{
 *   spec: Required<import("../../types").Spec>,
 *   params: import("../../types").LayerParams[],
 *   a0: number[] | null,                                   // the selected point's input features
 *   forward: { z: number[], a: number[] }[] | null,         // the selected point's forward pass
 *   backward: { dz: number[], dW: number[][], db: number[] }[] | null,  // its gradients
 *   batch: { dW: number[][], db: number[] }[] | null,       // summed over the training points
 *   trainCount: number,
 *   pointIndex: number | null,
 *   editable: boolean,
 *   reveal: { forwardUpTo: number, backwardDownTo: number, highlight: number, kind: string } | null,
 * }} DiagramView
 */

/**
 * @typedef {{ onEdit: (ref: ParamRef, value: number) => void }} DiagramHandlers
 */

/**
 * Builds the diagram inside `root`.
 * @param {HTMLElement} root
 * @param {Translate} t
 * @param {DiagramHandlers} handlers
 */
export function createDiagram(root, t, handlers) {
  root.replaceChildren();
  /** @type {EdgeMode} */
  let mode = "weights";
  /** @type {DiagramView | null} */
  let view = null;
  /** @type {string} */
  let specKey = "";
  /** @type {{ kind: "edge", l: number, i: number, j: number } | { kind: "neuron", l: number, i: number } | null} */
  let focus = null;
  /** @type {{ edges: SVGLineElement[][][], hits: SVGLineElement[][][], nodes: SVGCircleElement[][], rings: SVGCircleElement[][], labels: SVGTextElement[][] }} */
  let shapes = { edges: [], hits: [], nodes: [], rings: [], labels: [] };
  /** The diagram's keyboard stops in order (edges into each neuron, then the neuron itself). @type {SVGElement[]} */
  let stops = [];

  const modes = document.createElement("fieldset");
  modes.className = "bp-modes";
  const legend = document.createElement("legend");
  legend.textContent = t("bp.diagram.edges");
  modes.append(legend);
  for (const m of /** @type {EdgeMode[]} */ (["weights", "point", "batch"])) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `bp-edge-mode-${Math.random().toString(36).slice(2)}`;
    input.value = m;
    input.checked = m === mode;
    input.addEventListener("change", () => {
      if (input.checked) {
        mode = m;
        paint();
      }
    });
    const span = document.createElement("span");
    span.textContent = t(`bp.diagram.mode.${m}`);
    label.append(input, span);
    modes.append(label);
  }

  const svg = document.createElementNS(SVG, "svg");
  svg.classList.add("bp-net");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", t("bp.diagram.label"));

  const key = document.createElement("p");
  key.className = "hint";
  key.textContent = t("bp.diagram.key");

  const info = document.createElement("output");
  info.className = "bp-info";
  info.setAttribute("aria-label", t("bp.diagram.details"));
  info.setAttribute("aria-live", "off");

  // The editor: the keyboard path to every parameter; clicking an edge or neuron fills it.
  const form = document.createElement("form");
  form.className = "bp-edit";
  const paramLabel = document.createElement("label");
  const paramText = document.createElement("span");
  paramText.textContent = t("bp.edit.param");
  const paramSelect = document.createElement("select");
  paramLabel.append(paramText, paramSelect);
  const valueLabel = document.createElement("label");
  const valueText = document.createElement("span");
  valueText.textContent = t("bp.edit.value");
  const valueInput = document.createElement("input");
  valueInput.type = "number";
  valueInput.step = "any";
  valueInput.inputMode = "decimal";
  valueLabel.append(valueText, valueInput);
  const setButton = document.createElement("button");
  setButton.type = "submit";
  setButton.textContent = t("bp.edit.set");
  const editNote = document.createElement("p");
  editNote.className = "note";
  form.append(paramLabel, valueLabel, setButton, editNote);

  root.append(modes, svg, key, info, form);

  paramSelect.addEventListener("change", () => {
    const ref = parseRef(paramSelect.value);
    if (!ref) return;
    focus = ref.param === "W"
      ? { kind: "edge", l: ref.layer, i: ref.row, j: ref.col }
      : { kind: "neuron", l: ref.layer, i: ref.row };
    fillValue();
    paint();
  });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const ref = parseRef(paramSelect.value);
    const value = Number(valueInput.value);
    if (!ref || valueInput.value.trim() === "" || !Number.isFinite(value)) {
      editNote.textContent = t("bp.edit.invalid");
      return;
    }
    editNote.textContent = "";
    handlers.onEdit(ref, value);
  });

  function fillValue() {
    const ref = parseRef(paramSelect.value);
    if (!ref || !view) return;
    const p = view.params[ref.layer - 1];
    valueInput.value = String(ref.param === "W" ? p.W[ref.row][ref.col] : p.b[ref.row]);
  }

  /** Rebuilds the shapes for a new architecture. */
  function build() {
    if (!view) return;
    const layers = view.spec.layers;
    const maxN = Math.max(...layers);
    const width = 640;
    const rowH = maxN > 8 ? 30 : 46;
    const height = Math.max(170, maxN * rowH + 40);
    const r = maxN > 8 ? 10 : 17;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();
    const colX = (/** @type {number} */ l) => 40 + ((width - 80) * l) / (layers.length - 1);
    const rowY = (/** @type {number} */ l, /** @type {number} */ i) => height / 2 + (i - (layers[l] - 1) / 2) * rowH;

    const edgeGroup = document.createElementNS(SVG, "g");
    const hitGroup = document.createElementNS(SVG, "g");
    const nodeGroup = document.createElementNS(SVG, "g");
    svg.append(edgeGroup, hitGroup, nodeGroup);
    shapes = { edges: [[]], hits: [[]], nodes: [], rings: [], labels: [] };
    for (let l = 1; l < layers.length; l++) {
      /** @type {SVGLineElement[][]} */
      const rows = [];
      /** @type {SVGLineElement[][]} */
      const hitRows = [];
      for (let i = 0; i < layers[l]; i++) {
        /** @type {SVGLineElement[]} */
        const row = [];
        /** @type {SVGLineElement[]} */
        const hitRow = [];
        for (let j = 0; j < layers[l - 1]; j++) {
          const line = lineEl(colX(l - 1), rowY(l - 1, j), colX(l), rowY(l, i));
          edgeGroup.append(line);
          row.push(line);
          const hit = lineEl(colX(l - 1), rowY(l - 1, j), colX(l), rowY(l, i));
          hit.classList.add("bp-hit");
          hit.setAttribute("role", "button");
          hit.setAttribute("tabindex", "-1");
          hit.setAttribute("aria-label", t("bp.diagram.edge", { l, i: i + 1, j: j + 1 }));
          const target = /** @type {{ kind: "edge", l: number, i: number, j: number }} */ ({ kind: "edge", l, i, j });
          wire(hit, target);
          hitGroup.append(hit);
          hitRow.push(hit);
        }
        rows.push(row);
        hitRows.push(hitRow);
      }
      shapes.edges.push(rows);
      shapes.hits.push(hitRows);
    }
    for (let l = 0; l < layers.length; l++) {
      /** @type {SVGCircleElement[]} */
      const nodes = [];
      /** @type {SVGCircleElement[]} */
      const rings = [];
      /** @type {SVGTextElement[]} */
      const labels = [];
      for (let i = 0; i < layers[l]; i++) {
        const ring = circleEl(colX(l), rowY(l, i), r + 5);
        ring.classList.add("bp-sat");
        const node = circleEl(colX(l), rowY(l, i), r);
        node.classList.add("bp-node");
        if (l > 0) {
          node.setAttribute("role", "button");
          node.setAttribute("tabindex", "-1");
          node.setAttribute("aria-label", t("bp.diagram.neuron", { l, i: i + 1 }));
          wire(node, { kind: "neuron", l, i });
        }
        const text = document.createElementNS(SVG, "text");
        text.setAttribute("x", String(colX(l)));
        text.setAttribute("y", String(rowY(l, i) + 4));
        text.setAttribute("text-anchor", "middle");
        text.classList.add("bp-val");
        if (r < 12) text.classList.add("bp-val-small");
        nodeGroup.append(ring, node, text);
        nodes.push(node);
        rings.push(ring);
        labels.push(text);
      }
      shapes.nodes.push(nodes);
      shapes.rings.push(rings);
      shapes.labels.push(labels);
      const title = document.createElementNS(SVG, "text");
      title.setAttribute("x", String(colX(l)));
      title.setAttribute("y", String(14));
      title.setAttribute("text-anchor", "middle");
      title.classList.add("bp-col-title");
      title.textContent = l === 0 ? "a[0] = x" : `[${l}]`;
      nodeGroup.append(title);
    }

    // The keyboard: one stop in the tab order (a roving tabindex); arrows walk the edges and
    // neurons layer by layer (each neuron's incoming weights, then its bias), Enter edits.
    stops = [];
    for (let l = 1; l < layers.length; l++) {
      for (let i = 0; i < layers[l]; i++) {
        for (let j = 0; j < layers[l - 1]; j++) stops.push(shapes.hits[l][i][j]);
        stops.push(shapes.nodes[l][i]);
      }
    }
    if (stops.length > 0) stops[0].setAttribute("tabindex", "0");

    paramSelect.replaceChildren();
    for (let l = 1; l < layers.length; l++) {
      for (let i = 0; i < layers[l]; i++) {
        for (let j = 0; j < layers[l - 1]; j++) paramSelect.append(option(`W:${l}:${i}:${j}`, paramName("W", l, i, j)));
        paramSelect.append(option(`b:${l}:${i}:0`, paramName("b", l, i, 0)));
      }
    }
    focus = null;
    fillValue();
  }

  /**
   * @param {SVGElement} el
   * @param {{ kind: "edge", l: number, i: number, j: number } | { kind: "neuron", l: number, i: number }} target
   */
  function wire(el, target) {
    el.addEventListener("pointerenter", () => show(target));
    el.addEventListener("focus", () => {
      for (const s of stops) s.setAttribute("tabindex", s === el ? "0" : "-1");
      show(target);
    });
    el.addEventListener("blur", () => showFocus());
    el.addEventListener("keydown", (e) => {
      const k = stops.indexOf(el);
      /** @type {Record<string, number>} */
      const moves = { ArrowRight: k + 1, ArrowDown: k + 1, ArrowLeft: k - 1, ArrowUp: k - 1, Home: 0, End: stops.length - 1 };
      if (e.key in moves) {
        e.preventDefault();
        const next = stops[Math.max(0, Math.min(stops.length - 1, moves[e.key]))];
        /** @type {SVGElement & { focus: () => void }} */ (next).focus();
      } else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        el.dispatchEvent(new MouseEvent("click"));
      }
    });
    el.addEventListener("click", () => {
      focus = target;
      paramSelect.value = target.kind === "edge"
        ? `W:${target.l}:${target.i}:${target.j}`
        : `b:${target.l}:${target.i}:0`;
      fillValue();
      paint();
      if (view && view.editable) valueInput.focus();
    });
    el.addEventListener("pointerleave", () => showFocus());
  }

  /** @param {{ kind: "edge", l: number, i: number, j: number } | { kind: "neuron", l: number, i: number }} target */
  function show(target) {
    if (!view) return;
    info.replaceChildren(...describe(view, target, t).map((line) => {
      const div = document.createElement("div");
      div.textContent = line;
      return div;
    }));
  }

  function showFocus() {
    if (focus) show(focus);
    else info.textContent = t("bp.diagram.hover");
  }

  function paint() {
    if (!view) return;
    const v = view;
    const layers = v.spec.layers;
    // While the stepper runs backward, the edges show this point's ∂L/∂w flowing back.
    const m = v.reveal !== null && v.reveal.kind === "backward" ? "point" : mode;
    /** @type {(l: number, i: number, j: number) => number | null} */
    const edgeValue = m === "weights"
      ? (l, i, j) => v.params[l - 1].W[i][j]
      : m === "point"
        ? (l, i, j) => (v.backward ? v.backward[l - 1].dW[i][j] : null)
        : (l, i, j) => (v.batch ? v.batch[l - 1].dW[i][j] : null);
    let max = 0;
    for (let l = 1; l < layers.length; l++) {
      for (let i = 0; i < layers[l]; i++) {
        for (let j = 0; j < layers[l - 1]; j++) max = Math.max(max, Math.abs(edgeValue(l, i, j) ?? 0));
      }
    }
    const reveal = v.reveal;
    for (let l = 1; l < layers.length; l++) {
      for (let i = 0; i < layers[l]; i++) {
        for (let j = 0; j < layers[l - 1]; j++) {
          const line = shapes.edges[l][i][j];
          const value = edgeValue(l, i, j);
          const hidden = value === null || (m !== "weights" && reveal !== null && l < reveal.backwardDownTo);
          const rel = hidden || max === 0 ? 0 : Math.abs(/** @type {number} */ (value)) / max;
          // Gradients span orders of magnitude: a square root keeps small ones visible.
          const size = m === "weights" ? rel : Math.sqrt(rel);
          line.setAttribute("stroke", hidden ? "#c8ced4" : /** @type {number} */ (value) >= 0 ? POSITIVE : NEGATIVE);
          line.setAttribute("stroke-width", String(hidden ? 0.6 : 0.6 + 5 * size));
          line.setAttribute("stroke-opacity", String(hidden ? 0.5 : 0.35 + 0.6 * size));
          const lit = reveal !== null && reveal.highlight === l;
          line.classList.toggle("bp-lit", lit);
          const focused = focus !== null && focus.kind === "edge" && focus.l === l && focus.i === i && focus.j === j;
          line.classList.toggle("bp-focus", focused);
        }
      }
    }
    for (let l = 0; l < layers.length; l++) {
      for (let i = 0; i < layers[l]; i++) {
        const node = shapes.nodes[l][i];
        const ring = shapes.rings[l][i];
        const text = shapes.labels[l][i];
        const shown = reveal === null || l <= reveal.forwardUpTo;
        const a = l === 0 ? (v.a0 ? v.a0[i] : null) : v.forward ? v.forward[l - 1].a[i] : null;
        const activation = l === 0 ? "linear" : l === layers.length - 1 ? v.spec.output : v.spec.hidden;
        node.setAttribute("fill", shown && a !== null ? activationFill(activation, a) : "#fff");
        text.textContent = shown && a !== null && layers[l] <= 8 ? short(a) : "";
        const saturated = shown && a !== null && l > 0 && isSaturated(activation, a);
        ring.classList.toggle("bp-on", saturated);
        const lit = reveal !== null && reveal.highlight === l;
        node.classList.toggle("bp-lit", lit);
        node.classList.toggle("bp-lit-back", lit && reveal !== null && reveal.kind === "backward");
        node.classList.toggle("bp-focus", focus !== null && focus.kind === "neuron" && focus.l === l && focus.i === i);
      }
    }
    setEditable(v.editable);
    showFocus();
  }

  /** @param {boolean} editable */
  function setEditable(editable) {
    setButton.disabled = !editable;
    valueInput.disabled = !editable;
    if (editable) {
      if (editNote.textContent === t("bp.edit.paused")) editNote.textContent = "";
    } else {
      editNote.textContent = t("bp.edit.paused");
    }
  }

  return {
    /** Editing is for a paused network; this is cheap, unlike update. */
    setEditable,
    /** @param {DiagramView} next */
    update(next) {
      const nextKey = JSON.stringify([next.spec.layers, next.spec.hidden, next.spec.output]);
      view = next;
      if (nextKey !== specKey) {
        specKey = nextKey;
        build();
      } else if (document.activeElement !== valueInput) {
        fillValue();
      }
      paint();
    },
  };
}

/**
 * The lines of the details box for an edge or a neuron, every number at full precision.
 * @param {DiagramView} v
 * @param {{ kind: "edge", l: number, i: number, j: number } | { kind: "neuron", l: number, i: number }} target
 * @param {Translate} t
 * @returns {string[]}
 */
export function describe(v, target, t) {
  const { l, i } = target;
  const full = (/** @type {number | null | undefined} */ x) => (x === null || x === undefined ? t("readout.none") : String(x));
  const point = v.pointIndex === null ? t("bp.none") : String(v.pointIndex + 1);
  if (target.kind === "edge") {
    const j = target.j;
    return [
      t("bp.diagram.edgeTitle", { name: paramName("W", l, i, j), from: j + 1, to: i + 1, l, prev: l - 1 }),
      `w = ${full(v.params[l - 1].W[i][j])}`,
      `∂L/∂w (${t("bp.point", { k: point })}) = ${full(v.backward?.[l - 1].dW[i][j])}`,
      `Σ ∂L/∂w (${t("bp.sumOver", { n: v.trainCount })}) = ${full(v.batch?.[l - 1].dW[i][j])}`,
    ];
  }
  const last = l === v.spec.layers.length - 1;
  const activation = last ? v.spec.output : v.spec.hidden;
  const a = v.forward?.[l - 1].a[i];
  const lines = [
    t("bp.diagram.neuronTitle", { i: i + 1, l }),
    `b = ${full(v.params[l - 1].b[i])}`,
    `z = ${full(v.forward?.[l - 1].z[i])}`,
    `a = ${full(a)}`,
    `dz = ∂L/∂z = ${full(v.backward?.[l - 1].dz[i])}`,
    `db = ∂L/∂b = ${full(v.backward?.[l - 1].db[i])}`,
    `Σ db (${t("bp.sumOver", { n: v.trainCount })}) = ${full(v.batch?.[l - 1].db[i])}`,
  ];
  if (a !== undefined && isSaturated(activation, a)) lines.push(t("bp.diagram.saturated"));
  return lines;
}

/**
 * The name of a parameter as the lecture writes it, 1-based: w[l]_{i,j} or b[l]_i.
 * @param {"W" | "b"} param
 * @param {number} l
 * @param {number} i  0-based row
 * @param {number} j  0-based column
 */
export function paramName(param, l, i, j) {
  return param === "W" ? `w[${l}]${i + 1},${j + 1}` : `b[${l}]${i + 1}`;
}

/**
 * A sigmoid or tanh neuron near its limits, where g′ is almost 0 and the gradient through it vanishes.
 * @param {string} activation
 * @param {number} a
 */
export function isSaturated(activation, a) {
  if (activation === "sigmoid") return a < 0.02 || a > 0.98;
  if (activation === "tanh") return Math.abs(a) > 0.96;
  return false;
}

/** @param {string} value */
function parseRef(value) {
  const [param, l, i, j] = value.split(":");
  if (param !== "W" && param !== "b") return null;
  return /** @type {ParamRef} */ ({ layer: Number(l), param, row: Number(i), col: Number(j) });
}

/** @param {string} value @param {string} text */
function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

/** @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2 */
function lineEl(x1, y1, x2, y2) {
  const line = document.createElementNS(SVG, "line");
  line.setAttribute("x1", String(x1));
  line.setAttribute("y1", String(y1));
  line.setAttribute("x2", String(x2));
  line.setAttribute("y2", String(y2));
  return line;
}

/** @param {number} cx @param {number} cy @param {number} r */
function circleEl(cx, cy, r) {
  const c = document.createElementNS(SVG, "circle");
  c.setAttribute("cx", String(cx));
  c.setAttribute("cy", String(cy));
  c.setAttribute("r", String(r));
  return c;
}

/** @param {number} x */
function short(x) {
  const s = Math.abs(x) >= 100 ? x.toExponential(0) : x.toFixed(2);
  return s.replace("-", "−");
}

/**
 * A neuron's fill: white at the activation's middle, teal toward its top, orange toward its bottom.
 * @param {string} activation
 * @param {number} a
 */
function activationFill(activation, a) {
  const center = activation === "sigmoid" || activation === "softmax" ? 0.5 : 0;
  const scale = activation === "sigmoid" || activation === "softmax" ? 0.5 : activation === "tanh" ? 1 : 2;
  const s = Math.max(-1, Math.min(1, (a - center) / scale));
  const [r, g, b] = s >= 0 ? [120, 180, 215] : [245, 170, 100];
  const mix = (/** @type {number} */ c) => Math.round(255 + (c - 255) * Math.abs(s));
  return `rgb(${mix(r)} ${mix(g)} ${mix(b)})`;
}
