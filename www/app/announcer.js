// announcer.js: what a screen reader hears, through one polite live region:
// each new status message at once, and while training, progress now and then
// (never every frame, which would drown the student in numbers).

/** Milliseconds between progress announcements while training. */
export const PROGRESS_MS = 5000;

/**
 * @param {HTMLElement} region  a polite live region (role="status")
 * @param {number} [everyMs]
 */
export function createAnnouncer(region, everyMs = PROGRESS_MS) {
  let lastStatus = "";
  let lastProgress = -Infinity;
  /** @param {string} text */
  const say = (text) => {
    // The same words twice are not announced again: change the node's text to be sure.
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  };
  return {
    /**
     * Announces a status message once, when it differs from the last one announced.
     * @param {string} status  the message as the page shows it (the key for sameness)
     * @param {string} [spoken]  what to say, when more than the message (results at a stop)
     */
    status(status, spoken) {
      if (status === lastStatus) return;
      lastStatus = status;
      lastProgress = performance.now(); // progress waits its turn after a message
      say(spoken ?? status);
    },
    /**
     * While training: announces `text` when everyMs have passed since the last progress.
     * @param {number} now
     * @param {() => string} text
     */
    progress(now, text) {
      if (now - lastProgress < everyMs) return;
      lastProgress = now;
      say(text());
    },
  };
}
