// confusion.js: the confusion matrix: how many points of each true class the network puts in
// each class, for the training and the test points apart (pure).

/**
 * @typedef {{ train: number[][], test: number[][] }} Confusion
 *   counts[true class][predicted class]
 */

/**
 * @param {ArrayLike<number>} predicted  the predicted class of every point, in order
 * @param {readonly { label: number, test: boolean }[]} points
 * @param {number} classes  how many classes (rows and columns)
 * @returns {Confusion}
 */
export function confusion(predicted, points, classes) {
  const empty = () => Array.from({ length: classes }, () => new Array(classes).fill(0));
  const train = empty();
  const test = empty();
  points.forEach((p, i) => {
    const k = predicted[i];
    if (p.label < classes && k >= 0 && k < classes) (p.test ? test : train)[p.label][k] += 1;
  });
  return { train, test };
}
