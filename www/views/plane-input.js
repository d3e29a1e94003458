// plane-input.js: the plane's pointer, touch and keyboard input, turned into the store's
// actions. Click adds (shift: green), right or ctrl click removes, a drag paints, a long touch
// removes; the keyboard moves a cross (arrows, shift for bigger steps), Enter or Space acts with
// the tool (shift adds green), Delete or Backspace removes the nearest point.

import { geometry, LO, HI } from "./plane.js";

/** A touch held this long (ms) without moving more than LONG_PRESS_SLOP CSS pixels removes a point. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP = 10;
/** Plane units the arrow keys move the cross (shift: BIG_STEP). */
const STEP = 0.05;
const BIG_STEP = 0.25;

/**
 * @param {HTMLCanvasElement} plane
 * @param {import("../app/store.js").Store} store
 * @param {() => number} size  the plane's drawn size in CSS pixels
 * @returns {{ cursor: () => [number, number] | null }}  the keyboard's cross, or null when the plane is not focused
 */
export function wirePlaneInput(plane, store, size) {
  const state = store.state;
  /** @type {[number, number] | null} */
  let keyCursor = null;
  /** The touch press that may become a long press. @type {{ x: number, y: number, at: [number, number], timer: number } | null} */
  let longPress = null;

  /** @param {PointerEvent | MouseEvent} e */
  function planeAt(e) {
    const rect = plane.getBoundingClientRect();
    return geometry(size()).toPlane(e.clientX - rect.left, e.clientY - rect.top);
  }

  function cancelLongPress() {
    if (longPress) clearTimeout(longPress.timer);
    longPress = null;
  }

  plane.addEventListener("contextmenu", (e) => e.preventDefault());
  plane.addEventListener("pointerdown", (e) => {
    keyCursor = null; // a pointer user does not need the cross
    state.dirty.plane = true;
    if (e.button !== 0 && e.button !== 2) return;
    const at = planeAt(e);
    if (!at) return;
    e.preventDefault();
    const s = state.settings;
    const removing = e.button === 2 || e.ctrlKey || s.tool === "remove";
    if (s.tool === "select" && !removing) {
      store.selectAt(at);
      return;
    }
    plane.setPointerCapture(e.pointerId);
    store.startDrag(at, removing ? "remove" : "add", e.shiftKey && !removing ? 1 : s.drawClass);
    // On a touch screen a long press (without moving) removes the nearest point instead.
    if (e.pointerType === "touch" && !removing) {
      const press = { x: e.clientX, y: e.clientY, at, timer: 0 };
      press.timer = window.setTimeout(() => {
        longPress = null;
        store.longPressed(press.at);
        navigator.vibrate?.(30);
      }, LONG_PRESS_MS);
      longPress = press;
    }
  });

  plane.addEventListener("pointermove", (e) => {
    if (longPress && Math.hypot(e.clientX - longPress.x, e.clientY - longPress.y) > LONG_PRESS_SLOP) cancelLongPress();
    if (!state.drag) return;
    const at = planeAt(e);
    if (at) store.dragTo(at);
  });
  for (const type of ["pointerup", "pointercancel"]) {
    plane.addEventListener(type, () => {
      cancelLongPress();
      store.endDrag();
    });
  }

  plane.addEventListener("focus", () => {
    if (!plane.matches(":focus-visible")) return; // focused by a click, not the keyboard
    keyCursor = keyCursor ?? [0, 0];
    state.dirty.plane = true;
  });
  plane.addEventListener("blur", () => {
    keyCursor = null;
    state.dirty.plane = true;
  });
  plane.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const at = keyCursor ?? [0, 0];
    const step = e.shiftKey ? BIG_STEP : STEP;
    /** @type {Record<string, [number, number]>} */
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const clamp = (/** @type {number} */ v) => Math.max(LO, Math.min(HI, Math.round(v * 100) / 100));
    if (e.key in moves) {
      keyCursor = [clamp(at[0] + moves[e.key][0]), clamp(at[1] + moves[e.key][1])];
      state.dirty.plane = true;
    } else if (e.key === "Enter" || e.key === " ") {
      const tool = state.settings.tool;
      if (tool === "select") store.selectAt(at);
      else if (tool === "remove") store.removeNear(at);
      else store.addPoint(at, e.shiftKey ? 1 : state.settings.drawClass);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      store.removeNear(at);
    } else {
      return;
    }
    e.preventDefault();
  });

  return { cursor: () => keyCursor };
}
