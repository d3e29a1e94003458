// exercisepanel.js: the exercise panel (issue 16, parts 3 and 5). A student who opens an exercise
// link (#x1.…) sees the network, the points and α, types the asked numbers, checks them (each
// marked right or wrong in words, the lecture's equation beside a wrong one, the answer only when
// asked) and downloads a result file to hand in. A teacher builds an exercise and gets its link,
// and reads many hand-ins at once in a table. It computes through the session's oneStep, passed by main.js.

import {
  encodeExercise, decodeExercise, readExercise, answers, questions, labelOf, equationOf, markAll, parseTyped,
  showValue, exerciseCode, parseAsked, subscript as sub, TOLERANCE, KINDS, MAX_NEURONS, MAX_EX_POINTS,
} from "../../model/exercise.js";
import { handinHtml, readHandin, tableCsv, nameSlug as slug, MAX_TYPED_CHARS } from "../../model/handin.js";
import { isWorkHandin, readWorkHandin } from "../../model/workhandin.js";
import { reasonOf } from "../../model/refusal.js";
import { downloadText, readText } from "../../app/download.js";
import { DEFAULT_POINTS, newDraft, draftOf, layersOf, randomWeights, exerciseOfDraft, draftJson, readDraft, DRAFT_KEY } from "./draft.js";

/** @typedef {import("../../model/exercise.js").Exercise} Exercise */
/** @typedef {import("../../model/exercise.js").Question} Question */
/** @typedef {import("../../model/i18n.js").Message} Message */
/** @typedef {import("./draft.js").Draft} Draft */
/**
 * @typedef {{
 *   t: (key: string, values?: Record<string, string | number>) => string,
 *   lang: () => string,
 *   oneStep: import("../../model/exercise.js").OneStep,  // the session's: the page's networks have one owner
 * }} ExerciseHost
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {Document} doc
 * @param {K} tag
 * @param {Record<string, string>} [attrs]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(doc, tag, attrs = {}, children = []) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
}

/**
 * Mounts the panel into `root` (an empty section).
 * @param {HTMLElement} root
 * @param {ExerciseHost} host
 */
export function mountExercise(root, host) {
  const doc = root.ownerDocument;
  const { t } = host;
  /** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children] */
  const el = (tag, attrs, children) => h(doc, /** @type {keyof HTMLElementTagNameMap} */ (tag), attrs, children);

  // ---- state ----------------------------------------------------------------------------
  /** @type {Exercise | null} */
  let ex = null;
  /** @type {Map<string, number>} */
  let values = new Map();
  /** @type {Map<string, string>} */
  const typed = new Map();
  /** @type {Set<string>} the answers the student asked to see */
  const shown = new Set();
  let checked = false;
  let studentName = "";
  /** @type {Draft} the teacher's half-built exercise, as kept in this browser (a new one when none is) */
  let draft = readDraft(readKept(doc, DRAFT_KEY)) ?? newDraft();
  /** @type {string | null} the last link made */
  let madeLink = null;
  /** @type {{ name: string, date: string, code: string, right: number, total: number, qs: Question[], ex: Exercise,
   *   marks: Map<string, string>, shownIds: Set<string> }[]} */
  let handins = [];
  /** @type {import("../../model/workhandin.js").Work[]} training work handed in (a lesson or own points) */
  let works = [];
  /** @type {Message[]} */
  let readMessages = [];
  /** @type {Message | null} */
  let status = null;
  /** @type {Message | null} */
  let makeStatus = null;

  // ---- the frame of the panel ---------------------------------------------------------------
  const heading = el("h2", { id: "exercise-heading" });
  const intro = el("p", { class: "hint" });
  const statusLine = el("p", { id: "ex-status", class: "ex-status", role: "status" });
  const task = el("div", { class: "ex-task" });
  const make = /** @type {HTMLDetailsElement} */ (el("details", { class: "ex-make" }));
  const read = /** @type {HTMLDetailsElement} */ (el("details", { class: "ex-read" }));
  root.replaceChildren(heading, intro, statusLine, task, make, read);
  // Every change the teacher makes to the draft is kept at once (a typed cell, a select, a tick,
  // a button), so a reload or a closed tab never loses a half-built exercise.
  const keepDraft = () => {
    try {
      storageOrNull(doc)?.setItem(DRAFT_KEY, draftJson(draft));
    } catch {
      // storage full or refused: the draft stays in the page until it is closed
    }
  };
  for (const type of ["input", "change", "click"]) make.addEventListener(type, keepDraft);

  /** @param {Message | null} m */
  const text = (m) => (m ? t(m.key, /** @type {Record<string, string | number>} */ (m.values)) : "");
  /** @param {string} key @param {Message["values"]} [v] */
  function say(key, v) {
    status = { key, values: v };
    statusLine.textContent = text(status);
  }

  // ---- the student's side -------------------------------------------------------------------
  // The student's work on an exercise (typed answers, answers shown, the name) is kept in this
  // browser under the exercise's code, so a reload or the same link later brings it back.
  const storage = storageOrNull(doc);
  const workKey = () => (ex ? `backprop-lab/exercise/${exerciseCode(ex)}` : null);
  function saveWork() {
    const key = workKey();
    if (!key || !storage) return;
    try {
      storage.setItem(key, JSON.stringify({ typed: [...typed], shown: [...shown], checked, name: studentName }));
    } catch {
      // storage full or refused: the work stays in the page until it is closed
    }
  }
  function loadWork() {
    const key = workKey();
    if (!key || !storage || !ex) return;
    try {
      const raw = JSON.parse(storage.getItem(key) ?? "null");
      const ids = new Set(questions(ex).map((q) => q.id));
      if (!raw || !Array.isArray(raw.typed) || !Array.isArray(raw.shown)) return;
      for (const pair of raw.typed) {
        if (Array.isArray(pair) && ids.has(pair[0]) && typeof pair[1] === "string") typed.set(pair[0], pair[1].slice(0, MAX_TYPED_CHARS));
      }
      for (const id of raw.shown) if (ids.has(id)) shown.add(id);
      checked = raw.checked === true;
      if (typeof raw.name === "string") studentName = raw.name.slice(0, 80);
    } catch {
      // an unreadable save is ignored: the exercise starts empty
    }
  }

  /** @type {Map<string, { mark: HTMLElement, help: HTMLElement, input: HTMLInputElement }>} */
  let rowsById = new Map();
  /** @type {HTMLElement | null} */
  let scoreLine = null;
  /** @type {HTMLElement | null} */
  let handinStatus = null;

  function renderTask() {
    rowsById = new Map();
    task.hidden = ex === null;
    if (ex === null) {
      task.replaceChildren();
      return;
    }
    const e = ex;
    const last = e.spec.layers.length - 1;
    const out = e.spec.output === "softmax"
      ? t("ex.task.outSoftmax", { c: e.spec.layers[last], l: last })
      : t("ex.task.outSigmoid", { l: last });
    const parts = [
      el("h3", { id: "ex-task-heading", text: t("ex.task.heading"), tabindex: "-1" }),
      el("p", { text: t("ex.task.network", { arch: e.spec.layers.join("-"), act: t(`act.${e.spec.hidden}`), out }) }),
    ];
    const tables = el("div", { class: "ex-tables" });
    e.params.forEach((p, i) => tables.append(layerTable(i + 1, p)));
    tables.append(pointsTable(e));
    parts.push(tables, el("p", { class: "ex-alpha", text: t("ex.task.alpha", { alpha: showValue(e.alpha) }) }));
    parts.push(el("p", { text: t("ex.task.do") }),
      el("p", { class: "ex-tolerance", text: t("ex.task.tolerance", { abs: TOLERANCE.abs, rel: 100 * TOLERANCE.rel }) }));

    const body = el("tbody");
    for (const q of questions(e)) {
      const label = labelOf(t, q, e.points.length);
      const input = /** @type {HTMLInputElement} */ (el("input", {
        type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", "aria-label": label,
        maxlength: String(MAX_TYPED_CHARS), class: "ex-answer",
      }));
      input.value = typed.get(q.id) ?? "";
      // Enter checks, as the Check button does.
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") checkAll();
      });
      input.addEventListener("input", () => {
        typed.set(q.id, input.value);
        saveWork();
        // A changed answer is marked again at the next Check, not shown with its old mark.
        const row = rowsById.get(q.id);
        if (row) paintRow(q, row, null);
      });
      const mark = el("td", { class: "ex-mark" });
      const help = el("td", { class: "ex-help" });
      const row = { mark, help, input };
      rowsById.set(q.id, row);
      body.append(el("tr", {}, [el("th", { scope: "row", text: label }), el("td", {}, [input]), mark, help]));
    }
    const table = el("table", { class: "ex-questions" }, [
      el("caption", { text: t("ex.answers") }),
      el("thead", {}, [el("tr", {}, ["ex.col.quantity", "ex.col.answer", "ex.col.mark", "ex.col.help"].map((k) => el("th", { scope: "col", text: t(k) })))]),
      body,
    ]);
    const check = el("button", { type: "button", class: "primary", text: t("ex.check") });
    check.addEventListener("click", checkAll);
    scoreLine = el("p", { class: "ex-score", role: "status" });
    parts.push(el("div", { class: "ex-scroll" }, [table]), el("div", { class: "buttons" }, [check]), scoreLine);

    // hand-in
    const nameInput = /** @type {HTMLInputElement} */ (el("input", { type: "text", id: "ex-name", autocomplete: "name", maxlength: "80" }));
    nameInput.value = studentName;
    nameInput.addEventListener("input", () => {
      studentName = nameInput.value;
      saveWork();
    });
    const download = el("button", { type: "button", text: t("ex.download") });
    download.addEventListener("click", () => downloadHandin());
    handinStatus = el("p", { class: "ex-status", role: "status" });
    parts.push(el("fieldset", { class: "ex-handin" }, [
      el("legend", { text: t("ex.handIn") }),
      el("div", { class: "field" }, [el("label", { for: "ex-name", text: t("ex.name") }), nameInput]),
      download, handinStatus,
    ]));
    task.replaceChildren(...parts);
    if (checked) paintMarks();
  }

  /** @param {number} l @param {{ W: number[][], b: number[] }} p */
  function layerTable(l, p) {
    const head = el("tr", {}, [el("td"), ...p.W[0].map((_, j) => el("th", { scope: "col", text: `W[${l}]ᵢ${sub(j + 1)}` })),
      el("th", { scope: "col", text: `b[${l}]ᵢ` })]);
    const rows = p.W.map((row, i) => el("tr", {}, [el("th", { scope: "row", text: t("ex.task.neuron", { i: i + 1 }) }),
      ...row.map((w) => el("td", { text: showValue(w) })), el("td", { text: showValue(p.b[i]) })]));
    return el("table", { class: "ex-params" }, [el("caption", { text: t("ex.task.layer", { l }) }), el("thead", {}, [head]), el("tbody", {}, rows)]);
  }

  /** @param {Exercise} e */
  function pointsTable(e) {
    const head = el("tr", {}, [t("ex.task.point"), "x₁", "x₂", t("ex.task.label")].map((s) => el("th", { scope: "col", text: s })));
    const rows = e.points.map((p, i) => el("tr", {}, [el("th", { scope: "row", text: String(i + 1) }),
      el("td", { text: showValue(p.x1) }), el("td", { text: showValue(p.x2) }), el("td", { text: String(p.label) })]));
    return el("table", { class: "ex-params" }, [el("caption", { text: t("ex.task.points") }), el("thead", {}, [head]), el("tbody", {}, rows)]);
  }

  function checkAll() {
    checked = true;
    saveWork();
    paintMarks();
  }

  function paintMarks() {
    if (!ex) return;
    const { marks, right, total } = markAll(values, typed);
    for (const q of questions(ex)) {
      const row = rowsById.get(q.id);
      if (row) paintRow(q, row, marks.get(q.id) ?? "empty");
    }
    if (scoreLine) {
      scoreLine.textContent = shown.size > 0 ? t("ex.scoreShown", { right, total, shown: shown.size }) : t("ex.score", { right, total });
    }
  }

  /**
   * One row's mark, and for a mark that is not right the lecture's equation and the answer button.
   * @param {Question} q
   * @param {{ mark: HTMLElement, help: HTMLElement, input: HTMLInputElement }} row
   * @param {string | null} m  null: not marked (changed since the last Check)
   */
  function paintRow(q, row, m) {
    const e = /** @type {Exercise} */ (ex);
    row.mark.textContent = m ? t(`ex.mark.${m}`) : "";
    row.mark.className = `ex-mark ${m ?? ""}`;
    row.input.setAttribute("aria-invalid", m === "wrong" || m === "unreadable" ? "true" : "false");
    const help = [];
    if (m && m !== "right") help.push(el("span", { class: "ex-eq", text: equationOf(t, e, q) }));
    if (shown.has(q.id)) {
      help.push(el("span", { class: "ex-shown", text: t("ex.answerIs", { value: showValue(values.get(q.id) ?? NaN) }) }));
    } else if (m && m !== "right") {
      const label = labelOf(t, q, e.points.length);
      const button = el("button", { type: "button", class: "ex-show", "aria-label": t("ex.showAnswerFor", { q: label }), text: t("ex.showAnswer") });
      button.addEventListener("click", () => {
        shown.add(q.id);
        saveWork();
        paintRow(q, row, m);
        paintMarks();
        row.help.querySelector(".ex-shown")?.setAttribute("tabindex", "-1");
        /** @type {HTMLElement | null} */ (row.help.querySelector(".ex-shown"))?.focus();
      });
      help.push(button);
    }
    row.help.replaceChildren(...help);
  }

  function downloadHandin() {
    if (!ex || !handinStatus) return;
    const name = studentName.trim();
    if (name === "") {
      handinStatus.textContent = t("ex.needName");
      doc.getElementById("ex-name")?.focus();
      return;
    }
    const e = ex;
    const now = new Date();
    const lang = host.lang();
    const { marks } = markAll(values, typed);
    const handin = { name, date: now.toISOString(), ex: e,
      answers: questions(e).map((q) => ({ id: q.id, typed: (typed.get(q.id) ?? "").slice(0, MAX_TYPED_CHARS), shown: shown.has(q.id) })) };
    const html = handinHtml(t, lang, handin, marks, now.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB"));
    const file = `backprop-lab-${slug(name)}-${exerciseCode(e)}.html`;
    downloadText(doc, file, html, "text/html");
    handinStatus.textContent = t("ex.downloaded", { name: file });
  }

  /**
   * Opens an exercise link (the page's #fragment). A bad one is refused with its reason.
   * @param {string} fragment
   */
  function openLink(fragment) {
    try {
      open(decodeExercise(fragment));
      say("ex.opened", { n: values.size });
      make.open = false;
      root.scrollIntoView({ block: "start" });
      /** @type {HTMLElement | null} */ (task.querySelector("#ex-task-heading"))?.focus({ preventScroll: true });
    } catch (e) {
      say("ex.refused", { reason: reasonOf(e) });
      root.scrollIntoView({ block: "start" });
    }
  }

  /** @param {Exercise} e */
  function open(e) {
    values = answers(host.oneStep, e);
    ex = e;
    typed.clear();
    shown.clear();
    checked = false;
    loadWork();
    draft = draftOf(e);
    renderTask();
    renderMake();
  }

  // ---- the teacher's side: making an exercise -------------------------------------------------
  function renderMake() {
    const d = draft;
    const parts = [el("summary", { text: t("ex.make") })];
    // network
    const hiddenCount = select("ex-hidden", t("ex.make.hiddenLayers"), ["0", "1", "2"].map((v) => [v, v]), String(d.hidden.length), (v) => {
      const n = Number(v);
      d.hidden = Array.from({ length: n }, (_, i) => d.hidden[i] ?? 2);
      reshape();
    });
    const net = [hiddenCount];
    d.hidden.forEach((n, i) => {
      net.push(select(`ex-neurons-${i + 1}`, t("ex.make.neurons", { l: i + 1 }),
        Array.from({ length: MAX_NEURONS }, (_, k) => [String(k + 1), String(k + 1)]), String(n), (v) => {
          d.hidden[i] = Number(v);
          reshape();
        }));
    });
    net.push(select("ex-activation", t("ex.make.activation"), ["sigmoid", "tanh", "relu", "linear"].map((a) => [a, t(`act.${a}`)]),
      d.activation, (v) => (d.activation = /** @type {Draft["activation"]} */ (v))));
    net.push(select("ex-output", t("ex.make.output"), [["sigmoid", t("ex.make.outSigmoid")], ["softmax2", t("ex.make.outSoftmax2")],
      ["softmax3", t("ex.make.outSoftmax3")]], d.output, (v) => {
      d.output = /** @type {Draft["output"]} */ (v);
      reshape();
    }));
    parts.push(el("fieldset", { class: "ex-grid" }, [el("legend", { text: t("ex.make.network") }), ...net]));

    // weights
    const seed = /** @type {HTMLInputElement} */ (el("input", { type: "number", id: "ex-seed", min: "0", max: "999999", step: "1", value: String(d.seed) }));
    seed.addEventListener("change", () => (d.seed = Math.max(0, Math.floor(Number(seed.value) || 0))));
    const random = el("button", { type: "button", text: t("ex.make.random") });
    random.addEventListener("click", () => {
      d.seed = Math.max(0, Math.floor(Number(seed.value) || 0));
      randomWeights(d);
      renderMake();
    });
    const weights = [el("legend", { text: t("ex.make.weights") }),
      el("div", { class: "ex-row" }, [el("div", { class: "field" }, [el("label", { for: "ex-seed", text: t("ex.make.seed") }), seed]), random]),
      el("p", { class: "hint", text: t("ex.make.weightsHint") })];
    const sizes = layersOf(d);
    const grid = el("div", { class: "ex-tables" });
    d.W.forEach((W, i) => {
      const l = i + 1;
      const rows = W.map((row, r) => el("tr", {}, [
        el("th", { scope: "row", text: t("ex.task.neuron", { i: r + 1 }) }),
        ...row.map((_, c) => el("td", {}, [cell(`W[${l}]${sub(r + 1)}${sub(c + 1)}`, () => d.W[i][r][c], (v) => (d.W[i][r][c] = v))])),
        el("td", {}, [cell(`b[${l}]${sub(r + 1)}`, () => d.b[i][r], (v) => (d.b[i][r] = v))]),
      ]));
      const head = el("tr", {}, [el("td"), ...Array.from({ length: sizes[i] }, (_, j) => el("th", { scope: "col", text: `W[${l}]ᵢ${sub(j + 1)}` })),
        el("th", { scope: "col", text: `b[${l}]ᵢ` })]);
      grid.append(el("table", { class: "ex-params" }, [el("caption", { text: t("ex.task.layer", { l }) }), el("thead", {}, [head]), el("tbody", {}, rows)]));
    });
    weights.push(grid);
    parts.push(el("fieldset", {}, weights));

    // points and α
    const count = select("ex-point-count", t("ex.make.pointCount"),
      Array.from({ length: MAX_EX_POINTS }, (_, k) => [String(k + 1), String(k + 1)]), String(d.points.length), (v) => {
        const n = Number(v);
        d.points = Array.from({ length: n }, (_, i) => d.points[i] ?? { ...DEFAULT_POINTS[i] });
        renderMake();
      });
    const pointRows = d.points.map((p, i) => el("tr", {}, [el("th", { scope: "row", text: String(i + 1) }),
      el("td", {}, [cell(`x₁, ${t("ex.task.point")} ${i + 1}`, () => p.x1, (v) => (p.x1 = v))]),
      el("td", {}, [cell(`x₂, ${t("ex.task.point")} ${i + 1}`, () => p.x2, (v) => (p.x2 = v))]),
      el("td", {}, [cell(`${t("ex.task.label")}, ${t("ex.task.point")} ${i + 1}`, () => p.label, (v) => (p.label = v))])]));
    const pointsTableEl = el("table", { class: "ex-params" }, [el("thead", {}, [el("tr", {},
      [t("ex.task.point"), "x₁", "x₂", t("ex.task.label")].map((s) => el("th", { scope: "col", text: s })))]), el("tbody", {}, pointRows)]);
    const alpha = /** @type {HTMLInputElement} */ (el("input", { type: "text", id: "ex-alpha", inputmode: "decimal", value: d.alpha }));
    alpha.addEventListener("input", () => (d.alpha = alpha.value));
    parts.push(el("fieldset", {}, [el("legend", { text: t("ex.make.points") }), count, pointsTableEl,
      el("div", { class: "field" }, [el("label", { for: "ex-alpha", text: t("ex.make.alpha") }), alpha])]));

    // what to ask
    const kinds = KINDS.map((k) => checkbox(t(`ex.kind.${k}`), d.kinds.has(k), (on) => (on ? d.kinds.add(k) : d.kinds.delete(k))));
    const layerBoxes = Array.from({ length: sizes.length - 1 }, (_, i) =>
      checkbox(t("ex.make.layer", { l: i + 1 }), d.layers.has(i + 1), (on) => (on ? d.layers.add(i + 1) : d.layers.delete(i + 1))));
    parts.push(el("fieldset", { class: "ex-ask" }, [el("legend", { text: t("ex.make.ask") }), ...kinds]),
      el("fieldset", { class: "ex-ask" }, [el("legend", { text: t("ex.make.layers") }), ...layerBoxes]));

    // the link
    const makeButton = el("button", { type: "button", class: "primary", text: t("ex.make.link") });
    const linkInput = /** @type {HTMLInputElement} */ (el("input", { type: "text", readonly: "", id: "ex-link", class: "ex-link" }));
    const linkField = el("div", { class: "field" }, [el("label", { for: "ex-link", text: t("ex.make.linkLabel") }), linkInput]);
    const copy = el("button", { type: "button", text: t("ex.make.copy") });
    const openHere = el("button", { type: "button", text: t("ex.make.open") });
    const linkBox = el("div", { class: "ex-linkbox" }, [linkField, el("div", { class: "buttons" }, [copy, openHere])]);
    const makeLine = el("p", { class: "ex-status", role: "status" });
    const showLink = () => {
      linkBox.hidden = madeLink === null;
      linkInput.value = madeLink ?? "";
      makeLine.textContent = text(makeStatus);
    };
    makeButton.addEventListener("click", () => {
      const result = exerciseOfDraft(d);
      if ("message" in result) {
        madeLink = null;
        makeStatus = result.message;
      } else {
        // The link keeps the page's language (?lang=) and nothing else of this address.
        const url = new URL(doc.location.href);
        const lang = url.searchParams.get("lang");
        url.search = lang ? `?lang=${lang}` : "";
        url.hash = encodeExercise(result.ex);
        madeLink = url.href;
        makeStatus = { key: "ex.make.made", values: { n: questions(result.ex).length } };
      }
      showLink();
      if (madeLink) linkInput.select();
    });
    copy.addEventListener("click", () => {
      if (!madeLink) return;
      linkInput.select();
      const done = (/** @type {string} */ key) => {
        makeStatus = { key };
        makeLine.textContent = text(makeStatus);
      };
      (navigator.clipboard ? navigator.clipboard.writeText(madeLink) : Promise.reject(new Error("no clipboard")))
        .then(() => done("ex.make.copied"), () => done("ex.make.notCopied"));
    });
    openHere.addEventListener("click", () => {
      if (!madeLink) return;
      const hash = new URL(madeLink).hash;
      history.replaceState(null, "", hash);
      openLink(hash);
    });
    parts.push(el("div", { class: "buttons" }, [makeButton]), linkBox, makeLine);
    const wasOpen = make.open;
    make.replaceChildren(...parts);
    make.open = wasOpen;
    showLink();
  }

  function reshape() {
    randomWeights(draft);
    const n = draft.hidden.length + 1;
    for (const l of [...draft.layers]) if (l > n) draft.layers.delete(l);
    if (draft.layers.size === 0) for (let l = 1; l <= n; l++) draft.layers.add(l);
    if (draft.output === "sigmoid") draft.points.forEach((p) => (p.label = p.label === "0" ? "0" : "1"));
    renderMake();
  }

  /**
   * A labelled text input bound to a string of the draft.
   * @param {string} label @param {() => string} get @param {(v: string) => void} set
   */
  function cell(label, get, set) {
    const input = /** @type {HTMLInputElement} */ (el("input", { type: "text", inputmode: "decimal", "aria-label": label, class: "ex-num" }));
    input.value = get();
    input.addEventListener("input", () => set(input.value));
    return input;
  }

  /**
   * @param {string} id @param {string} label @param {string[][]} options [value, text]
   * @param {string} value @param {(v: string) => void} onChange
   */
  function select(id, label, options, value, onChange) {
    const s = /** @type {HTMLSelectElement} */ (el("select", { id }, options.map(([v, text]) => el("option", { value: v, text }))));
    s.value = value;
    s.addEventListener("change", () => onChange(s.value));
    return el("div", { class: "field" }, [el("label", { for: id, text: label }), s]);
  }

  /** @param {string} label @param {boolean} on @param {(on: boolean) => void} onChange */
  function checkbox(label, on, onChange) {
    const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox" }));
    box.checked = on;
    box.addEventListener("change", () => onChange(box.checked));
    return el("label", { class: "check" }, [box, el("span", { text: label })]);
  }

  // ---- the teacher's side: reading hand-ins -----------------------------------------------------
  const picker = /** @type {HTMLInputElement} */ (el("input", { type: "file", multiple: "", accept: ".html,.htm,text/html", hidden: "" }));
  picker.addEventListener("change", () => {
    const files = [...(picker.files ?? [])];
    readFiles(files).finally(() => (picker.value = ""));
  });

  /** @param {File[]} files */
  async function readFiles(files) {
    readMessages = [];
    const read = [];
    for (const file of files) {
      try {
        const fileText = await readText(file);
        if (isWorkHandin(fileText)) {
          works.push(readWorkHandin(fileText));
          read.push(null);
          continue;
        }
        const h = readHandin(fileText);
        const vals = answers(host.oneStep, h.ex);
        const typedOf = new Map(h.answers.map((a) => [a.id, a.typed]));
        const { marks, right, total } = markAll(vals, typedOf);
        read.push({ name: h.name, date: h.date, code: exerciseCode(h.ex), right, total, qs: questions(h.ex), ex: h.ex, marks,
          shownIds: new Set(h.answers.filter((a) => a.shown).map((a) => a.id)) });
      } catch (e) {
        readMessages.push({ key: "ex.read.refused", values: { name: file.name, reason: reasonOf(e) } });
      }
    }
    handins = [...handins, ...read.filter((r) => r !== null)].sort((a, b) => a.name.localeCompare(b.name) || a.date.localeCompare(b.date));
    works.sort((a, b) => a.name.localeCompare(b.name) || a.date.localeCompare(b.date));
    readMessages.unshift({ key: "ex.read.read", values: { n: read.length } });
    renderRead();
  }

  function renderRead() {
    const openButton = el("button", { type: "button", text: t("ex.read.open") });
    openButton.addEventListener("click", () => picker.click());
    const parts = [el("summary", { text: t("ex.read") }), el("p", { class: "hint", text: t("ex.read.hint") }),
      el("div", { class: "buttons" }, [openButton]), picker,
      el("div", { class: "ex-status", role: "status" }, readMessages.map((m) => el("p", { text: text(m) })))];
    if (handins.length > 0) {
      // One column per question met in any hand-in, in the order first met.
      /** @type {Map<string, string>} */
      const columns = new Map();
      for (const hd of handins) for (const q of hd.qs) if (!columns.has(q.id)) columns.set(q.id, labelOf(t, q, hd.ex.points.length));
      const head = el("tr", {}, [...["ex.read.name", "ex.read.code", "ex.read.date", "ex.read.score"].map((k) => el("th", { scope: "col", text: t(k) })),
        ...[...columns.values()].map((label) => el("th", { scope: "col", text: label }))]);
      const rows = handins.map((hd) => el("tr", {}, [
        el("th", { scope: "row", text: hd.name }), el("td", { text: hd.code }),
        el("td", { text: new Date(hd.date).toLocaleString(host.lang() === "vi" ? "vi-VN" : "en-GB") }),
        el("td", { text: `${hd.right}/${hd.total}` }),
        ...[...columns.keys()].map((id) => {
          const m = hd.marks.get(id);
          const s = m ? t(`ex.mark.${m}`) + (hd.shownIds.has(id) ? ` (${t("ex.read.shown")})` : "") : "";
          return el("td", { class: `ex-mark ${m ?? ""}`, text: s });
        }),
      ]));
      parts.push(el("div", { class: "ex-scroll" }, [el("table", { class: "ex-handins" }, [el("caption", { text: t("ex.read.table") }),
        el("thead", {}, [head]), el("tbody", {}, rows)])]));
      const csv = el("button", { type: "button", text: t("ex.read.csv") });
      csv.addEventListener("click", () => {
        const markWord = (/** @type {typeof handins[number]} */ hd, /** @type {string} */ id) => {
          const m = hd.marks.get(id);
          return m ? t(`ex.mark.${m}`).replace(/^\S+\s/, "") + (hd.shownIds.has(id) ? ` (${t("ex.read.shown")})` : "") : "";
        };
        const header = [...["ex.read.name", "ex.read.code", "ex.read.date", "ex.read.right", "ex.read.total"].map((k) => t(k)),
          ...columns.values()];
        downloadText(doc, "backprop-lab-hand-ins.csv", tableCsv(header, handins.map((hd) => [hd.name, hd.code, hd.date, hd.right, hd.total,
          ...[...columns.keys()].map((id) => markWord(hd, id))])), "text/csv");
      });
      parts.push(el("div", { class: "buttons" }, [csv]));
    }
    if (works.length > 0) parts.push(...worksTable());
    const wasOpen = read.open;
    read.replaceChildren(...parts);
    read.open = wasOpen;
  }

  /** The training work handed in, one row each: name, lesson, date, epoch, losses, accuracies; and its CSV. */
  function worksTable() {
    const loss = (/** @type {number | null} */ v) => (v === null ? "—" : v.toFixed(5));
    const pct = (/** @type {number | null} */ v) => (v === null ? "—" : `${(100 * v).toFixed(1)} %`);
    const header = ["ex.read.name", "work.file.lesson", "ex.read.date", "work.file.network", "readout.epoch",
      "readout.trainLoss", "readout.testLoss", "readout.trainAcc", "readout.testAcc"].map((k) => t(k));
    /** @param {import("../../model/workhandin.js").Work} w */
    const cells = (w) => [w.lesson ? t("work.file.lessonN", { n: w.lesson.number, title: w.lesson.title }) : t("work.file.own"),
      new Date(w.date).toLocaleString(host.lang() === "vi" ? "vi-VN" : "en-GB"), w.network, String(w.epoch),
      loss(w.trainLoss), loss(w.testLoss), pct(w.trainAcc), pct(w.testAcc)];
    const table = el("table", { class: "ex-handins" }, [el("caption", { text: t("work.read.table") }),
      el("thead", {}, [el("tr", {}, header.map((h) => el("th", { scope: "col", text: h })))]),
      el("tbody", {}, works.map((w) => el("tr", {}, [el("th", { scope: "row", text: w.name }), ...cells(w).map((c) => el("td", { text: c }))])))]);
    const csv = el("button", { type: "button", text: t("work.read.csv") });
    csv.addEventListener("click", () => downloadText(doc, "backprop-lab-work-hand-ins.csv",
      tableCsv(header, works.map((w) => [w.name, ...cells(w)])), "text/csv"));
    return [el("div", { class: "ex-scroll" }, [table]), el("div", { class: "buttons" }, [csv])];
  }

  function relabel() {
    picker.setAttribute("aria-label", t("ex.read.open")); // the hidden input the button opens has a name too
    heading.textContent = t("ex.heading");
    intro.textContent = t("ex.intro");
    statusLine.textContent = text(status);
    renderTask();
    renderMake();
    renderRead();
  }

  root.setAttribute("aria-labelledby", "exercise-heading");
  relabel();

  return { openLink, relabel };
}

/**
 * The browser's local storage, or null where it is refused.
 * @param {Document} doc
 */
function storageOrNull(doc) {
  try {
    return doc.defaultView?.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * What this browser keeps under `key`, or null (nothing kept, or the storage refused).
 * @param {Document} doc @param {string} key
 */
function readKept(doc, key) {
  try {
    return storageOrNull(doc)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
