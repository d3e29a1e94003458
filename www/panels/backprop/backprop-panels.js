// backprop-panels.js: the "watch backpropagation live" panels (network diagram,
// step-through, equations, gradient health, gradient check) and the one place
// that asks the network for their numbers. main.js passes the data in each
// frame; this module throttles the work (about 4 Hz while training) and never
// changes the app state except through the handlers it is given.

import { createDiagram } from "./diagram.js";
import { equationsFor, createEquationsView, highlightPhase, DIGITS } from "./equations.js";
import { createStepper } from "./stepper.js";
import { createHealth, gradientNorms } from "./health.js";
import { createGradCheck, richardson, EPS } from "./gradcheck.js";
import { loadKatex, loadUPlot } from "../../app/libraries.js";
import { sampleGradients } from "../../app/session.js";
import { svgFigure, svgText, downloadPng, FIGURE_SCALE } from "../../views/figures.js";
import { downloadText } from "../../app/download.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {import("../../types").NetworkHandle} NetworkHandle */

/** Milliseconds between refreshes while training: slow enough to read. */
const LIVE_MS = 250;
/** Milliseconds of typesetting per frame, while training and while paused. */
const TYPESET_RUNNING_MS = 3;
const TYPESET_PAUSED_MS = 40;
/** At most this many points in the point list. */
const LIST_MAX = 500;

/**
 * What main.js passes in each frame.
 * @typedef {{
 *   net: NetworkHandle,
 *   spec: Required<import("../../types").Spec>,
 *   trainXs: Float64Array,
 *   trainLabels: import("../../types").Labels,
 *   points: readonly { x1: number, x2: number, label: number, test: boolean }[],
 *   selected: number | null,
 *   alpha: number,
 *   update?: import("../../types").UpdateOptions,  // the optimizer and regularization of each step
 *   running: boolean,
 *   epoch: number,
 *   batch: import("../../backprop-types").BatchGradients | null,  // while training: Σ dW measured by the worker for these weights
 * }} PanelData
 */

/**
 * @typedef {{
 *   onSelect: (index: number) => void,     // make point `index` the selected point
 *   onPause: () => void,                   // stop training (the stepper takes over)
 *   editParams: (params: import("../../types").LayerParams[]) => void,  // set weights changed by hand
 *   iterate: () => void,                   // one full-batch update of the lecture's loop (one epoch)
 * }} PanelHandlers
 */

/**
 * Mounts the panels inside `root`.
 * @param {HTMLElement} root
 * @param {Translate} t
 * @param {PanelHandlers} handlers
 */
export function createBackpropPanels(root, t, handlers) {
  /** @type {import("./equations.js").Katex | null} */
  let katex = null;
  /** @type {typeof import("uplot") | null} */
  let uPlot = null;
  /** @type {PanelData | null} */
  let data = null;
  let lastRender = -Infinity;
  let wasRunning = false;
  /** Panels on screen: while training, only they are refreshed (the rest when they scroll into view). */
  const visible = new Set();
  let becameVisible = false;
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const name = /** @type {HTMLElement} */ (e.target).dataset.panel;
      if (e.isIntersecting) {
        visible.add(name);
        becameVisible = true;
      } else {
        visible.delete(name);
      }
    }
  });
  let lastHealthEpoch = -1;
  let specKey = "";
  /** The numbers of the iteration being stepped, kept from before its update. @type {import("./equations.js").EquationsView | null} */
  let frozen = null;
  let ui = mount();

  loadKatex().then((k) => {
    katex = k;
    ui.eqView = createEquationsView(ui.eqBox, k);
    lastRender = -Infinity;
    if (data) render(data);
  }).catch((e) => {
    ui.eqError.textContent = t("error.generic", { message: e instanceof Error ? e.message : String(e) });
  });
  // Printing shows every equation (print.css): typeset all of them first, not only those in view.
  addEventListener("beforeprint", () => ui.eqView?.flush(Infinity));
  loadUPlot().then((u) => {
    uPlot = u;
    ui.health = createHealth(ui.healthBox, u, t);
    lastHealthEpoch = -1;
    if (data) sampleHealth(data);
  }).catch(() => {});

  function mount() {
    observer.disconnect();
    visible.clear();
    root.replaceChildren();
    const heading = el("h2", "", t("bp.heading"));
    heading.id = "bp-heading";
    root.setAttribute("aria-labelledby", "bp-heading");
    const intro = el("p", "hint", t("bp.intro"));

    const pickLabel = document.createElement("label");
    pickLabel.className = "bp-pick";
    const pickText = el("span", "", t("bp.pick"));
    const pick = document.createElement("select");
    pickLabel.append(pickText, pick);
    pick.addEventListener("change", () => {
      const i = Number(pick.value);
      if (pick.value !== "" && Number.isInteger(i)) handlers.onSelect(i);
    });
    const pickNote = el("p", "note", "");

    const diagramPanel = panel("bp-diagram-panel", t("bp.diagram.heading"));
    const diagramBox = document.createElement("div");
    diagramPanel.append(diagramBox);
    const diagram = createDiagram(diagramBox, t, { onEdit });
    const diagramPng = button(t("figure.diagram"));
    const diagramNote = el("p", "note", "");
    diagramPng.addEventListener("click", () => {
      const svg = diagramBox.querySelector("svg");
      if (!(svg instanceof SVGSVGElement)) return;
      svgFigure(svg, FIGURE_SCALE).then((canvas) => downloadPng(document, canvas, "backprop-lab-diagram.png"))
        .catch((e) => (diagramNote.textContent = t("error.generic", { message: e instanceof Error ? e.message : String(e) })));
    });
    // The diagram as a vector drawing too (it is one): sharp at any size, editable.
    const diagramSvg = button(t("figure.diagramSvg"));
    diagramSvg.addEventListener("click", () => {
      const svg = diagramBox.querySelector("svg");
      if (!(svg instanceof SVGSVGElement)) return;
      try {
        downloadText(document, "backprop-lab-diagram.svg", svgText(svg, 1), "image/svg+xml");
      } catch (e) {
        diagramNote.textContent = t("error.generic", { message: e instanceof Error ? e.message : String(e) });
      }
    });
    const diagramButtons = document.createElement("div");
    diagramButtons.className = "buttons figure-buttons";
    diagramButtons.append(diagramPng, diagramSvg);
    diagramPanel.append(diagramButtons, diagramNote);

    const stepPanel = panel("bp-step-panel", t("bp.step.heading"));
    const stepBox = document.createElement("div");
    stepPanel.append(stepBox);
    const stepper = createStepper(stepBox, t, { onPhase });

    const eqPanel = panel("bp-eq-panel", t("bp.eq.heading"));
    const eqNote = el("p", "hint", t("bp.eq.note", { digits: DIGITS }));
    const eqError = el("p", "note", "");
    const eqScroll = document.createElement("div");
    eqScroll.className = "bp-eq-scroll";
    eqScroll.tabIndex = 0;
    eqScroll.setAttribute("role", "region");
    eqScroll.setAttribute("aria-label", t("bp.eq.region"));
    const eqBox = document.createElement("div");
    eqScroll.append(eqBox);
    // The equations shown, as LaTeX: to the clipboard, and into a box to copy from where the clipboard is refused.
    const latexButton = button(t("figure.latex"));
    const latexNote = el("p", "note", "");
    latexNote.setAttribute("role", "status");
    const latexBox = document.createElement("textarea");
    latexBox.className = "bp-latex";
    latexBox.readOnly = true;
    latexBox.rows = 6;
    latexBox.hidden = true;
    latexBox.setAttribute("aria-label", t("figure.latexBox"));
    latexButton.addEventListener("click", () => {
      const view = ui.eqView;
      if (!view) return;
      const text = view.latex();
      const n = view.count();
      latexBox.value = text;
      latexBox.hidden = false;
      latexBox.select();
      const copied = navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : Promise.resolve(false);
      copied.then((ok) => (latexNote.textContent = t(ok ? "figure.latexCopied" : "figure.latexSelect", { n })));
    });
    const latexButtons = document.createElement("div");
    latexButtons.className = "buttons figure-buttons";
    latexButtons.append(latexButton);
    eqPanel.append(eqNote, eqError, latexButtons, latexNote, latexBox, eqScroll);

    const healthPanel = panel("bp-health-panel", t("bp.health.heading"));
    const healthHint = el("p", "hint", t("bp.health.hint"));
    const healthBox = document.createElement("div");
    healthBox.className = "bp-health";
    healthBox.setAttribute("role", "img");
    healthBox.setAttribute("aria-label", t("bp.health.label"));
    healthPanel.append(healthHint, healthBox);

    const checkPanel = panel("bp-check-panel", t("bp.check.heading"));
    const checkBox = document.createElement("div");
    checkPanel.append(checkBox);
    const check = createGradCheck(checkBox, t, { onRun: runCheck });

    const grid = document.createElement("div");
    grid.className = "bp-grid";
    grid.append(diagramPanel, stepPanel, eqPanel, healthPanel, checkPanel);
    root.append(heading, intro, pickLabel, pickNote, grid);
    /** @type {ReturnType<typeof createHealth> | null} */
    const health = uPlot ? createHealth(healthBox, uPlot, t) : null;
    for (const [name, section] of /** @type {[string, HTMLElement][]} */ ([
      ["diagram", diagramPanel], ["eq", eqPanel], ["health", healthPanel],
    ])) {
      section.dataset.panel = name;
      observer.observe(section);
    }
    const eqView = katex ? createEquationsView(eqBox, katex) : null;
    return { pick, pickNote, diagram, stepper, eqBox, eqView, eqError, health, healthBox, check };
  }

  // ---- handlers of the panels ------------------------------------------------

  /**
   * @param {import("./diagram.js").ParamRef} ref
   * @param {number} value
   */
  function onEdit(ref, value) {
    if (!data || data.running) return;
    const p = data.net.params();
    if (ref.param === "W") p[ref.layer - 1].W[ref.row][ref.col] = value;
    else p[ref.layer - 1].b[ref.row] = value;
    frozen = null;
    handlers.editParams(p);
  }

  /**
   * The stepper moves from `from` to `to`; entering "update" performs the lecture's
   * gradient_descent exactly as the contract's step does.
   * @param {string | null} to
   * @param {string | null} from
   */
  function onPhase(to, from) {
    if (!data) return false;
    if (data.running) handlers.onPause();
    if (to === "update" && from !== "update") {
      const d = data;
      if (d.trainLabels.length === 0) return false;
      frozen = equationsView(d);
      handlers.iterate();
    } else if (to !== "update") {
      frozen = null;
    }
    queueMicrotask(() => {
      if (data) render(data);
    });
    return true;
  }

  function runCheck() {
    if (!data) return { error: t("bp.none") };
    if (data.trainLabels.length === 0) return { error: t("status.noPoints") };
    try {
      const { net, trainXs, trainLabels } = data;
      const rows = richardson(net.gradientCheck(trainXs, trainLabels, EPS), net.gradientCheck(trainXs, trainLabels, EPS / 2));
      return { rows, activation: data.spec.hidden };
    } catch (e) {
      return { error: t("error.generic", { message: e instanceof Error ? e.message : String(e) }) };
    }
  }

  // ---- data -------------------------------------------------------------------

  /** The point the equations follow: the selected one, else the first training point. @param {PanelData} d */
  function pointOf(d) {
    if (d.selected !== null && d.points[d.selected]) return d.selected;
    const i = d.points.findIndex((p) => !p.test);
    return i >= 0 ? i : null;
  }

  /**
   * The numbers of the equations for the current point, or null without a point.
   * @param {PanelData} d
   * @returns {import("./equations.js").EquationsView | null}
   */
  function equationsView(d) {
    const k = pointOf(d);
    if (k === null) return null;
    const p = d.points[k];
    /** @type {[number, number]} */
    const x = [p.x1, p.x2];
    const backward = sampleGradients(d.net, x, p.label); // only for showing: the accumulator stays untouched
    return {
      spec: d.spec,
      params: d.net.params(),
      pointIndex: k,
      x,
      label: p.label,
      a0: d.net.features(x),
      forward: d.net.forward(x),
      backward,
      batch: batchOf(d),
      trainCount: d.trainLabels.length,
      alpha: d.alpha,
      update: d.update,
      optimizer: d.update && d.update.optimizer && d.update.optimizer !== "gd" ? d.net.optimizerState() : null,
    };
  }

  /**
   * The gradients summed over the training points: the worker's, measured for the present
   * weights, while training (an epoch's work off the main thread); computed here otherwise.
   * @param {PanelData} d
   */
  function batchOf(d) {
    if (d.trainLabels.length === 0) return null;
    return d.batch ?? d.net.batchGradients(d.trainXs, d.trainLabels);
  }

  /** @param {PanelData} d */
  function sampleHealth(d, batch = batchOf(d), draw = true) {
    if (!ui.health || !batch) return;
    ui.health.sample(d.epoch, gradientNorms(batch.layers), draw);
    lastHealthEpoch = d.epoch;
  }

  /** @param {PanelData} d */
  function showPointList(d) {
    const count = Math.min(d.points.length, LIST_MAX);
    if (ui.pick.options.length !== count + 1 || ui.pick.dataset.key !== pointsKey(d)) {
      ui.pick.dataset.key = pointsKey(d);
      const none = document.createElement("option");
      none.value = "";
      none.textContent = t("bp.pickNone");
      const options = [none];
      for (let i = 0; i < count; i++) {
        const p = d.points[i];
        const o = document.createElement("option");
        o.value = String(i);
        o.textContent = t("bp.pickItem", {
          i: i + 1, x1: p.x1.toFixed(2), x2: p.x2.toFixed(2), name: d.spec.output === "linear" ? `y = ${p.label.toFixed(2)}` : t(`class.short.${p.label}`), test: p.test ? t("selected.test") : "",
        });
        options.push(o);
      }
      ui.pick.replaceChildren(...options);
    }
    ui.pick.value = d.selected !== null && d.selected < count ? String(d.selected) : "";
    const k = pointOf(d);
    ui.pickNote.textContent = d.points.length > LIST_MAX ? t("bp.pickMany", { max: LIST_MAX }) : "";
    if (d.selected === null && k !== null) ui.pickNote.textContent += ` ${t("bp.pickDefault", { k: k + 1 })}`;
  }

  /** @param {PanelData} d */
  function render(d) {
    const key = JSON.stringify([d.spec.layers, d.spec.hidden, d.spec.output, d.spec.inputs]);
    if (key !== specKey) {
      specKey = key;
      ui.stepper.reset(d.spec.layers.length - 1);
      ui.check.clear();
      frozen = null;
    }
    if (d.running && ui.stepper.phase() !== null) ui.stepper.reset(d.spec.layers.length - 1);
    ui.stepper.ready();
    showPointList(d);
    const phase = ui.stepper.phase();
    /** @type {import("./equations.js").EquationsView | null} */
    let view = null;
    try {
      view = phase === "update" && frozen ? frozen : equationsView(d);
      ui.eqError.textContent = "";
    } catch (e) {
      ui.eqError.textContent = t("error.generic", { message: e instanceof Error ? e.message : String(e) });
    }
    const L = d.spec.layers.length - 1;
    const step = phase === null ? null : /^(\w+)(?:-(\d+))?$/.exec(phase);
    const kind = step ? step[1] : "";
    const l = step && step[2] ? Number(step[2]) : 0;
    const reveal = phase === null || kind === "sum" || kind === "update"
      ? null
      : {
        forwardUpTo: kind === "forward" ? l : L,
        backwardDownTo: kind === "backward" ? l : L + 1,
        highlight: kind === "loss" ? L : l,
        kind,
      };
    // After the update the equations keep the step's numbers (frozen); the diagram shows the new
    // weights, so it shows the point under them too: its values never go blank.
    let live = view;
    if (phase === "update" && frozen) {
      try {
        live = equationsView(d);
      } catch {
        live = null;
      }
    }
    const show = (/** @type {string} */ name) => !d.running || visible.has(name);
    ui.diagram.setEditable(!d.running);
    if (show("diagram")) ui.diagram.update({
      spec: d.spec,
      params: d.net.params(),
      a0: live ? live.a0 : null,
      forward: live ? live.forward : null,
      backward: live ? live.backward.layers : null,
      batch: live && live.batch ? live.batch.layers : null,
      trainCount: d.trainLabels.length,
      pointIndex: live ? live.pointIndex : null,
      editable: !d.running,
      reveal,
    });
    if (ui.eqView && view) {
      if (show("eq")) ui.eqView.set(equationsFor(view, t));
    } else if (!view) {
      ui.eqView?.set([]);
      ui.eqBox.replaceChildren(el("p", "note", t("bp.eq.noPoint")));
    }
    highlightPhase(ui.eqBox, phase);
    if (d.running || d.epoch !== lastHealthEpoch) {
      sampleHealth(d, view && view.batch && phase !== "update" ? view.batch : undefined, show("health"));
    }
  }

  return {
    /**
     * Called every frame: refreshes at most every LIVE_MS while training, at once when `changed`.
     * `getData` is called only when the panels refresh.
     * @param {number} now
     * @param {boolean} running
     * @param {boolean} changed  something the panels show may have changed
     * @param {() => PanelData} getData
     */
    frame(now, running, changed, getData) {
      const flipped = running !== wasRunning;
      wasRunning = running;
      const appeared = becameVisible;
      becameVisible = false;
      if (running ? flipped || appeared || now - lastRender >= LIVE_MS : changed || flipped || appeared) {
        lastRender = now;
        data = getData();
        render(data);
      }
      ui.eqView?.flush(running ? TYPESET_RUNNING_MS : TYPESET_PAUSED_MS);
    },
    /** Rebuilds every panel in a new language. @param {Translate} nextT */
    relabel(nextT) {
      t = nextT;
      specKey = "";
      ui = mount();
      lastHealthEpoch = -1;
      if (data) render(data);
    },
    resize() {
      ui.health?.resize(ui.healthBox.clientWidth);
    },
    /** The step-through's next phase, as its Next button (the key n, presenter mode). */
    nextPhase() {
      ui.stepper.next();
    },
    /**
     * The panel a lesson's "open" button takes the student to.
     * @param {"equations" | "stepper"} kind
     * @returns {HTMLElement | null}
     */
    section(kind) {
      return root.querySelector(kind === "equations" ? ".bp-eq-panel" : ".bp-step-panel");
    },
  };
}

/** @param {PanelData} d */
function pointsKey(d) {
  const n = Math.min(d.points.length, LIST_MAX);
  let h = d.points.length;
  for (let i = 0; i < n; i++) h = (h * 31 + d.points[i].x1 * 1e6 + d.points[i].x2 * 1e3 + d.points[i].label + (d.points[i].test ? 7 : 0)) % 2147483647;
  return String(h);
}

/** A plain button with its words. @param {string} text */
function button(text) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  return b;
}

/**
 * @param {string} className
 * @param {string} title
 */
function panel(className, title) {
  const section = document.createElement("section");
  section.className = `panel bp-panel ${className}`;
  const h = el("h3", "", title);
  h.id = `${className}-h`;
  section.setAttribute("aria-labelledby", h.id);
  section.append(h);
  return section;
}

/**
 * @param {string} tag
 * @param {string} className
 * @param {string} text
 */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.textContent = text;
  return e;
}
