// lessonpanel.js: the lessons panel. A list of the lessons; one click sets a
// lesson up (data, network, training) through the host main.js gives it; the
// student's own work is kept aside in memory when the first lesson starts and
// "Back to my work" gives it back exactly. Each lesson's live view (collapse,
// per-point loss, small multiples, hidden space, the one neuron's numbers) is drawn here, from the host's data.

import { LESSONS, lessonSettings, lessonPoints, say } from "../../model/lessons.js";
import { renderCollapse, drawCollapseLine } from "./collapse.js";
import { loadKatex } from "../../app/libraries.js";
import { createMultiples, stepMultiples, paintMultiples, disposeMultiples, multiplesDone } from "./multiples.js";
import { FRAME_BUDGET_MS } from "../../model/trainer.js";
import { mapHidden, drawHiddenSpace, lastHiddenLayer, separatedByOutput } from "./hiddenspace.js";
import { pointLosses, drawLossBars, unsureLoss } from "./lossbars.js";
import { neuronNumbers, buildNeuron, drawNeuron } from "./neuron.js";
import { geometry, LO, HI } from "../../views/plane.js";
import { toSamples, isTest } from "../../model/points.js";
import { goalMet, loadMet, saveMet } from "../../model/challenges.js";

/** @typedef {import("../../model/lessons.js").Lesson} Lesson */
/** @typedef {import("../../model/lessons.js").Variant} Variant */
/** @typedef {import("../../model/settings.js").Settings} Settings */
/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

/**
 * What main.js lends the panel. Only `setUp` and `restore` change the app state.
 * @typedef {{
 *   networks: Pick<import("../../app/session.js").Session, "create" | "release">,
 *   t: Translate,
 *   lang: () => import("../../model/i18n.js").Lang,
 *   view: () => { net: import("../../types").NetworkHandle, spec: Required<import("../../types").Spec>,
 *     points: readonly import("../../model/points.js").Point[], settings: Settings, epoch: number, classes: number,
 *     trainAcc: number | null, testAcc: number | null, trainLoss: number | null, rescues: number },
 *   defaults: () => Settings,
 *   keep: () => unknown,
 *   restore: (work: unknown) => void,
 *   setUp: (settings: Settings, points: { x1: number, x2: number, label: number }[] | null) => void,
 *   target: (kind: "equations" | "stepper" | "surface") => HTMLElement | null,  // the panel a lesson opens
 *   planeWrap: HTMLElement,       // the plane's frame, where lesson 3 draws its line over the plane
 *   planeSize: () => number,      // the plane's drawn size in CSS pixels
 * }} LessonHost
 */

/** Views are redrawn at most this often while the network changes. */
const REDRAW_MS = 120;
/** The CSS size of the hidden-space canvas (it shrinks on a phone). */
const HIDDEN_SIZE = 320;

/**
 * Builds the panel in `root` and keeps it up to date.
 * @param {HTMLElement} root  the empty lessons section
 * @param {LessonHost} host
 * @returns {{ current: () => string | null, number: () => number | null, open: (n: number) => boolean,
 *   resume: (id: string, work: unknown) => boolean, kept: () => unknown,
 *   frame: (now: number) => void, relabel: () => void }}
 */
export function mountLessons(root, host) {
  /** @type {{ lesson: Lesson, variant: Variant | null } | null} */
  let active = null;
  /** @type {unknown} */
  let kept = null;
  /** @type {import("./multiples.js").Multiples | null} */
  let multiples = null;
  /** @type {[number, number]} */
  let pick = [0, 1];
  /** @type {{ W: number[][], b: number[] } | null} */
  let line = null;
  /** @type {import("./collapse.js").Katex | null} */
  let katex = null;
  let lastKey = "";
  let lastDraw = 0;
  /** Whether the open lesson's challenge was met (it stays met, over reloads too). */
  let met = false;
  /** The lessons whose challenge was ever met in this browser (kept in its storage). */
  const metLessons = loadMet(storageOrNull());
  /** @type {HTMLOutputElement | null} */
  let goalMark = null;
  let lastPaint = 0;
  const t = host.t;

  // The overlay on the plane for lesson 3's line; it lets clicks through.
  const overlay = document.createElement("canvas");
  overlay.className = "lesson-overlay";
  overlay.setAttribute("aria-hidden", "true");
  host.planeWrap.classList.add("with-overlay");
  host.planeWrap.append(overlay);

  const heading = el("h2", { id: "lessons-heading" });
  const intro = el("p", { className: "hint" });
  const list = el("ol", { className: "lesson-list" });
  const card = el("div", { className: "lesson-card", hidden: true });
  const back = el("button", { type: "button", id: "lesson-back", className: "lesson-back" });
  const backNote = el("p", { className: "note lesson-back-note" });
  // "Back to my work" sits above the list, so it stays in reach however long the lesson is.
  root.replaceChildren(heading, intro, el("div", { className: "lesson-back-row" }, [back, backNote]), list, card);
  back.addEventListener("click", () => backToWork());

  function render() {
    heading.textContent = t("lessons.heading");
    intro.textContent = t("lessons.intro");
    list.setAttribute("aria-label", t("lessons.list"));
    const lang = host.lang();
    list.replaceChildren(...LESSONS.map((lesson, i) => {
      const b = el("button", { type: "button", className: "lesson-item" });
      b.textContent = `${i + 1}. ${say(lesson.title, lang)}`;
      b.setAttribute("aria-pressed", String(active?.lesson === lesson));
      b.addEventListener("click", () => start(lesson, null));
      return el("li", {}, [b]);
    }));
    back.textContent = t("lessons.back");
    back.disabled = kept === null;
    backNote.textContent = kept === null ? "" : t("lessons.kept");
    renderCard();
  }

  function renderCard() {
    line = null;
    clearOverlay();
    if (!active) {
      card.hidden = true;
      card.replaceChildren();
      return;
    }
    const lang = host.lang();
    const { lesson, variant } = active;
    const n = LESSONS.indexOf(lesson) + 1;
    const title = el("h3", { id: "lesson-title" });
    title.textContent = t("lessons.title", { n, count: LESSONS.length, title: say(lesson.title, lang) });
    const text = el("p", { className: "lesson-text" });
    text.textContent = say(lesson.text, lang);
    const question = el("p", { className: "lesson-question" });
    const q = el("strong");
    q.textContent = t("lessons.try");
    question.append(q, ` ${say(lesson.question, lang)}`);
    /** @type {HTMLElement[]} */
    const children = [title, text, question];
    goalMark = null;
    if (lesson.goal) {
      const goal = el("p", { className: "lesson-goal" });
      const g = el("strong");
      g.textContent = t("lessons.goal");
      goalMark = el("output", { className: "goal-mark" });
      goalMark.setAttribute("aria-label", t("lessons.goalStatus"));
      goal.append(g, ` ${say(lesson.goal.text, lang)} `, goalMark);
      children.push(goal);
      showGoal();
    }
    if (lesson.variants.length > 0) {
      const group = el("div", { className: "buttons lesson-variants", role: "group" });
      group.setAttribute("aria-label", t("lessons.variants"));
      for (const v of lesson.variants) {
        const b = el("button", { type: "button" });
        b.textContent = say(v.label, lang);
        b.setAttribute("aria-pressed", String(variant === v || (variant === null && Object.keys(v.patch).length === 0 && !v.points)));
        b.addEventListener("click", () => start(lesson, v));
        group.append(b);
      }
      children.push(group);
    }
    const opens = lesson.opens;
    if (opens) {
      const target = host.target(opens);
      const b = el("button", { type: "button", className: "lesson-open" });
      b.textContent = t(`lessons.open.${opens}`);
      b.disabled = target === null;
      b.addEventListener("click", () => reveal(opens));
      children.push(b);
      if (!target) {
        const note = el("p", { className: "note" });
        note.textContent = t("lessons.openMissing");
        children.push(note);
      }
    }
    if (lesson.view) {
      const view = el("div", { className: `lesson-view view-${lesson.view}`, id: "lesson-view" });
      children.push(view);
      buildView(view, lesson.view);
    }
    card.hidden = false;
    card.replaceChildren(...children);
    lastKey = "";
  }

  /**
   * @param {HTMLElement} view
   * @param {NonNullable<Lesson["view"]>} kind
   */
  function buildView(view, kind) {
    if (multiples && kind !== "multiples") stopMultiples();
    if (kind === "collapse") {
      const h = el("h4");
      h.textContent = t("collapse.heading");
      const body = el("div", { id: "collapse", className: "collapse" });
      view.append(h, body);
      if (!katex) loadKatex().then((k) => { katex = k; lastKey = ""; }).catch(() => {}); // without KaTeX: plain text
    } else if (kind === "loss") {
      const h = el("h4");
      h.textContent = t("lossbars.heading");
      const canvas = el("canvas", { id: "loss-bars", className: "loss-bars" });
      canvas.setAttribute("role", "img");
      const summary = el("p", { id: "loss-summary", className: "readline" });
      view.append(h, canvas, summary);
    } else if (kind === "multiples") {
      const h = el("h4");
      h.textContent = t("multiples.heading");
      const body = el("div");
      view.append(h, body);
      if (multiples) {
        // Re-rendered (the language changed): the nine networks keep training where they are.
        body.append(...multiples.root.childNodes);
        multiples.root = body;
        paintMultiples(multiples, host.view().classes, t);
      } else {
        multiples = createMultiples(body, host.networks, t, LO, HI);
      }
    } else if (kind === "hiddenspace") {
      const h = el("h4");
      h.textContent = t("hidden.heading");
      const axes = el("div", { className: "hidden-axes" });
      const canvas = el("canvas", { id: "hidden-canvas", className: "hidden-canvas" });
      canvas.setAttribute("role", "img");
      const note = el("p", { id: "hidden-note", className: "note" });
      view.append(h, axes, canvas, note);
    } else if (kind === "neuron") {
      buildNeuron(view, t);
    }
  }

  /**
   * Sets a lesson up; the first time, the student's work is kept aside.
   * @param {Lesson} lesson
   * @param {Variant | null} variant
   */
  function start(lesson, variant) {
    const now = host.view();
    if (kept === null) kept = host.keep();
    const settings = lessonSettings(host.defaults(), now.settings, lesson, variant);
    host.setUp(settings, lessonPoints(lesson, variant));
    const changed = active?.lesson !== lesson;
    stopMultiples();
    active = { lesson, variant };
    if (changed) {
      pick = [0, 1];
      met = metLessons.has(lesson.id);
    }
    render();
    if (changed) card.querySelector("h3")?.scrollIntoView({ block: "nearest" });
  }

  function backToWork() {
    if (kept === null) return;
    host.restore(kept);
    kept = null;
    active = null;
    stopMultiples();
    render();
  }

  function stopMultiples() {
    if (multiples) disposeMultiples(multiples);
    multiples = null;
  }

  /** @param {"equations" | "stepper" | "surface"} kind */
  function reveal(kind) {
    const target = host.target(kind);
    if (!target) return;
    if (target instanceof HTMLDetailsElement) target.open = true;
    const opener = target.querySelector("[data-opens], summary");
    if (opener instanceof HTMLElement && !(target instanceof HTMLDetailsElement)) opener.click();
    target.scrollIntoView({ behavior: "smooth", block: "start" });
    const focusable = target.querySelector("button, summary, [tabindex]");
    if (focusable instanceof HTMLElement) focusable.focus({ preventScroll: true });
  }

  // ---- the live views ---------------------------------------------------------

  function clearOverlay() {
    const ctx = overlay.getContext("2d");
    ctx?.clearRect(0, 0, overlay.width, overlay.height);
  }

  function drawOverlay() {
    const rect = overlay.getBoundingClientRect();
    const css = Math.floor(rect.width);
    if (css <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (overlay.width !== Math.round(css * dpr)) overlay.width = overlay.height = Math.round(css * dpr);
    const ctx = /** @type {CanvasRenderingContext2D} */ (overlay.getContext("2d"));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!line) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const size = Math.floor(host.planeSize()) || css;
    drawCollapseLine(ctx, geometry(size), line, LO, HI);
  }

  /** @param {ReturnType<LessonHost["view"]>} v */
  function drawCollapse(v) {
    const body = card.querySelector("#collapse");
    if (!(body instanceof HTMLElement)) return;
    line = renderCollapse(body, { spec: v.spec, params: v.net.params() }, t, katex);
    drawOverlay();
  }

  /** @param {ReturnType<LessonHost["view"]>} v */
  function drawLoss(v) {
    const canvas = card.querySelector("#loss-bars");
    const summary = card.querySelector("#loss-summary");
    if (!(canvas instanceof HTMLCanvasElement) || !summary) return;
    const { train } = toSamples(v.points, v.settings.testFraction);
    const C = v.spec.output === "sigmoid" ? 1 : v.classes;
    const losses = train.labels.length > 0 ? pointLosses(v.net.predict(train.xs), /** @type {Uint32Array} */ (train.labels), C) : new Float64Array(0);
    const sum = losses.reduce((s, x) => s + x, 0);
    const name = C === 1 ? t("lossbars.bce") : t("lossbars.ce");
    const text = losses.length === 0
      ? t("status.noPoints")
      : t("lossbars.summary", {
        name, sum: sum.toFixed(4), n: losses.length, mean: (sum / losses.length).toFixed(5),
        max: Math.max(...losses).toFixed(4),
        guide: C === 1 ? t("lossbars.guide2") : t("lossbars.guideC", { C, v: unsureLoss(C).toFixed(2) }),
      });
    summary.textContent = text;
    canvas.setAttribute("aria-label", t("lossbars.label", { summary: text }));
    canvas.dataset.sum = String(sum);
    const css = Math.max(100, Math.floor(canvas.getBoundingClientRect().width));
    const height = 90;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(css * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawLossBars(ctx, css, height, losses, /** @type {Uint32Array} */ (train.labels), Math.max(2, C));
  }

  /** @param {ReturnType<LessonHost["view"]>} v */
  function drawHidden(v) {
    const canvas = card.querySelector("#hidden-canvas");
    const note = card.querySelector("#hidden-note");
    const axes = card.querySelector(".hidden-axes");
    if (!(canvas instanceof HTMLCanvasElement) || !note || !(axes instanceof HTMLElement)) return;
    const layer = lastHiddenLayer(v.spec);
    if (layer === null) {
      axes.replaceChildren();
      note.textContent = t("hidden.noHidden");
      canvas.hidden = true;
      return;
    }
    canvas.hidden = false;
    const width = v.spec.layers[layer];
    if (width < 2) pick = [0, 0];
    else pick = [Math.min(pick[0], width - 1), Math.min(pick[1], width - 1)];
    if (axes.dataset.width !== String(width) || axes.dataset.layer !== String(layer) || axes.dataset.lang !== host.lang()) {
      buildAxisPickers(axes, layer, width);
    }
    const tf = v.settings.testFraction;
    const points = v.points.map((p, i) => ({ x1: p.x1, x2: p.x2, label: p.label, test: isTest(v.points, i, tf) }));
    const m = mapHidden(v.net, v.spec, points, pick, LO, HI);
    if (!m) return;
    const css = Math.min(HIDDEN_SIZE, Math.floor((canvas.parentElement?.getBoundingClientRect().width ?? HIDDEN_SIZE) - 4));
    const dpr = window.devicePixelRatio || 1;
    canvas.style.width = canvas.style.height = `${css}px`;
    canvas.width = canvas.height = Math.round(css * dpr);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawHiddenSpace(ctx, css, m);
    const axisX = t("hidden.axisName", { k: m.pick[0] + 1, l: layer });
    const axisY = t("hidden.axisName", { k: m.pick[1] + 1, l: layer });
    canvas.setAttribute("aria-label", t("hidden.label", { x: axisX, y: axisY }));
    const parts = [t("hidden.axes", { x: axisX, y: axisY })];
    if (m.output) parts.push(separatedByOutput(m) ? t("hidden.separated") : t("hidden.notYet"));
    else parts.push(t("hidden.manyNeurons", { n: width }));
    note.textContent = parts.join(" ");
    canvas.dataset.separated = String(separatedByOutput(m));
  }

  /**
   * Two selects choosing the neurons on the horizontal and vertical axes.
   * @param {HTMLElement} axes
   * @param {number} layer
   * @param {number} width
   */
  function buildAxisPickers(axes, layer, width) {
    axes.dataset.width = String(width);
    axes.dataset.layer = String(layer);
    axes.dataset.lang = host.lang();
    axes.replaceChildren();
    if (width <= 2) return;
    for (const [axis, key] of /** @type {[0 | 1, string][]} */ ([[0, "hidden.xAxis"], [1, "hidden.yAxis"]])) {
      const id = `hidden-axis-${axis}`;
      const label = el("label", {});
      label.htmlFor = id;
      label.textContent = t(key);
      const select = el("select", { id });
      for (let k = 0; k < width; k++) {
        const o = el("option", { value: String(k) });
        o.textContent = t("hidden.axisName", { k: k + 1, l: layer });
        select.append(o);
      }
      select.value = String(pick[axis]);
      select.addEventListener("change", () => {
        pick[axis] = Number(select.value);
        lastKey = "";
      });
      axes.append(el("div", { className: "field" }, [label, select]));
    }
  }

  /** The challenge's mark: met (it stays met) or not yet. */
  function showGoal() {
    if (!goalMark) return;
    const text = met ? `✓ ${t("lessons.goalMet")}` : t("lessons.goalNotYet");
    if (goalMark.textContent !== text) goalMark.textContent = text;
    goalMark.dataset.met = String(met);
  }

  /** Checks the open lesson's challenge against what the page measures now. */
  function checkGoal() {
    const lesson = active?.lesson;
    const goal = lesson?.goal;
    if (!lesson || !goal || met) return;
    const v = host.view();
    if (goalMet(goal, { layers: v.spec.layers, trainAcc: v.trainAcc, testAcc: v.testAcc, trainLoss: v.trainLoss, rescues: v.rescues })) {
      met = true;
      metLessons.add(lesson.id);
      saveMet(storageOrNull(), metLessons);
      showGoal();
    }
  }

  /** @param {number} now */
  function frame(now) {
    try {
      checkGoal();
      if (active?.lesson.view) {
        const v = host.view();
        const kind = active.lesson.view;
        if (kind === "multiples" && multiples) {
          const tf = v.settings.testFraction;
          const { train } = toSamples(v.points, tf);
          const changed = stepMultiples(multiples, { points: v.points, train, classes: v.classes, settings: v.settings },
            FRAME_BUDGET_MS);
          // At most every 150 ms while they train, and always once they have finished.
          if (changed && (now - lastPaint > 150 || multiplesDone(multiples, v.settings.maxEpochs))) {
            lastPaint = now;
            paintMultiples(multiples, v.classes, t);
          }
        } else {
          const key = `${v.epoch}|${v.spec.layers.join("-")}|${v.spec.hidden}|${v.points.length}|${host.lang()}|${katex ? 1 : 0}`;
          const stale = key !== lastKey || now - lastDraw > 1000;
          if (stale && now - lastDraw > REDRAW_MS) {
            lastKey = key;
            lastDraw = now;
            if (kind === "collapse") drawCollapse(v);
            else if (kind === "loss") drawLoss(v);
            else if (kind === "hiddenspace") drawHidden(v);
            else if (kind === "neuron") {
              const view = card.querySelector("#lesson-view");
              if (view instanceof HTMLElement) drawNeuron(view, neuronNumbers(v.net, v.spec, v.points, v.settings), t, v.settings);
            }
          }
        }
      }
    } catch (e) {
      console.warn("lessons:", e);
    }
  }

  new ResizeObserver(() => {
    lastKey = "";
    if (line) drawOverlay();
  }).observe(document.body);

  render();
  return {
    /** Draws the live views that changed: called by the page's one frame loop. */
    frame,
    /** The page's language changed: the panel speaks the new one. */
    relabel() {
      lastKey = "";
      render();
    },
    /** The id of the lesson set up now, or null (for state files and links). */
    current: () => active?.lesson.id ?? null,
    /** The open lesson's number (1 for the first), or null. */
    number: () => (active ? LESSONS.indexOf(active.lesson) + 1 : null),
    /**
     * Opens lesson `n` (1 for the first) as its button does; false when there is no such lesson.
     * @param {number} n
     */
    open: (n) => {
      const lesson = Number.isInteger(n) ? LESSONS[n - 1] : undefined;
      if (!lesson) return false;
      start(lesson, null);
      return true;
    },
    /**
     * Re-enters the lesson `id` on the work as it is now (a link, a file or a reload put it there):
     * nothing is set up again. `work` is the student's own work to go back to, when there is one
     * and none is kept yet. False when there is no such lesson.
     * @param {string} id @param {unknown} work
     */
    resume: (id, work) => {
      const lesson = LESSONS.find((l) => l.id === id);
      if (!lesson) return false;
      if (kept === null && work !== null && work !== undefined) kept = work;
      stopMultiples();
      if (active?.lesson !== lesson) met = metLessons.has(lesson.id);
      active = { lesson, variant: null };
      pick = [0, 1];
      render();
      return true;
    },
    /** The student's own work kept aside during a lesson (to save it too), or null. */
    kept: () => kept,
  };
}

/**
 * A new element with properties and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<Record<string, unknown>>} [props]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "role") node.setAttribute("role", String(v));
    else /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (node))[k] = v;
  }
  node.append(...children);
  return node;
}

/** The browser's local storage, or null where it is blocked. */
function storageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
