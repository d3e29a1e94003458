// lessons.js: the lecture as nine guided experiments, as data. Each lesson is a
// patch of Settings (data set, network, training), its words in English and
// Vietnamese, a question to try, and variants (other patches) to compare.
// Pure: nothing here touches the DOM or the network.

/** @typedef {import("./i18n.js").Lang} Lang */
/** @typedef {import("./settings.js").Settings} Settings */
/** @typedef {Record<Lang, string>} Words */

/**
 * @typedef {{ id: string, label: Words, patch: Partial<Settings>, points?: "threeClasses" }} Variant
 * @typedef {{
 *   id: string,
 *   title: Words,
 *   text: Words,
 *   question: Words,
 *   setup: Partial<Settings>,
 *   variants: Variant[],
 *   view: null | "collapse" | "loss" | "multiples" | "hiddenspace",
 *   opens: null | "equations" | "stepper",
 *   goal?: import("./challenges.js").Goal,
 * }} Lesson  goal: a challenge the page checks and marks as met (challenges.js)
 */

/** The lecture's training: full batch, summed gradients, α 0.4, stop below 0.005, at most 20000 epochs. */
const LECTURE_TRAINING = Object.freeze({
  learningRate: 0.4, batch: /** @type {const} */ ("full"), reduction: /** @type {const} */ ("sum"),
  stopLoss: 0.005, maxEpochs: 20000,
});

/** The lecture's data and network 2-3-3-1 with sigmoid everywhere. */
const LECTURE = Object.freeze({
  dataset: "lecture", testFraction: 0, hidden: [3, 3], activation: /** @type {const} */ ("sigmoid"),
  inputs: /** @type {import("../types").Feature[]} */ (["x1", "x2"]), netSeed: 1, ...LECTURE_TRAINING,
});

/** @type {readonly Lesson[]} */
export const LESSONS = Object.freeze([
  {
    id: "classification",
    title: {
      en: "Classification and logistic regression",
      vi: "Bài toán phân lớp và hồi quy logistic",
    },
    text: {
      en: "Each point x = (x1, x2) is red (label 0) or green (label 1), and the model outputs the probability " +
        "that x is green. With no hidden layer the network is logistic regression, a = g(w·x + b): its decision " +
        "boundary, where that probability is 0.5, is a straight line. The lecture's 20 points are XOR-like: " +
        "no straight line separates them.",
      vi: "Mỗi điểm x = (x1, x2) thuộc lớp đỏ (nhãn 0) hoặc lớp xanh lá (nhãn 1); mô hình dự đoán xác suất để x " +
        "thuộc lớp xanh lá. Khi không có lớp ẩn, mạng chính là hồi quy logistic, a = g(w·x + b): biên quyết định " +
        "(nơi xác suất bằng 0.5) là một đường thẳng. 20 điểm của bài giảng có dạng XOR: không đường thẳng nào " +
        "phân chia được chúng.",
    },
    question: {
      en: "Press Train. Where does the line settle, and what is the train accuracy when it stops? " +
        "Could any straight line classify all 20 points?",
      vi: "Bấm Huấn luyện. Đường thẳng dừng ở đâu, và độ chính xác huấn luyện cuối cùng là bao nhiêu? " +
        "Có đường thẳng nào phân lớp đúng cả 20 điểm không?",
    },
    setup: { ...LECTURE, hidden: [], maxEpochs: 2000 },
    variants: [
      {
        id: "network",
        label: { en: "Add two hidden layers (2-3-3-1)", vi: "Thêm hai lớp ẩn (2-3-3-1)" },
        patch: { hidden: [3, 3], maxEpochs: 20000 },
      },
    ],
    view: null,
    opens: null,
  },
  {
    id: "network",
    title: { en: "The 2-3-3-1 network and its forward pass", vi: "Mạng 2-3-3-1 và lan truyền tiến" },
    text: {
      en: "The lecture's network has two hidden layers of 3 neurons and one output neuron, with the sigmoid " +
        "g(z) = 1/(1+e^-z) at every neuron. Layer by layer, z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l]), " +
        "starting from a[0] = x. W[1] is 3×2, W[2] is 3×3, W[3] is 1×3; row i holds the weights into neuron i. " +
        "The output a[3] is in (0, 1): the probability of green.",
      vi: "Mạng của bài giảng có hai lớp ẩn, mỗi lớp 3 nơ-rơn, và một nơ-rơn đầu ra; mọi nơ-rơn dùng hàm kích " +
        "hoạt sigmoid g(z) = 1/(1+e^-z). Từng lớp một: z[l] = W[l] a[l-1] + b[l], a[l] = g(z[l]), bắt đầu từ " +
        "a[0] = x. W[1] cỡ 3×2, W[2] cỡ 3×3, W[3] cỡ 1×3; hàng i chứa các trọng số đi vào nơ-rơn i. Đầu ra " +
        "a[3] nằm trong (0, 1): xác suất thuộc lớp xanh lá.",
    },
    question: {
      en: "Choose the Select tool and click a point, then follow its z and a through the layers in the " +
        "equations. Press Train: which neuron's picture changes the most?",
      vi: "Chọn công cụ Chọn và nhấp một điểm, rồi theo dõi z và a của nó qua từng lớp trong các phương trình. " +
        "Bấm Huấn luyện: hình của nơ-rơn nào thay đổi nhiều nhất?",
    },
    setup: { ...LECTURE },
    variants: [],
    view: null,
    opens: "equations",
    goal: {
      kind: "loss",
      below: 0.005,
      text: {
        en: "Train the lecture's network until its loss is below 0.005, the lecture's stopping rule.",
        vi: "Huấn luyện mạng của bài giảng cho đến khi mất mát nhỏ hơn 0.005, điều kiện dừng của bài giảng.",
      },
    },
  },
  {
    id: "activation",
    title: { en: "Why activations must be non-linear", vi: "Vì sao hàm kích hoạt phải phi tuyến" },
    text: {
      en: "Here the hidden layers have no activation (g(z) = z). Then a[3] = g(W[3](W[2](W[1]x + b[1]) + b[2]) " +
        "+ b[3]) = g(W x + b) with W = W[3]W[2]W[1] and b = W[3]W[2]b[1] + W[3]b[2] + b[3]: the network " +
        "collapses into logistic regression. Below, W and b are computed live from the network's weights; the " +
        "dashed line W x + b = 0 lies exactly on the network's decision boundary.",
      vi: "Ở đây các lớp ẩn không có hàm kích hoạt (g(z) = z). Khi đó a[3] = g(W[3](W[2](W[1]x + b[1]) + b[2]) " +
        "+ b[3]) = g(W x + b) với W = W[3]W[2]W[1] và b = W[3]W[2]b[1] + W[3]b[2] + b[3]: mạng thu gọn thành " +
        "hồi quy logistic. Bên dưới, W và b được tính trực tiếp từ các trọng số hiện tại; đường nét đứt " +
        "W x + b = 0 nằm đúng trên biên quyết định của mạng.",
    },
    question: {
      en: "Train: does the boundary ever bend? Then switch the hidden layers back to sigmoid and train again.",
      vi: "Huấn luyện: biên quyết định có bao giờ cong không? Sau đó đổi các lớp ẩn về sigmoid và huấn luyện lại.",
    },
    setup: { ...LECTURE, activation: "linear", learningRate: 0.1, maxEpochs: 2000 },
    variants: [
      {
        id: "sigmoid",
        label: { en: "Sigmoid hidden layers", vi: "Lớp ẩn dùng sigmoid" },
        patch: { activation: "sigmoid", learningRate: 0.4, maxEpochs: 20000 },
      },
      { id: "linear", label: { en: "Linear hidden layers", vi: "Lớp ẩn tuyến tính" }, patch: {} },
    ],
    view: "collapse",
    opens: null,
  },
  {
    id: "loss",
    title: { en: "The loss: binary cross-entropy", vi: "Hàm mất mát: Binary Cross Entropy" },
    text: {
      en: "On one point the binary cross-entropy (BCE) loss is L = -(y log a[3] + (1-y) log(1-a[3])): near 0 " +
        "when the network is confident and right, large when it is confident and wrong. Over the data set, " +
        "J = Σ L. The bars show each point's L (its colour is its class). With more than two classes the output " +
        "is softmax and the loss is the cross-entropy J = -Σ Σ y_j log a_j.",
      vi: "Trên một điểm, hàm mất mát Binary Cross Entropy (BCE, entropy chéo nhị phân) là " +
        "L = -(y log a[3] + (1-y) log(1-a[3])): gần 0 khi mạng dự đoán đúng và chắc chắn, rất lớn khi dự đoán " +
        "sai mà chắc chắn. Trên toàn bộ tập dữ liệu, J = Σ L. Các cột cho thấy L của từng điểm (màu là lớp " +
        "của điểm). Khi có nhiều hơn 2 lớp, đầu ra là softmax và hàm mất mát là Cross Entropy " +
        "J = -Σ Σ y_j log a_j.",
    },
    question: {
      en: "Before training a[3] differs little from point to point, so the red bars (L = -log(1 - a[3])) " +
        "have similar heights and so do the green bars (L = -log a[3]); they would all be log 2 ≈ 0.69, the " +
        "dotted line, only if a[3] were 0.5. Why does a[3] differ so little? Train, and watch which points " +
        "keep the largest loss the longest. Then try three classes.",
      vi: "Trước khi huấn luyện, a[3] khác nhau rất ít giữa các điểm, nên các cột đỏ (L = -log(1 - a[3])) " +
        "cao gần bằng nhau, các cột xanh lá (L = -log a[3]) cũng vậy; tất cả chỉ bằng log 2 ≈ 0.69 (đường " +
        "chấm chấm) khi a[3] = 0.5. Vì sao a[3] khác nhau rất ít? Huấn luyện và quan sát điểm nào giữ " +
        "mất mát lớn lâu nhất. Sau đó thử với ba lớp.",
    },
    setup: { ...LECTURE },
    variants: [
      {
        id: "threeClasses",
        label: { en: "Three classes (softmax, CE)", vi: "Ba lớp (softmax, CE)" },
        patch: { dataset: "own" },
        points: "threeClasses",
      },
      { id: "twoClasses", label: { en: "Two classes (BCE)", vi: "Hai lớp (BCE)" }, patch: {} },
    ],
    view: "loss",
    opens: null,
  },
  {
    id: "backprop",
    title: { en: "Backpropagation", vi: "Lan truyền ngược" },
    text: {
      en: "Backpropagation computes every gradient from the output back: dz[3] = a[3] - y; dW[3] = dz[3] a[2]ᵀ; " +
        "db[3] = dz[3]; da[2] = W[3]ᵀ dz[3]; dz[2] = da[2] ∘ a[2] ∘ (1 - a[2]); dW[2] = dz[2] a[1]ᵀ; and so on " +
        "down to dW[1] = dz[1] xᵀ. The step-through takes one point forward, then backward, one equation at a " +
        "time, with its numbers.",
      vi: "Lan truyền ngược tính mọi gradient từ đầu ra trở về: dz[3] = a[3] - y; dW[3] = dz[3] a[2]ᵀ; " +
        "db[3] = dz[3]; da[2] = W[3]ᵀ dz[3]; dz[2] = da[2] ∘ a[2] ∘ (1 - a[2]); dW[2] = dz[2] a[1]ᵀ; cứ thế " +
        "cho đến dW[1] = dz[1] xᵀ. Phần Chạy từng bước đưa một điểm qua lan truyền tiến rồi lan truyền ngược, mỗi lần một phương trình, " +
        "kèm các con số.",
    },
    question: {
      en: "Step through one point: which dz is the largest? Check with the numbers that dW[3] = dz[3] a[2]ᵀ.",
      vi: "Chạy từng bước với một điểm: dz nào lớn nhất? Kiểm tra bằng các con số rằng dW[3] = dz[3] a[2]ᵀ.",
    },
    setup: { ...LECTURE },
    variants: [],
    view: null,
    opens: "stepper",
  },
  {
    id: "descent",
    title: { en: "Gradient descent and the learning rate", vi: "Gradient descent và tốc độ học" },
    text: {
      en: "As in the lecture: in each epoch, every one of the 20 points goes forward and backward and its " +
        "gradients are summed (add_gradients); then one step W -= α·ΣdW, b -= α·Σdb (gradient_descent) with " +
        "α = 0.4. The loss shown is (1/20)·Σ L, and training stops when it falls below 0.005; the status line " +
        "gives the epoch.",
      vi: "Như trong bài giảng: mỗi epoch, từng điểm trong 20 điểm qua lan truyền tiến rồi lan truyền ngược, và gradient " +
        "của chúng được cộng vào tổng gradient (add_gradients); sau đó cập nhật một bước W -= α·ΣdW, b -= α·Σdb (gradient_descent) với " +
        "tốc độ học α = 0.4. Mất mát hiển thị là (1/20)·Σ L; huấn luyện dừng khi nó nhỏ hơn 0.005, và dòng " +
        "trạng thái cho biết epoch dừng.",
    },
    question: {
      en: "Press Train and note the epoch where it stops. Then try α = 0.01 (too slow) and α = 10 " +
        "(too large: the loss grows instead of falling, training diverges).",
      vi: "Bấm Huấn luyện và ghi lại epoch dừng. Sau đó thử α = 0.01 (quá chậm) và α = 10 (quá lớn: mất mát " +
        "tăng thay vì giảm, quá trình huấn luyện phân kỳ).",
    },
    setup: { ...LECTURE },
    variants: [
      { id: "alpha04", label: { en: "α = 0.4 (the lecture)", vi: "α = 0.4 (bài giảng)" }, patch: {} },
      { id: "alpha001", label: { en: "α = 0.01", vi: "α = 0.01" }, patch: { learningRate: 0.01 } },
      { id: "alpha10", label: { en: "α = 10", vi: "α = 10" }, patch: { learningRate: 10 } },
    ],
    view: null,
    opens: null,
    goal: {
      kind: "rescue",
      text: {
        en: "Make training diverge (try α = 10), then rescue it with “Restore the last good weights”.",
        vi: "Làm cho quá trình huấn luyện phân kỳ (thử α = 10), rồi cứu nó bằng nút “Khôi phục trọng số tốt gần nhất”.",
      },
    },
  },
  {
    id: "depth",
    title: { en: "Depth and width", vi: "Độ sâu và độ rộng của mạng" },
    text: {
      en: "More layers and more neurons can draw more complex decision boundaries. Nine separate networks " +
        "train on the same points side by side: rows have 1, 2, 3 hidden layers, columns 2, 4, 8 neurons per " +
        "layer (tanh activation, mini-batches of 10).",
      vi: "Càng nhiều lớp và nhiều nơ-rơn, mạng càng tạo được biên quyết định phức tạp. Chín mạng riêng biệt " +
        "cùng huấn luyện trên cùng các điểm: các hàng có 1, 2, 3 lớp ẩn, các cột có 2, 4, 8 nơ-rơn mỗi lớp " +
        "(hàm kích hoạt tanh, lô nhỏ 10 điểm).",
    },
    question: {
      en: "Which is the smallest network that separates the two moons? Add points or change the data set: " +
        "the nine networks start again on the new points.",
      vi: "Mạng nhỏ nhất nào phân chia được hai mặt trăng? Thêm điểm hoặc đổi tập dữ liệu: chín mạng sẽ huấn " +
        "luyện lại từ đầu trên các điểm mới.",
    },
    setup: {
      ...LECTURE, dataset: "moons", count: 200, noise: 0.2, dataSeed: 1, hidden: [4, 4], activation: "tanh",
      learningRate: 0.03, batch: "mini", batchSize: 10, reduction: "mean", stopLoss: 0, maxEpochs: 2000,
    },
    variants: [],
    view: "multiples",
    opens: null,
  },
  {
    id: "overfitting",
    title: { en: "Overfitting", vi: "Quá khớp" },
    text: {
      en: "A network fits its training data very well, so it risks overfitting: it learns the noise of a few " +
        "points. Here there are 30 noisy points with a test split of 50 % (test points are drawn hollow and " +
        "never trained on), and the network is large (2-8-8-1). The chart shows the train loss and the test loss. A large enough training set " +
        "counters overfitting.",
      vi: "Mạng nơ-rơn khớp rất tốt vào tập dữ liệu huấn luyện, nên có rủi ro quá khớp: nó học cả nhiễu của " +
        "một vài điểm. Ở đây có 30 điểm có nhiễu với tỉ lệ tập kiểm tra 50 % (điểm kiểm tra vẽ rỗng và không bao " +
        "giờ được dùng để huấn luyện), và mạng lớn (2-8-8-1). Biểu đồ cho thấy mất mát huấn luyện và mất mát kiểm tra. Tập huấn " +
        "luyện đủ lớn giúp khắc phục quá khớp.",
    },
    question: {
      en: "Train: how far apart do the train loss and the test loss end? Then take more data and train again: " +
        "does the gap close?",
      vi: "Huấn luyện: mất mát huấn luyện và mất mát kiểm tra cách nhau bao xa lúc kết thúc? Sau đó lấy thêm dữ " +
        "liệu và huấn luyện lại: khoảng cách có thu hẹp không?",
    },
    setup: {
      ...LECTURE, dataset: "circle", count: 30, noise: 0.4, dataSeed: 1, testFraction: 0.5, hidden: [8, 8],
      activation: "tanh", learningRate: 0.1, batch: "full", reduction: "mean", stopLoss: 0, maxEpochs: 1000,
    },
    variants: [
      { id: "moreData", label: { en: "More data (300 points)", vi: "Thêm dữ liệu (300 điểm)" }, patch: { count: 300 } },
      { id: "fewData", label: { en: "Few points (30)", vi: "Ít điểm (30)" }, patch: {} },
    ],
    view: null,
    opens: null,
    goal: {
      kind: "accuracy",
      set: "test",
      atLeast: 0.9,
      maxHidden: 3,
      text: {
        en: "Reach 90 % test accuracy with at most 3 hidden neurons in all (more data helps; so may more epochs).",
        vi: "Đạt độ chính xác kiểm tra 90 % với tổng cộng không quá 3 nơ-rơn ẩn (thêm dữ liệu sẽ giúp ích; thêm epoch cũng vậy).",
      },
    },
  },
  {
    id: "hiddenspace",
    title: { en: "The hidden space", vi: "Không gian ẩn" },
    text: {
      en: "The last hidden layer maps each point x to its activations a[2]. Below, the plane's grid lines and " +
        "the points are drawn where two hidden neurons send them: the hidden layers bend and stretch the plane. " +
        "The output neuron is a logistic regression on a[2], so in this space its boundary is the straight " +
        "line W[3] a[2] + b[3] = 0.",
      vi: "Lớp ẩn cuối cùng biến mỗi điểm x thành các giá trị kích hoạt a[2]. Bên dưới, các đường lưới của mặt " +
        "phẳng và các điểm được vẽ tại vị trí mà hai nơ-rơn ẩn đưa chúng tới: các lớp ẩn uốn cong và kéo giãn " +
        "mặt phẳng. Nơ-rơn đầu ra là một hồi quy logistic trên a[2], nên trong không gian này biên quyết định " +
        "của nó là đường thẳng W[3] a[2] + b[3] = 0.",
    },
    question: {
      en: "Train and watch the grid fold. When can one straight line separate red from green in the hidden space?",
      vi: "Huấn luyện và xem lưới bị gập lại. Khi nào một đường thẳng tách được lớp đỏ và lớp xanh lá trong " +
        "không gian ẩn?",
    },
    setup: { ...LECTURE, hidden: [3, 2] },
    variants: [
      {
        id: "three",
        label: { en: "Three neurons in the last hidden layer", vi: "Ba nơ-rơn ở lớp ẩn cuối" },
        patch: { hidden: [3, 3] },
      },
      { id: "two", label: { en: "Two neurons in the last hidden layer", vi: "Hai nơ-rơn ở lớp ẩn cuối" }, patch: {} },
    ],
    view: "hiddenspace",
    opens: null,
  },
]);

/**
 * The lesson with this id, or null.
 * @param {string} id
 */
export function findLesson(id) {
  return LESSONS.find((l) => l.id === id) ?? null;
}

/**
 * The settings of a lesson (and one of its variants): the defaults, the student's display
 * preferences, then the lesson's patch, then the variant's.
 * @param {Settings} defaults  defaultSettings()
 * @param {Settings} own  the student's settings (only display preferences are taken)
 * @param {Lesson} lesson
 * @param {Variant | null} variant
 * @returns {Settings}
 */
export function lessonSettings(defaults, own, lesson, variant) {
  const s = {
    ...defaults,
    logScale: own.logScale,
    discretise: own.discretise,
    palette: own.palette,
    ...lesson.setup,
    ...(variant ? variant.patch : {}),
  };
  return { ...s, hidden: [...s.hidden], inputs: [...s.inputs] };
}

/**
 * Three classes of 12 points each around three centres, deterministic (lesson 4's variant).
 * @returns {{ x1: number, x2: number, label: number }[]}
 */
export function threeClassPoints() {
  const centres = [[-0.7, -0.5], [0.7, -0.5], [0, 0.75]];
  /** @type {{ x1: number, x2: number, label: number }[]} */
  const out = [];
  centres.forEach(([cx, cy], label) => {
    for (let i = 0; i < 12; i++) {
      // A golden-angle spiral fills a disc evenly without randomness.
      const r = 0.45 * Math.sqrt((i + 0.5) / 12);
      const angle = i * 2.399963229728653 + label;
      out.push({ x1: cx + r * Math.cos(angle), x2: cy + r * Math.sin(angle), label });
    }
  });
  return out;
}

/**
 * Words in the language, falling back to English.
 * @param {Words} words
 * @param {Lang} lang
 */
export function say(words, lang) {
  return words[lang] || words.en;
}
