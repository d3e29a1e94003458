// Fuzzing inputs shared by the Node and browser tests: a seeded generator, random text,
// and random edits of valid files and links.

export function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random edits of `text`: deletions, insertions of odd characters, duplications, truncation. */
export function mutate(text, rand) {
  const alphabet = ['"', "{", "}", "[", "]", ",", ".", "-", "e", "9", "0", "\n", ";", "\u0000", "é", "NaN", "null", "1e999", "_", "$", "=", "A"];
  let s = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rand() * (s.length + 1));
    const r = rand();
    if (r < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5));
    else if (r < 0.7) s = s.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)] + s.slice(at);
    else if (r < 0.85) s = s.slice(0, at) + s.slice(at - 10 < 0 ? 0 : at - 10, at) + s.slice(at);
    else s = s.slice(0, at);
  }
  return s;
}

export function randomText(rand) {
  const length = Math.floor(rand() * 60);
  return Array.from({ length }, () => String.fromCharCode(Math.floor(rand() * 128))).join("");
}
