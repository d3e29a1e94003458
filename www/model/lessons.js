// lessons.js: the lecture as guided experiments, as data (nine from the lecture, then the loss
// surface, the optimizers, regularization, regression and the one-neuron warm-up). Each lesson is a
// patch of Settings (data set, network, training), its words in English and
// Vietnamese, a question to try, and variants (other patches) to compare.
// Pure: nothing here touches the DOM or the network.

import { defaultRegressionPoints } from "./regression.js";

/** @typedef {import("./i18n.js").Lang} Lang */
/** @typedef {import("./settings.js").Settings} Settings */
/** @typedef {Record<Lang, string>} Words */

/**
 * @typedef {{ id: string, label: Words, patch: Partial<Settings>, points?: "threeClasses" }} Variant
 *   points: a variant's own points (else the data set's, or the lesson's)
 * @typedef {{
 *   id: string,
 *   title: Words,
 *   text: Words,
 *   question: Words,
 *   setup: Partial<Settings>,
 *   variants: Variant[],
 *   view: null | "collapse" | "loss" | "multiples" | "hiddenspace" | "neuron",
 *   opens: null | "equations" | "stepper" | "surface",
 *   goal?: import("./challenges.js").Goal,
 *   points?: "regression" | "line",
 * }} Lesson  goal: a challenge the page checks and marks as met (challenges.js); points: the lesson's
 *   own points (lessonPoints), else the data set's
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

/** Lesson 8's overfitting: 30 noisy points on a circle, half of them for testing, a large network (2-8-8-1). */
const OVERFITTING = Object.freeze({
  ...LECTURE, dataset: "circle", count: 30, noise: 0.4, dataSeed: 1, testFraction: 0.5, hidden: [8, 8],
  activation: /** @type {const} */ ("tanh"), learningRate: 0.1, batch: /** @type {const} */ ("full"),
  reduction: /** @type {const} */ ("mean"), stopLoss: 0, maxEpochs: 1000,
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
    setup: { ...OVERFITTING },
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
  {
    id: "surface",
    title: { en: "The loss surface and the learning rate", vi: "Mặt hàm mất mát và tốc độ học" },
    text: {
      en: "Gradient descent walks downhill: each step moves the weights by −α times the derivative of the loss. " +
        "The loss surface panel draws the loss over two weights, W[3]₁₁ and W[3]₁₂ (the others stay where they " +
        "are), and the path the weights take. With the lecture's α = 0.4 the first steps overshoot: the path " +
        "zigzags across the valley and the loss rises from 0.80 to 1.29, then 1.43, and goes up and down a while " +
        "before it settles; training stops below 0.005 at epoch 933. With α = 0.1 a step from the same point is a " +
        "quarter as long and the loss never rises (it stops at epoch 1787). With α = 10 the first step points " +
        "the same way as with 0.4 but is 25 times as long: W[3]₁₁ leaps from −0.67 to 21.1, far outside the " +
        "window, and the loss from 0.80 to 21.8; it never comes back below 21.7.",
      vi: "Gradient descent là đi xuống dốc: mỗi bước dời các trọng số một đoạn bằng −α nhân với đạo hàm của " +
        "hàm mất mát. Phần Mặt hàm mất mát vẽ giá trị mất mát theo hai trọng số W[3]₁₁ và W[3]₁₂ (các trọng số " +
        "còn lại giữ nguyên), cùng đường đi của các trọng số trên mặt đó. Với tốc độ học α = 0.4 của bài giảng, " +
        "những bước đầu tiên đi quá đà: đường đi nhảy qua nhảy lại hai bên thung lũng, mất mát tăng từ 0.80 lên " +
        "1.29 rồi 1.43, lên xuống một hồi rồi mới ổn định; huấn luyện dừng dưới 0.005 ở epoch 933. Với α = 0.1, " +
        "từ cùng một điểm bước đi chỉ dài bằng một phần tư, và mất mát không lần nào tăng (dừng ở epoch 1787). " +
        "Với α = 10, bước đầu tiên cùng hướng với α = 0.4 nhưng dài gấp 25 lần: W[3]₁₁ nhảy từ −0.67 tới 21.1, " +
        "văng ra xa khỏi khung hình, mất mát vọt từ 0.80 lên 21.8 và không bao giờ xuống lại dưới 21.7.",
    },
    question: {
      en: "Press “Show the loss surface”, then One epoch a few times, and follow the path from the square (the " +
        "start) to the red dot (the weights now); then Train to the end. Try α = 0.1 and α = 10 the same way. " +
        "Every step starts downhill: why can the loss still go up?",
      vi: "Bấm “Xem mặt hàm mất mát”, rồi bấm Một epoch vài lần và dõi theo đường đi từ ô vuông (điểm xuất " +
        "phát) đến chấm đỏ (trọng số hiện tại); sau đó Huấn luyện đến hết. Làm lại như vậy với α = 0.1 và α = 10. " +
        "Bước nào cũng bắt đầu theo hướng xuống dốc: vậy tại sao mất mát vẫn có thể tăng?",
    },
    setup: { ...LECTURE },
    variants: [
      { id: "alpha04", label: { en: "α = 0.4 (the lecture)", vi: "α = 0.4 (bài giảng)" }, patch: {} },
      { id: "alpha01", label: { en: "α = 0.1", vi: "α = 0.1" }, patch: { learningRate: 0.1 } },
      { id: "alpha10", label: { en: "α = 10", vi: "α = 10" }, patch: { learningRate: 10 } },
    ],
    view: null,
    opens: "surface",
  },
  {
    id: "optimizers",
    title: { en: "Momentum and Adam against plain descent", vi: "Quán tính và Adam so với gradient descent thường" },
    text: {
      en: "Plain gradient descent (the lecture) steps by −α·dW, using only this epoch's derivative. Momentum " +
        "keeps a velocity v ← μ v + dW (μ = 0.9) and steps by −α·v: steps that agree add up, to as much as " +
        "1/(1−μ) = 10 gradients, while zigzags cancel out. Adam divides each weight's averaged derivative by the " +
        "square root of its averaged squared derivative, so every weight moves by about α per step, whether its " +
        "derivative is large or tiny. Here the three start from the same initial weights (seed 1), on the " +
        "lecture's 20 points, with " +
        "the same α = 0.1; only the update rule differs. Plain descent gets below 0.005 at epoch 1787, momentum " +
        "at epoch 327, Adam at epoch 277.",
      vi: "Gradient descent thường (như bài giảng) cập nhật một bước −α·dW, chỉ dùng đạo hàm của epoch hiện tại. " +
        "Phương pháp quán tính (momentum) giữ một vận tốc v ← μ v + dW (μ = 0.9) và cập nhật −α·v: các bước cùng " +
        "hướng cộng dồn lại, tới tối đa 1/(1−μ) = 10 lần một gradient, còn các bước zíc zắc thì triệt tiêu nhau. " +
        "Adam chia đạo hàm trung bình của từng trọng số cho căn bậc hai của trung bình bình phương đạo hàm, " +
        "nên trọng số " +
        "nào cũng dịch chừng α mỗi bước, dù đạo hàm của nó lớn hay rất nhỏ. Ở đây cả ba xuất phát từ cùng trọng " +
        "số ban đầu (seed 1), trên 20 điểm của bài giảng, với cùng tốc độ học α = 0.1; chỉ có quy tắc cập nhật " +
        "là khác. Gradient descent thường xuống dưới 0.005 ở epoch 1787, quán tính ở epoch 327, Adam ở epoch 277.",
    },
    question: {
      en: "Train each variant and note the epoch where it stops; open the loss surface to compare the three " +
        "paths. Then do it again, pressing “Reset weights” (seed 2) after choosing each variant: momentum now " +
        "needs about 18000 epochs and Adam stays stuck near 0.48. Does a faster method always win?",
      vi: "Huấn luyện từng biến thể và ghi lại epoch dừng; mở mặt hàm mất mát để so sánh ba đường đi. Sau đó làm " +
        "lại, nhưng sau khi chọn mỗi biến thể thì bấm “Khởi tạo lại trọng số” (seed 2): lần này quán tính cần " +
        "khoảng 18000 epoch, còn Adam kẹt lại quanh 0.48. Phương pháp nhanh hơn có luôn thắng không?",
    },
    setup: { ...LECTURE, learningRate: 0.1 },
    variants: [
      { id: "gd", label: { en: "Gradient descent (the lecture)", vi: "Gradient descent (bài giảng)" }, patch: {} },
      {
        id: "momentum", label: { en: "Momentum, μ = 0.9", vi: "Quán tính, μ = 0.9" },
        patch: { optimizer: "momentum", momentum: 0.9 },
      },
      { id: "adam", label: { en: "Adam", vi: "Adam" }, patch: { optimizer: "adam" } },
    ],
    view: null,
    opens: "surface",
  },
  {
    id: "regularization",
    title: { en: "Regularization against overfitting", vi: "Chính quy hoá chống quá khớp" },
    text: {
      en: "Lesson 8's overfitting again: 30 noisy points, half of them kept for testing, a large network " +
        "(2-8-8-1). L2 regularization adds λW to every weight's derivative, not the biases' (the derivative " +
        "of the penalty " +
        "λ/2·ΣW²), so each step also shrinks the weights a little and the network cannot grow as sure of " +
        "itself. After 1000 epochs without it (λ = 0) the train loss is 0.009 and the test loss 2.56: the " +
        "network is confidently wrong on test points. With λ = 0.01 the train loss is 0.053 and the test loss " +
        "1.81. With λ = 0.1 the penalty wins: the weights shrink to almost nothing, the output is the same 0.47 " +
        "everywhere and both losses sit near log 2 ≈ 0.69.",
      vi: "Trở lại hiện tượng quá khớp của bài 8: 30 điểm có nhiễu, một nửa dành để kiểm tra, mạng lớn (2-8-8-1). " +
        "Chính quy hoá L2 cộng thêm λW vào đạo hàm của mỗi trọng số, không cộng cho hệ số tự do b (λW " +
        "là đạo hàm của số hạng phạt λ/2·ΣW²), " +
        "nên mỗi bước cũng kéo các trọng số nhỏ lại một chút và mạng không thể tự tin thái quá. Sau 1000 epoch " +
        "không chính quy hoá (λ = 0), mất mát huấn luyện là 0.009 còn mất mát kiểm tra là 2.56: mạng đoán sai " +
        "các điểm kiểm tra mà vẫn rất chắc chắn. Với λ = 0.01, mất mát huấn luyện là 0.053 và mất mát kiểm tra " +
        "còn 1.81. Với λ = 0.1, số hạng phạt lấn át: trọng số co gần về 0, đầu ra ở đâu cũng là 0.47 và cả hai " +
        "mất mát đều gần log 2 ≈ 0.69.",
    },
    question: {
      en: "Train the three variants and compare the train loss, the test loss and the test accuracy. Which λ " +
        "lowers the test loss without giving up the training points? Does the test accuracy change as much as " +
        "the test loss?",
      vi: "Huấn luyện ba biến thể và so sánh mất mát huấn luyện, mất mát kiểm tra và độ chính xác kiểm tra. λ nào " +
        "làm giảm mất mát kiểm tra mà không bỏ mặc các điểm huấn luyện? Độ chính xác kiểm tra có thay đổi nhiều " +
        "như mất mát kiểm tra không?",
    },
    setup: { ...OVERFITTING },
    variants: [
      { id: "none", label: { en: "No regularization (λ = 0)", vi: "Không chính quy hoá (λ = 0)" }, patch: {} },
      {
        id: "l2", label: { en: "L2, λ = 0.01", vi: "L2, λ = 0.01" },
        patch: { regularization: "l2", regularizationRate: 0.01 },
      },
      {
        id: "l2strong", label: { en: "L2, λ = 0.1 (too strong)", vi: "L2, λ = 0.1 (quá mạnh)" },
        patch: { regularization: "l2", regularizationRate: 0.1 },
      },
    ],
    view: null,
    opens: null,
  },
  {
    id: "regression",
    title: { en: "Regression: the same backpropagation, another loss", vi: "Hồi quy: vẫn lan truyền ngược, một hàm mất mát khác" },
    text: {
      en: "Instead of a class, each point (x1, y) has a number y to predict. The network's output unit is " +
        "linear, a = z, and the loss is L = ½(a − y)², so the output's error is dz = a − y: the same form as the " +
        "lecture's sigmoid with cross-entropy. Everything behind it (dW = dz aᵀ, the hidden layers' dz, the " +
        "update) is the lecture's backpropagation, unchanged. The 12 points lie on a sine. With 8 tanh neurons " +
        "(Adam, α = 0.03, mean gradients) the curve passes through them: the loss falls from 0.86 to below " +
        "0.0005 by epoch 730. With linear hidden neurons the whole network is one straight line y = w x1 + b, " +
        "linear regression: after 5000 epochs its loss is still 0.0738, the loss of the best straight line " +
        "through a sine, exactly that of a network with no hidden layer.",
      vi: "Thay vì một lớp, mỗi điểm (x1, y) có một số y cần dự đoán. Nơ-rơn đầu ra của mạng là tuyến tính, " +
        "a = z, và hàm mất mát là L = ½(a − y)², nên sai số ở đầu ra là dz = a − y: cùng dạng với sigmoid và " +
        "cross-entropy trong bài giảng. Mọi thứ phía sau (dW = dz aᵀ, dz của các lớp ẩn, bước cập nhật) vẫn là " +
        "lan truyền ngược của bài giảng, không đổi. 12 điểm nằm trên một đường sin. Với 8 nơ-rơn tanh (Adam, " +
        "α = 0.03, gradient trung bình), đường cong đi qua các điểm: mất mát giảm từ 0.86 xuống dưới 0.0005 ở " +
        "epoch 730. Với các nơ-rơn ẩn tuyến tính, cả mạng chỉ là một đường thẳng y = w x1 + b, tức hồi quy " +
        "tuyến tính: sau 5000 epoch mất mát vẫn là 0.0738, mất mát của đường thẳng tốt nhất qua một đường sin, " +
        "đúng bằng mất mát của mạng không có lớp ẩn.",
    },
    question: {
      en: "Train both variants. Where does the straight line settle, and why can no training bring its loss " +
        "below 0.0738? Open the equations: which one shows dz = a − y, and which are the same as in the lecture?",
      vi: "Huấn luyện cả hai biến thể. Đường thẳng dừng ở đâu, và vì sao không cách huấn luyện nào đưa mất mát " +
        "của nó xuống dưới 0.0738? Mở các phương trình: phương trình nào có dz = a − y, và những phương trình " +
        "nào giống hệt bài giảng?",
    },
    setup: {
      task: "regress", dataset: "own", testFraction: 0, hidden: [8], activation: "tanh", inputs: ["x1"], netSeed: 1,
      learningRate: 0.03, batch: "full", reduction: "mean", optimizer: "adam", regularization: "none",
      stopLoss: 0.0005, maxEpochs: 5000,
    },
    points: "regression",
    variants: [
      { id: "tanh", label: { en: "tanh hidden neurons (a curve)", vi: "Nơ-rơn ẩn tanh (đường cong)" }, patch: {} },
      { id: "linear", label: { en: "Linear hidden neurons (a straight line)", vi: "Nơ-rơn ẩn tuyến tính (đường thẳng)" },
        patch: { activation: "linear" } },
    ],
    view: null,
    opens: "equations",
  },
  {
    id: "neuron",
    title: { en: "Warm-up: one neuron, two numbers", vi: "Khởi động: một nơ-rơn, hai con số" },
    text: {
      en: "The smallest network: no hidden layer, one linear neuron, a = w x1 + b (w is W[1]₁₁ and b is b[1]₁). " +
        "Summed over the 11 points as in the lecture, its loss L(w, b) = Σ ½(w x1 + b − y)² is a bowl over the " +
        "plane of (w, b) (the readout Train loss is its mean, L/11). Its derivatives are dL/dw = Σ(a − y)x1 and " +
        "dL/db = Σ(a − y), and each epoch moves w by −α·dL/dw and b by −α·dL/db. At the start, w = −0.034 and " +
        "b = 0, 8 of the 11 points lie above the line, so dL/db = −4.66 is negative and b goes up; dL/dw = −3.62. " +
        "The bottom of the bowl is the least-squares line, w = 0.684, b = 0.352, where both derivatives are 0. " +
        "With α = 0.05 gradient descent comes within 0.001 of both at epoch 27. With α = 0.17 every step " +
        "overshoots in b: the path zigzags across the valley and comes within 0.001 only at epoch 59. Above " +
        "α ≈ 0.18 the zigzag grows and training diverges.",
      vi: "Mạng nhỏ nhất: không có lớp ẩn, chỉ một nơ-rơn tuyến tính, a = w x1 + b (w là W[1]₁₁, b là b[1]₁). " +
        "Lấy tổng trên 11 điểm như trong bài giảng, hàm mất mát L(w, b) = Σ ½(w x1 + b − y)² là một cái bát trên mặt " +
        "phẳng (w, b) (ô Mất mát huấn luyện hiện giá trị trung bình của nó, L/11). Đạo hàm của nó là " +
        "dL/dw = Σ(a − y)x1 và dL/db = Σ(a − y); mỗi epoch dời w một đoạn −α·dL/dw và b một đoạn −α·dL/db. " +
        "Lúc xuất phát, w = −0.034 và b = 0, 8 trong 11 điểm nằm phía trên đường thẳng, nên dL/db = −4.66 âm " +
        "và b tăng lên; dL/dw = −3.62. Đáy bát là đường thẳng bình phương tối thiểu, w = 0.684, b = 0.352, nơi " +
        "cả hai đạo hàm bằng 0. Với α = 0.05, gradient descent tới cách cả hai không quá 0.001 ở epoch 27. Với " +
        "α = 0.17, bước nào cũng đi quá đà theo b: đường đi nhảy qua nhảy lại hai bên thung lũng và chỉ tới " +
        "cách đáy không quá 0.001 ở epoch 59. Với α lớn hơn khoảng 0.18, các bước nhảy lớn dần và quá trình " +
        "huấn luyện phân kỳ.",
    },
    question: {
      en: "Press “Show the loss surface”, then “One epoch” a few times. In the lesson's table, check that each " +
        "new w is the old w − α·dL/dw, and b alike. At the start, which derivative is larger, and which way " +
        "does the path on the surface go first? Then Train to the end, and try α = 0.17: why does b jump from " +
        "one side of the valley to the other?",
      vi: "Bấm “Xem mặt hàm mất mát”, rồi bấm “Một epoch” vài lần. Trong bảng của bài, kiểm tra rằng w mới bằng " +
        "w cũ − α·dL/dw, và b cũng vậy. Lúc xuất phát, đạo hàm nào lớn hơn, và đường đi trên mặt mất mát đi " +
        "về hướng nào trước? Sau đó Huấn luyện đến hết, và thử α = 0.17: vì sao b nhảy từ bên này sang bên kia " +
        "thung lũng?",
    },
    setup: {
      task: "regress", dataset: "own", testFraction: 0, hidden: [], activation: "linear", inputs: ["x1"], netSeed: 1,
      learningRate: 0.05, batch: "full", reduction: "sum", optimizer: "gd", regularization: "none",
      stopLoss: 0, maxEpochs: 60,
    },
    points: "line",
    variants: [
      { id: "alpha005", label: { en: "α = 0.05", vi: "α = 0.05" }, patch: {} },
      { id: "alpha017", label: { en: "α = 0.17 (zigzag)", vi: "α = 0.17 (zíc zắc)" }, patch: { learningRate: 0.17 } },
    ],
    view: "neuron",
    opens: "surface",
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
 * The warm-up's 11 points (x1, y) near the line y = 0.7 x1 + 0.35, x1 from −0.9 to 1.1, with a fixed
 * scatter, to two decimals (regression points: x2 = label = y).
 * @returns {{ x1: number, x2: number, label: number }[]}
 */
export function linePoints() {
  const scatter = [0.12, -0.08, 0.05, -0.15, 0.1, 0.02, -0.1, 0.14, -0.05, -0.09, 0.04];
  return scatter.map((e, i) => {
    const x1 = Math.round((-0.9 + 0.2 * i) * 100) / 100;
    const y = Math.round((0.7 * x1 + 0.35 + e) * 100) / 100;
    return { x1, x2: y, label: y };
  });
}

/**
 * The points a lesson (and its variant) sets up, or null for the data set's.
 * @param {Lesson} lesson
 * @param {Variant | null} variant
 * @returns {{ x1: number, x2: number, label: number }[] | null}
 */
export function lessonPoints(lesson, variant) {
  if (variant?.points === "threeClasses") return threeClassPoints();
  if (lesson.points === "regression") return defaultRegressionPoints();
  if (lesson.points === "line") return linePoints();
  return null;
}

/**
 * Words in the language, falling back to English.
 * @param {Words} words
 * @param {Lang} lang
 */
export function say(words, lang) {
  return words[lang] || words.en;
}
