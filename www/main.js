// main.js: the composition root. It loads the core, makes the session, the training and the
// store (app/store.js, the app state and its actions), wires the controls and the plane to the
// store's actions, runs the one frame loop that draws what the store marked dirty, and mounts
// the panels once the first boundary is on screen.

import { pickLang, translate, applyStrings } from "./model/i18n.js";
import { LO, HI } from "./views/plane.js";
import { createPlaneView, gridAsked } from "./views/plane-view.js";
import { wirePlaneInput } from "./views/plane-input.js";
import { createReadouts } from "./views/readouts.js";
import { wireSnapshots } from "./views/snapshots.js";
import { usePalette } from "./views/palette.js";
import { buildDiagram, paintNeurons, paintInputs, markPinned, THUMB_N } from "./views/neurons.js";
import { loadingCore } from "./app/core.js";
import { loadUPlot } from "./app/libraries.js";
import { afterFirstBoundary, firstBoundaryDrawn, fullBoundaryDrawn } from "./app/firstboundary.js";
import { createCharts, updateCharts, resizeCharts } from "./views/charts.js";
import { createAnnouncer } from "./app/announcer.js";
import { createTraining } from "./app/training.js";
import { createSession } from "./app/session.js";
import { createStore, messageOf } from "./app/store.js";
import { openSavedWork } from "./app/startup.js";
import { specFor, makePoints } from "./model/spec.js";
import { defaultSettings, updateOptions } from "./model/settings.js";
import { findControls, wireControls, checkedFeatures, fillCatalog } from "./views/controls.js";
import { createPresenter, presentAsked } from "./views/presenter.js";
import { wirePaper } from "./views/paper.js";
import * as pts from "./model/points.js";

/** With reduced motion, while training, the plane redraws every CALM_PLANE_MS, panels every CALM_MS. */
const CALM_PLANE_MS = 250;
const CALM_MS = 600;
/** While training, the thumbnails redraw at most this often (ms), the charts CHART_MS. */
const NEURONS_MS = 50;
const CHART_MS = 100;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function boot() {
  const c = findControls(document);
  const lang = pickLang(location.search, navigator.languages ?? [navigator.language], rememberedLang());
  applyLanguage(c, lang);
  // Every label has its words now: the page is laid out for the first time (style.css).
  document.documentElement.classList.add("ready");
  /** @type {import("./types").WasmModule} */
  let core;
  try {
    core = await loadingCore;
  } catch (e) {
    c.alert.hidden = false;
    c.alert.textContent = translate(lang, "error.load", { message: messageOf(e) });
    throw e;
  }
  fillCatalog(c, core.limits(), (key) => translate(lang, key));
  const settings = defaultSettings();
  const points = makePoints(core, settings, []);
  const session = createSession(core, specFor(settings, pts.classesNeeded(points)));
  // ?training=main keeps training on the main thread (as in a browser without module workers): for comparison.
  const training = createTraining(core, { worker: new URLSearchParams(location.search).get("training") !== "main" });
  document.documentElement.dataset.training = training.backend; // where training runs, for tests and curious readers
  const store = createStore({ core, session, training, lang, settings, points });
  const state = store.state;
  const t = store.t;

  // ---- panels mounted after the first boundary ------------------------------------
  /** @type {ReturnType<typeof import("./panels/backprop/backprop-panels.js").createBackpropPanels> | null} */
  let backprop = null;
  let backpropChanged = true;
  /** @type {ReturnType<typeof import("./panels/lessons/lessonpanel.js").mountLessons> | null} */
  let lessons = null;
  /** @type {ReturnType<typeof import("./panels/surface/surface-panel.js").mountSurface> | null} */
  let surface = null;
  /** @type {ReturnType<typeof import("./app/startup.js").openSavedWork> | null} */
  let saved = null;
  /** The exercise panel (#x1. links, hand-ins), mounted after the first boundary. */
  /** @type {ReturnType<typeof import("./panels/exercise/exercisepanel.js").mountExercise> | null} */
  let exercise = null;
  store.onChange(() => {
    backpropChanged = true;
    saved?.saveSoon();
  });

  // ---- drawing --------------------------------------------------------------
  const planeView = createPlaneView(c.plane, gridAsked(location.search));
  const planeInput = wirePlaneInput(c.plane, store, () => planeView.size);
  const readouts = createReadouts(c, store, {
    restoreGood: byId("restore-good"), barReadout: byId("bar-readout"), confusion: byId("confusion"),
    snapshots: wireSnapshots(document, store),
    announcer: createAnnouncer(byId("announce")),
  });
  /** @type {import("./views/neurons.js").Diagram | null} */
  let diagram = null;
  /** @type {import("./views/charts.js").Charts | null} */
  let charts = null;
  /** @type {import("./views/charts.js").UPlotCtor | null} */
  let uPlot = null;
  /** Frames drawn since the page loaded: the first one draws only a coarse boundary. */
  let framesDrawn = 0;
  /** @type {import("./model/settings.js").Settings["palette"] | null} */
  let shownPalette = null;
  const calmMotion = matchMedia("(prefers-reduced-motion: reduce)");
  let lastCalmPlane = -Infinity;
  let lastCalmBackprop = -Infinity;
  let lastNeurons = 0;
  let lastChart = 0;
  /** Milliseconds a frame spends on everything but training (a running average). */
  let otherMs = 0;

  /** @type {import("./views/neurons.js").DiagramHandlers} */
  const diagramHandlers = { onNeurons: store.changeNeurons, onShow: store.showNeuron };

  /** What the plane draws now. @returns {import("./views/plane-view.js").PlaneInput} */
  function planeNow() {
    return {
      net: session.net,
      spec: state.spec,
      classes: state.classes,
      show: state.show ? state.show.ref : null,
      discretise: state.settings.discretise,
      running: state.running,
      coarse: framesDrawn === 0,
      points: store.plainPoints(),
      outputs: store.outputsForPoints(),
      judged: state.epoch > 0,
      selected: state.selected,
      cursor: planeInput.cursor(),
      key: `${state.settings.testFraction},${state.settings.palette}`,
    };
  }

  function drawPlane() {
    const again = planeView.draw(planeNow());
    if (again) state.dirty.plane = true;
    if (planeView.size > 0) {
      firstBoundaryDrawn();
      if (framesDrawn > 0) fullBoundaryDrawn(); // the first frame's boundary is coarse; this one is not
    }
  }

  function drawCharts() {
    if (!uPlot) return;
    charts?.loss.destroy();
    charts?.acc.destroy();
    charts = createCharts(uPlot, c.lossChart, c.accChart, {
      epoch: t("charts.epoch"), train: t("charts.train"), test: t("charts.test"),
      loss: t("charts.lossAxis"), accuracy: t("charts.accAxis"), kept: t("charts.kept"),
    }, state.settings.logScale, state.series, state.kept);
  }

  /** @param {number} now */
  function frame(now) {
    const frameStart = performance.now();
    let trainMs = 0;
    const d = state.dirty;
    // With reduced motion, what moves while training refreshes a few times a second, not every frame.
    const calm = state.running && calmMotion.matches;
    try {
      if (state.running) {
        store.trainFrame(now, otherMs);
        trainMs = performance.now() - frameStart;
      }
      if (state.settings.palette !== shownPalette) {
        shownPalette = state.settings.palette;
        usePalette(shownPalette);
        document.documentElement.dataset.palette = shownPalette;
        d.plane = d.neurons = true;
      }
      if (d.diagram) {
        d.diagram = false;
        d.pin = d.neurons = true;
        diagram = buildDiagram(c.diagram, state.spec, t, store.limits, diagramHandlers);
        paintInputs(diagram, state.spec.inputs);
      }
      if (d.pin) {
        d.pin = false;
        markPinned(c.diagram, state.show && state.show.pinned ? state.show.ref : null);
      }
      if (d.plane && (!calm || now - lastCalmPlane >= CALM_PLANE_MS)) {
        d.plane = false;
        lastCalmPlane = now;
        drawPlane();
      }
      // The thumbnails wait a frame at load, so the first boundary is on screen sooner.
      if (d.neurons && diagram && framesDrawn > 0 && (now - lastNeurons > (calm ? CALM_MS : NEURONS_MS) || !state.running)) {
        d.neurons = false;
        lastNeurons = now;
        paintNeurons(diagram, session.net.neuronGrids(THUMB_N, LO, HI), state.spec);
      }
      if (d.readouts) {
        d.readouts = false;
        readouts.show();
      }
      if (d.presenter) {
        d.presenter = false;
        presenter.show(state.presenting);
      }
      if (backprop && (!calm || now - lastCalmBackprop >= CALM_MS)) {
        lastCalmBackprop = now;
        backprop.frame(now, state.running, backpropChanged, backpropData);
        backpropChanged = false;
      }
      lessons?.frame(now);
      surface?.frame(now);
      if (state.running) readouts.progress(now);
      if (d.chartLayout && uPlot) {
        d.chartLayout = false;
        d.charts = true;
        drawCharts();
      }
      if (d.charts && charts && (now - lastChart > (calm ? CALM_MS : CHART_MS) || !state.running)) {
        d.charts = false;
        lastChart = now;
        updateCharts(charts, state.series, state.kept);
      }
    } catch (e) {
      store.pause();
      store.setAlert("error.generic", { message: messageOf(e) });
    }
    framesDrawn += 1;
    // What drawing costs decides how much of the next frame training may take.
    if (state.running) otherMs = 0.8 * otherMs + 0.2 * (performance.now() - frameStart - trainMs);
    requestAnimationFrame(frame);
  }

  function backpropData() {
    const { train } = store.samples();
    return {
      net: session.net,
      spec: state.spec,
      trainXs: train.xs,
      trainLabels: train.labels,
      points: store.plainPoints(),
      selected: state.selected,
      alpha: state.settings.learningRate,
      update: updateOptions(state.settings),
      running: state.running,
      epoch: state.epoch,
      batch: state.running ? state.workerBatch : null,
    };
  }

  // ---- input ----------------------------------------------------------------
  wireControls(c, store.change, (action) => store.act(action, action === "features" ? checkedFeatures(c) : undefined));
  byId("restore-good").addEventListener("click", () => store.restoreLastGood());
  // The work leaving the screen: figures (PNG), a hand-in file, and the plane on paper (paper.js).
  const paper = wirePaper({ t, store, lessonNumber: () => lessons?.number() ?? null, planeView, planeNow,
    plane: c.plane, lossChart: c.lossChart });

  // Presenter mode: the button, f and Esc (shortcuts.js), ?present=1 (presenter.js).
  const presenter = createPresenter(document, window);
  byId("present").addEventListener("click", () => store.act("present"));
  if (presentAsked(location.search)) store.act("present");

  c.lang.addEventListener("change", () => {
    const next = c.lang.value === "vi" ? "vi" : "en";
    applyLanguage(c, next);
    const url = new URL(location.href);
    url.searchParams.set("lang", next);
    history.replaceState(null, "", url);
    rememberLang(next);
    store.setLanguage(next);
    backprop?.relabel(t);
    saved?.relabel();
    lessons?.relabel();
    surface?.relabel(t);
    exercise?.relabel();
    shortcuts?.fillShortcutList(byId("keys-list"), t);
  });

  document.addEventListener("keydown", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target instanceof HTMLInputElement && (target.type === "number" || target.type === "text")) return;
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === "z" || key === "y") {
      e.preventDefault();
      store.act(key === "y" || e.shiftKey ? "redo" : "undo");
    }
  });

  new ResizeObserver(() => {
    state.dirty.plane = true;
    if (charts) resizeCharts(charts, c.lossChart.clientWidth);
    backprop?.resize();
  }).observe(document.body);

  // ---- start ----------------------------------------------------------------
  // The charts load once the first boundary is drawn, so it does not wait for them.
  loadUPlot().then((u) => {
    uPlot = u;
    state.dirty.chartLayout = true;
  }).catch((e) => store.setAlert("error.generic", { message: messageOf(e) }));

  // Files, links, autosave: a shared link first, else the saved work (startup.js).
  saved = openSavedWork(store, { lesson: () => lessons?.current() ?? null, networks: session });

  /** The read-only test hook of DESIGN.md. */
  window.backpropLab = { snapshot: () => store.snapshot(lessons?.number() ?? null) };
  requestAnimationFrame(frame);

  /** @type {typeof import("./views/shortcuts.js") | null} */
  let shortcuts = null;
  // What the first view does not need loads once the first boundary is on screen.
  afterFirstBoundary.then(async () => {
    const [panels, lessonPanel, filesPanel, pyexport, shortcutKeys, lessonData, surfacePanel] = await Promise.all([
      import("./panels/backprop/backprop-panels.js"), import("./panels/lessons/lessonpanel.js"),
      import("./panels/files/filespanel.js"), import("./model/pyexport.js"), import("./views/shortcuts.js"),
      import("./model/lessons.js"), import("./panels/surface/surface-panel.js"),
    ]);
    training.start(); // the worker loads its core now, not while the first boundary was drawn
    saved?.mountFiles(filesPanel, pyexport, paper.handInWork);
    shortcuts = shortcutKeys;
    shortcutKeys.fillShortcutList(byId("keys-list"), t);
    shortcutKeys.wireShortcuts(document, /** @type {HTMLDialogElement} */ (byId("shortcuts")),
      /** @type {HTMLButtonElement} */ (byId("show-shortcuts")), (action) => {
        if (action.startsWith("class:")) store.chooseClass(Number(action.slice(6)));
        else if (action === "nextPhase") backprop?.nextPhase(); // as the step-through's Next button does
        else store.act(action);
      });
    backprop = panels.createBackpropPanels(byId("backprop"), t, {
      onSelect: store.select, onPause: store.pauseTraining, editParams: store.editParams, iterate: store.iterate,
    });
    backpropChanged = true;
    surface = surfacePanel.mountSurface(byId("surface"), {
      t, data: backpropData,
    });
    lessons = lessonPanel.mountLessons(byId("lessons"), {
      networks: session,
      t,
      lang: () => state.lang,
      view: () => ({ net: session.net, spec: state.spec, points: store.points(), settings: state.settings,
        epoch: state.epoch, classes: state.classes, trainAcc: state.trainAcc, testAcc: state.testAcc,
        trainLoss: state.trainLoss, rescues: state.rescues }),
      defaults: defaultSettings,
      keep: store.keepWork,
      restore: (work) => store.restoreWork(/** @type {import("./app/store.js").Work | import("./model/statefile.js").StateDocument} */ (work)),
      setUp: store.setUpLesson,
      target: (kind) => (kind === "surface" ? byId("surface") : backprop?.section(kind) ?? null),
      planeWrap: byId("plane-wrap"),
      planeSize: () => planeView.size,
    });
    saved?.lessonsMounted(lessons); // a link, a file or a save that names a lesson re-enters it
    // ?lesson=N opens lesson N, as its button does.
    const asked = new URLSearchParams(location.search).get("lesson");
    if (asked !== null && !lessons.open(Number(asked))) {
      store.setStatus("status.noLesson", { n: asked.slice(0, 12), max: lessonData.LESSONS.length });
    }
    backpropChanged = true;
  }).catch((e) => store.setAlert("error.generic", { message: messageOf(e) }));

  // Exercises: an #x1. link opens one in the exercise panel (startup.js opens only #s1. and #s2. share links).
  afterFirstBoundary.then(async () => {
    const panel = await import("./panels/exercise/exercisepanel.js");
    const mounted = panel.mountExercise(byId("exercise"), { t, lang: () => state.lang, oneStep: session.oneStep });
    exercise = mounted;
    const route = () => {
      if (location.hash.startsWith("#x1.")) mounted.openLink(location.hash);
    };
    route();
    addEventListener("hashchange", route);
  }).catch((e) => store.setAlert("error.generic", { message: messageOf(e) }));
}

/** Where the language picked in the page's select is remembered. */
const LANG_KEY = "backprop-lab/lang";

/** @returns {string | null} */
function rememberedLang() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null; // storage forbidden: the browser's preference decides
  }
}

/** @param {string} lang */
function rememberLang(lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage forbidden or full: the address still carries ?lang=
  }
}

/**
 * @param {ReturnType<typeof findControls>} c
 * @param {import("./model/i18n.js").Lang} lang
 */
function applyLanguage(c, lang) {
  document.documentElement.lang = lang;
  applyStrings(document, lang);
  document.title = translate(lang, "doc.title");
  c.lang.value = lang;
}

boot().catch((e) => console.error(e));

