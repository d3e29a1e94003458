// i18n.js: the page's words in English and Vietnamese (the lecture's terms).
// Markup names its strings with data-i18n (text), data-i18n-label (aria-label)
// and data-i18n-title (title); code asks t(key, values) for the rest.

/** @typedef {"en" | "vi"} Lang */

/** @type {Record<Lang, Record<string, string>>} */
const STRINGS = {
  en: {
    "doc.title": "backprop-lab: a neural network learns your points",
    "title": "backprop-lab",
    "tagline": "Click to add points, press Train, and watch a small neural network learn the decision boundary by backpropagation.",
    "lang.label": "Language",

    "plane.heading": "Points and decision boundary",
    "plane.hint": "Click or tap adds a point of the chosen class; shift-click adds green; right-click or ctrl-click removes the nearest point; press and drag paints several.",
    "plane.label": "Plane: the points and the decision boundary. Click to add a point.",
    "plane.showingNeuron": "Showing neuron {neuron} of {layer} (its activation a). Move away or tap it again to return to the output.",
    "class.legend": "Class to add",
    "class.0": "Red (label 0)",
    "class.1": "Green (label 1)",
    "class.2": "Blue (label 2)",
    "class.3": "Purple (label 3)",
    "class.short.0": "red",
    "class.short.1": "green",
    "class.short.2": "blue",
    "class.short.3": "purple",
    "tool.legend": "Tool",
    "tool.add": "Add",
    "tool.remove": "Remove",
    "tool.select": "Select",
    "undo": "Undo",
    "redo": "Redo",
    "clear": "Clear all points",
    "counts.label": "Points per class",
    "counts.value": "{list}; {total} in all ({test} for testing)",
    "counts.item": "{name} {n}",
    "output.sigmoid": "Two classes: one sigmoid output neuron gives the probability of green; the loss is binary cross-entropy (BCE).",
    "output.softmax": "{c} classes: the output layer is softmax with {c} neurons, one probability per class; the loss is cross-entropy (CE).",
    "discretise": "Discretise the boundary",
    "selected.none": "Choose the Select tool and click a point to see what the network says about it.",
    "selected.info": "Point {i}: x = ({x1}, {x2}), label {label} ({name}){test}. The network's output: {out}.",
    "selected.test": ", a test point",

    "train.heading": "Training",
    "train.start": "Train",
    "train.pause": "Pause",
    "train.epoch": "One epoch",
    "train.reset": "Reset weights",
    "train.resetTitle": "New random initial weights (a new seed); the points stay.",
    "train.defaults": "Lecture defaults",
    "train.defaultsTitle": "The lecture's network 2-3-3-1 sigmoid and its settings: full batch, summed gradients, α 0.4, stop below 0.005, at most 20000 epochs.",
    "readout.epoch": "Epoch",
    "readout.trainLoss": "Train loss",
    "readout.testLoss": "Test loss",
    "readout.trainAcc": "Train accuracy",
    "readout.testAcc": "Test accuracy",
    "readout.none": "—",
    "status.label": "Training status",
    "alert.label": "Problem",
    "lr": "Learning rate α",
    "batch": "Batch",
    "batch.full": "Full batch (the lecture)",
    "batch.mini": "Mini-batch",
    "batch.one": "One sample at a time",
    "batchSize": "Mini-batch size",
    "reduction": "Gradients",
    "reduction.sum": "Summed over the batch (the lecture)",
    "reduction.mean": "Mean over the batch",
    "train.sumHint": "Summed gradients over {n} points make a step {n} times larger than the mean: if the loss jumps about, choose the mean or a smaller α.",
    "stopLoss": "Stop when the loss is below",
    "maxEpochs": "Maximum number of epochs",
    "speed": "Speed",
    "speed.max": "as fast as possible",
    "speed.value": "{n} epochs per second",

    "status.ready": "Ready: press Train.",
    "status.running": "Training…",
    "status.paused": "Paused at epoch {epoch}.",
    "status.stoppedLoss": "Stopped at epoch {epoch} because the loss {loss} fell below {stop}.",
    "status.stoppedMax": "Stopped at epoch {epoch} because it reached the maximum of {max} epochs.",
    "status.restart": "The previous run had finished, so training starts again from epoch 0 with the initial weights of seed {seed}.",
    "status.invalid": "That value is not allowed; the previous one is kept.",
    "status.noPoints": "There are no training points: add some points first.",
    "status.reinit": "The architecture changed ({arch}), so the weights were initialised again. The points are unchanged.",
    "status.reset": "New initial weights (seed {seed}). The points are unchanged.",
    "status.defaults": "The lecture's network and settings are back.",
    "status.nothingUndo": "Nothing to undo.",
    "status.nothingRedo": "Nothing to redo.",
    "status.cleared": "All points cleared (Undo brings them back).",
    "status.lastFeature": "At least one input feature is needed.",
    "status.tooManyPoints": "At most {max} points.",
    "error.diverged": "Training failed at epoch {epoch}: {message}. Training is paused and the weights from before that step are kept; try a smaller learning rate α.",
    "error.generic": "Something went wrong: {message}. Your points and settings are kept.",
    "error.load": "The network engine could not be loaded: {message}.",

    "net.heading": "Network",
    "net.arch": "Architecture",
    "net.layers": "Hidden layers",
    "net.addLayer": "Add hidden layer",
    "net.removeLayer": "Remove hidden layer",
    "net.addNeuron": "Add a neuron to hidden layer {l}",
    "net.removeNeuron": "Remove a neuron from hidden layer {l}",
    "net.neurons": "Neurons in hidden layer {l}",
    "net.activation": "Hidden activation function",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.linear": "linear (none)",
    "net.lecture": "Lecture network (2-3-3-1 sigmoid)",
    "net.features": "Input features",
    "feature.x1": "x1",
    "feature.x2": "x2",
    "feature.x1sq": "x1 squared",
    "feature.x2sq": "x2 squared",
    "feature.x1x2": "x1 times x2",
    "feature.sinx1": "sin x1",
    "feature.sinx2": "sin x2",
    "net.logistic": "No hidden layer: this is logistic regression, so the boundary is a straight line (in the input features).",
    "net.linearNote": "Linear hidden activation: the layers collapse into one, W x + b, so the boundary is as straight as logistic regression's.",
    "net.neuronsHint": "Each square shows one neuron's activation over the plane; hover or tap one to see it large.",
    "net.input": "Input",
    "net.hiddenLayer": "Hidden layer {l}",
    "net.outputLayer": "Output",
    "net.neuron": "Neuron {k} of {layer}",
    "net.showNeuron": "Show neuron {k} of {layer} in the plane",

    "data.heading": "Data",
    "data.set": "Data set",
    "data.lecture": "The lecture's 20 points",
    "data.xor": "XOR",
    "data.circle": "Circle",
    "data.gaussians": "Two Gaussians",
    "data.spiral": "Spiral",
    "data.moons": "Two moons",
    "data.linear": "Linearly separable",
    "data.own": "My own points",
    "data.count": "Number of points",
    "data.noise": "Noise",
    "data.newSeed": "New data (new seed)",
    "data.keepOwn": "Keep my own points when the data set changes",
    "data.split": "Test split",
    "data.splitValue": "{p}% of the points for testing",
    "data.splitHint": "Test points are drawn hollow and never trained on: with few training points and a big network, the test loss shows overfitting.",

    "charts.heading": "Loss and accuracy",
    "charts.log": "Logarithmic loss scale",
    "charts.loss": "Loss against epochs",
    "charts.accuracy": "Accuracy against epochs",
    "charts.epoch": "epoch",
    "charts.train": "train",
    "charts.test": "test",
    "charts.lossAxis": "loss",
    "charts.accAxis": "accuracy",
  },
  vi: {
    "doc.title": "backprop-lab: mạng nơ-rơn học các điểm của bạn",
    "title": "backprop-lab",
    "tagline": "Nhấp để thêm điểm, bấm Huấn luyện và xem một mạng nơ-rơn nhỏ học biên quyết định bằng lan truyền ngược.",
    "lang.label": "Ngôn ngữ",

    "plane.heading": "Các điểm và biên quyết định",
    "plane.hint": "Nhấp hoặc chạm để thêm một điểm của lớp đang chọn; shift-nhấp thêm điểm xanh lá; nhấp chuột phải hoặc ctrl-nhấp xoá điểm gần nhất; nhấn và kéo để vẽ nhiều điểm.",
    "plane.label": "Mặt phẳng: các điểm và biên quyết định. Nhấp để thêm một điểm.",
    "plane.showingNeuron": "Đang hiển thị nơ-rơn {neuron} của {layer} (giá trị kích hoạt a). Rời chuột hoặc chạm lại để trở về đầu ra.",
    "class.legend": "Lớp của điểm thêm vào",
    "class.0": "Đỏ (nhãn 0)",
    "class.1": "Xanh lá (nhãn 1)",
    "class.2": "Xanh dương (nhãn 2)",
    "class.3": "Tím (nhãn 3)",
    "class.short.0": "đỏ",
    "class.short.1": "xanh lá",
    "class.short.2": "xanh dương",
    "class.short.3": "tím",
    "tool.legend": "Công cụ",
    "tool.add": "Thêm",
    "tool.remove": "Xoá",
    "tool.select": "Chọn",
    "undo": "Hoàn tác",
    "redo": "Làm lại",
    "clear": "Xoá mọi điểm",
    "counts.label": "Số điểm mỗi lớp",
    "counts.value": "{list}; tổng {total} ({test} để kiểm tra)",
    "counts.item": "{name} {n}",
    "output.sigmoid": "Hai lớp: một nơ-rơn đầu ra sigmoid cho xác suất thuộc lớp xanh lá; hàm mất mát là Binary Cross Entropy (BCE).",
    "output.softmax": "{c} lớp: lớp đầu ra là softmax với {c} nơ-rơn, mỗi lớp một xác suất; hàm mất mát là Cross Entropy (CE).",
    "discretise": "Tô biên quyết định rời rạc",
    "selected.none": "Chọn công cụ Chọn và nhấp vào một điểm để xem mạng dự đoán gì cho điểm đó.",
    "selected.info": "Điểm {i}: x = ({x1}, {x2}), nhãn {label} ({name}){test}. Đầu ra của mạng: {out}.",
    "selected.test": ", điểm kiểm tra",

    "train.heading": "Huấn luyện",
    "train.start": "Huấn luyện",
    "train.pause": "Tạm dừng",
    "train.epoch": "Một epoch",
    "train.reset": "Khởi tạo lại trọng số",
    "train.resetTitle": "Trọng số ban đầu ngẫu nhiên mới (seed mới); các điểm giữ nguyên.",
    "train.defaults": "Thiết lập của bài giảng",
    "train.defaultsTitle": "Mạng 2-3-3-1 sigmoid của bài giảng và các thiết lập: toàn bộ dữ liệu, cộng gradient, α 0.4, dừng khi dưới 0.005, tối đa 20000 epoch.",
    "readout.epoch": "Epoch",
    "readout.trainLoss": "Mất mát huấn luyện",
    "readout.testLoss": "Mất mát kiểm tra",
    "readout.trainAcc": "Độ chính xác huấn luyện",
    "readout.testAcc": "Độ chính xác kiểm tra",
    "readout.none": "—",
    "status.label": "Trạng thái huấn luyện",
    "alert.label": "Sự cố",
    "lr": "Tốc độ học α",
    "batch": "Lô (batch)",
    "batch.full": "Toàn bộ dữ liệu (như bài giảng)",
    "batch.mini": "Lô nhỏ (mini-batch)",
    "batch.one": "Từng điểm một",
    "batchSize": "Kích thước lô nhỏ",
    "reduction": "Gradient",
    "reduction.sum": "Cộng trên cả lô (như bài giảng)",
    "reduction.mean": "Trung bình trên lô",
    "train.sumHint": "Cộng gradient của {n} điểm cho bước lớn gấp {n} lần lấy trung bình: nếu hàm mất mát dao động, hãy chọn trung bình hoặc tốc độ học α nhỏ hơn.",
    "stopLoss": "Dừng khi hàm mất mát nhỏ hơn",
    "maxEpochs": "Số epoch tối đa",
    "speed": "Tốc độ chạy",
    "speed.max": "nhanh nhất có thể",
    "speed.value": "{n} epoch mỗi giây",

    "status.ready": "Sẵn sàng: bấm Huấn luyện.",
    "status.running": "Đang huấn luyện…",
    "status.paused": "Tạm dừng ở epoch {epoch}.",
    "status.stoppedLoss": "Dừng ở epoch {epoch} vì hàm mất mát {loss} đã nhỏ hơn {stop}.",
    "status.stoppedMax": "Dừng ở epoch {epoch} vì đã đạt số epoch tối đa {max}.",
    "status.restart": "Lần chạy trước đã kết thúc, nên huấn luyện bắt đầu lại từ epoch 0 với trọng số ban đầu của seed {seed}.",
    "status.invalid": "Giá trị này không hợp lệ; giá trị trước được giữ lại.",
    "status.noPoints": "Chưa có điểm huấn luyện nào: hãy thêm điểm trước.",
    "status.reinit": "Kiến trúc mạng đã thay đổi ({arch}) nên trọng số được khởi tạo lại. Các điểm giữ nguyên.",
    "status.reset": "Trọng số ban đầu mới (seed {seed}). Các điểm giữ nguyên.",
    "status.defaults": "Đã trở lại mạng và thiết lập của bài giảng.",
    "status.nothingUndo": "Không có gì để hoàn tác.",
    "status.nothingRedo": "Không có gì để làm lại.",
    "status.cleared": "Đã xoá mọi điểm (Hoàn tác để lấy lại).",
    "status.lastFeature": "Cần ít nhất một đặc trưng đầu vào.",
    "status.tooManyPoints": "Tối đa {max} điểm.",
    "error.diverged": "Huấn luyện thất bại ở epoch {epoch}: {message}. Đã tạm dừng và giữ trọng số trước bước đó; hãy thử tốc độ học α nhỏ hơn.",
    "error.generic": "Có lỗi: {message}. Các điểm và thiết lập vẫn được giữ.",
    "error.load": "Không tải được bộ máy tính toán của mạng: {message}.",

    "net.heading": "Mạng nơ-rơn",
    "net.arch": "Kiến trúc",
    "net.layers": "Số lớp ẩn",
    "net.addLayer": "Thêm lớp ẩn",
    "net.removeLayer": "Bớt lớp ẩn",
    "net.addNeuron": "Thêm một nơ-rơn vào lớp ẩn {l}",
    "net.removeNeuron": "Bớt một nơ-rơn khỏi lớp ẩn {l}",
    "net.neurons": "Số nơ-rơn của lớp ẩn {l}",
    "net.activation": "Hàm kích hoạt của lớp ẩn",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.linear": "tuyến tính (không kích hoạt)",
    "net.lecture": "Mạng của bài giảng (2-3-3-1 sigmoid)",
    "net.features": "Đặc trưng đầu vào",
    "feature.x1": "x1",
    "feature.x2": "x2",
    "feature.x1sq": "x1 bình phương",
    "feature.x2sq": "x2 bình phương",
    "feature.x1x2": "x1 nhân x2",
    "feature.sinx1": "sin x1",
    "feature.sinx2": "sin x2",
    "net.logistic": "Không có lớp ẩn: đây là hồi quy logistic, nên biên quyết định là đường thẳng (theo các đặc trưng đầu vào).",
    "net.linearNote": "Hàm kích hoạt tuyến tính: các lớp gộp lại thành một, W x + b, nên biên quyết định thẳng như hồi quy logistic.",
    "net.neuronsHint": "Mỗi ô vuông là giá trị kích hoạt của một nơ-rơn trên mặt phẳng; di chuột hoặc chạm để xem lớn.",
    "net.input": "Đầu vào",
    "net.hiddenLayer": "Lớp ẩn {l}",
    "net.outputLayer": "Đầu ra",
    "net.neuron": "Nơ-rơn {k} của {layer}",
    "net.showNeuron": "Hiển thị nơ-rơn {k} của {layer} trên mặt phẳng",

    "data.heading": "Dữ liệu",
    "data.set": "Tập dữ liệu",
    "data.lecture": "20 điểm của bài giảng",
    "data.xor": "XOR",
    "data.circle": "Hình tròn",
    "data.gaussians": "Hai cụm Gauss",
    "data.spiral": "Xoắn ốc",
    "data.moons": "Hai mặt trăng",
    "data.linear": "Phân chia tuyến tính được",
    "data.own": "Điểm của tôi",
    "data.count": "Số điểm",
    "data.noise": "Nhiễu",
    "data.newSeed": "Dữ liệu mới (seed mới)",
    "data.keepOwn": "Giữ các điểm tôi tự thêm khi đổi tập dữ liệu",
    "data.split": "Tỉ lệ tập kiểm tra",
    "data.splitValue": "{p}% số điểm dùng để kiểm tra",
    "data.splitHint": "Điểm kiểm tra vẽ rỗng và không bao giờ được dùng để huấn luyện: với ít điểm huấn luyện và mạng lớn, mất mát kiểm tra cho thấy quá khớp.",

    "charts.heading": "Hàm mất mát và độ chính xác",
    "charts.log": "Thang logarit cho hàm mất mát",
    "charts.loss": "Hàm mất mát theo epoch",
    "charts.accuracy": "Độ chính xác theo epoch",
    "charts.epoch": "epoch",
    "charts.train": "huấn luyện",
    "charts.test": "kiểm tra",
    "charts.lossAxis": "mất mát",
    "charts.accAxis": "độ chính xác",
  },
};

/** @type {Lang[]} */
export const LANGS = ["en", "vi"];

/**
 * Picks the page's language: ?lang= wins, then the browser's preference.
 * @param {string} search  location.search
 * @param {readonly string[]} preferred  navigator.languages
 * @returns {Lang}
 */
export function pickLang(search, preferred) {
  const asked = new URLSearchParams(search).get("lang");
  if (asked === "en" || asked === "vi") return asked;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "vi") return "vi";
    if (base === "en") return "en";
  }
  return "en";
}

/**
 * The string for `key` in `lang`, with {name} placeholders filled from `values`.
 * @param {Lang} lang
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 */
export function translate(lang, key, values = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

/**
 * Writes the strings of `lang` into every marked element under `root`.
 * @param {ParentNode} root
 * @param {Lang} lang
 */
export function applyStrings(root, lang) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = translate(lang, /** @type {string} */ (el.getAttribute("data-i18n")));
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", translate(lang, /** @type {string} */ (el.getAttribute("data-i18n-label"))));
  }
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.setAttribute("title", translate(lang, /** @type {string} */ (el.getAttribute("data-i18n-title"))));
  }
}
