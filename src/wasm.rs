//! The JavaScript-facing surface: convert, validate, delegate. No math here.
//!
//! Every call checks its arguments and throws a JS `Error` whose message says
//! what was wrong and what was expected; a refused call leaves the network as it was.

use js_sys::{Array, ArrayBuffer, Float64Array, Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

use crate::catalog;
use crate::data::{self, Samples, MAX_POINTS};
use crate::features::Feature;
use crate::grid::check_grid;
use crate::matrix::Matrix;
use crate::loss::Output;
use crate::network;
use crate::optimizer::{Optimizer, Regularization, UpdateRule};
use crate::options::{Reduction, TrainOptions, MAX_EPOCHS_PER_CALL};
use crate::params::{Layer, Param, ParamRef};
use crate::plain::Backward;
use crate::surface::SurfaceRequest;
use crate::show;
use crate::spec::{Spec, MAX_NEURONS};

/// A network behind one opaque handle: JS makes coarse calls, Rust keeps the data.
#[wasm_bindgen(js_name = Network)]
pub struct WasmNetwork {
    inner: network::Network,
}

#[wasm_bindgen(js_class = Network)]
impl WasmNetwork {
    /// `new Network({ layers, hidden, output, seed?, inputs? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: JsValue) -> Result<WasmNetwork, JsError> {
        let spec = parse_spec(spec).map_err(err)?;
        Ok(WasmNetwork { inner: network::Network::new(spec) })
    }

    /// The architecture, seed and inputs filled in.
    pub fn spec(&self) -> Result<JsValue, JsError> {
        let s = self.inner.spec();
        Ok(object(&[
            ("layers", numbers_out(&s.layers.iter().map(|&n| n as f64).collect::<Vec<_>>())),
            ("hidden", s.hidden.name().into()),
            ("output", s.output.name().into()),
            ("seed", (s.seed as f64).into()),
            ("inputs", list(&s.inputs, |f| f.name().into())),
        ]))
    }

    /// `[{ W, b }]` per layer after the input; W is out×in.
    pub fn params(&self) -> Result<JsValue, JsError> {
        Ok(params_out(self.inner.layers()))
    }

    /// Replaces every weight and bias.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: JsValue) -> Result<(), JsError> {
        let layers = parse_params(&params, "").map_err(err)?;
        self.inner.set_layers(layers).map_err(err)
    }

    /// a[0], the input features of the point x = [x1, x2].
    pub fn features(&self, x: JsValue) -> Result<Vec<f64>, JsError> {
        Ok(self.inner.input(point(&x)?))
    }

    /// `[{ z, a }]` per layer after the input, for one sample.
    pub fn forward(&self, x: JsValue) -> Result<JsValue, JsError> {
        let pass = self.inner.forward(point(&x)?);
        if pass.output().iter().any(|v| !v.is_finite()) {
            return Err(JsError::new("the output is not a finite number: the weights are too large for this point"));
        }
        Ok(list(&pass.layers, |v| object(&[("z", numbers_out(&v.z)), ("a", numbers_out(&v.a))])))
    }

    /// `{ loss, layers: [{ dz, dW, db }] }` for one sample; also adds dW, db into the accumulator.
    pub fn backward(&mut self, x: JsValue, label: JsValue) -> Result<JsValue, JsError> {
        let grads = self.sample_gradients(&x, &label)?;
        self.inner.accumulate(&grads);
        Ok(backward_out(&grads))
    }

    /// What `backward` returns, without adding into the accumulator.
    pub fn gradients(&self, x: JsValue, label: JsValue) -> Result<JsValue, JsError> {
        Ok(backward_out(&self.sample_gradients(&x, &label)?))
    }

    /// `step(learningRate, opts?)`: one step of the optimizer (`opts.optimizer`, default "gd":
    /// W −= learningRate · ΣdW, b alike) with the accumulated gradient, then clears the accumulator.
    pub fn step(&mut self, learning_rate: JsValue, opts: JsValue) -> Result<(), JsError> {
        let rate = number(&learning_rate, "the learning rate")?;
        let rule = if opts.is_undefined() || opts.is_null() {
            UpdateRule::default()
        } else if opts.is_object() && !Array::is_array(&opts) {
            parse_update_rule(&opts).map_err(err)?
        } else {
            return Err(JsError::new("step options must be an object like { optimizer: \"adam\" }"));
        };
        self.inner.step_with(rate, &rule).map_err(err)
    }

    /// What the optimizer remembers: `{ optimizer, momentum, t, first, second }`: the optimizer it
    /// belongs to (null before the first step), momentum's μ (or null), the steps taken, momentum's
    /// v or Adam's m (`first`) and Adam's v (`second`), each `[{ W, b }]` in the layers' shape when
    /// the optimizer keeps it, else empty.
    #[wasm_bindgen(js_name = optimizerState)]
    pub fn optimizer_state(&self) -> JsValue {
        let s = self.inner.optimizer_state();
        let (first, second) = s.moments();
        let (name, mu) = match s.optimizer() {
            None => (JsValue::NULL, JsValue::NULL),
            Some(o @ Optimizer::Momentum { momentum }) => (o.name().into(), momentum.into()),
            Some(o) => (o.name().into(), JsValue::NULL),
        };
        object(&[
            ("optimizer", name),
            ("momentum", mu),
            ("t", (s.t as f64).into()),
            ("first", params_out(first)),
            ("second", params_out(second)),
        ])
    }

    /// Replaces what the optimizer remembers with a state as `optimizerState()` gives it (the
    /// optimizer's constants read as `step`'s options are); `optimizer: null` starts afresh.
    #[wasm_bindgen(js_name = setOptimizerState)]
    pub fn set_optimizer_state(&mut self, state: JsValue) -> Result<(), JsError> {
        self.resume(&state).map_err(err)
    }

    /// Forgets the optimizer's state (momentum's v, Adam's m, v and t).
    #[wasm_bindgen(js_name = resetOptimizer)]
    pub fn reset_optimizer(&mut self) {
        self.inner.reset_optimizer();
    }

    /// Clears the accumulator.
    #[wasm_bindgen(js_name = zeroGrad)]
    pub fn zero_grad(&mut self) {
        self.inner.zero_grad();
    }

    /// `[{ dW, db }]`: what the accumulator holds now.
    pub fn accumulated(&self) -> Result<JsValue, JsError> {
        Ok(gradients_out(self.inner.accumulated()))
    }

    /// The mean loss over the samples.
    pub fn loss(&self, xs: JsValue, labels: JsValue) -> Result<f64, JsError> {
        let samples = self.samples(&xs, &labels)?;
        finite_loss(self.inner.mean_loss(&samples))
    }

    /// The fraction of samples whose most probable class is their label.
    pub fn accuracy(&self, xs: JsValue, labels: JsValue) -> Result<f64, JsError> {
        if self.regression() {
            return Err(JsError::new("accuracy is for classes: this network has a linear (regression) output; use loss"));
        }
        let samples = self.samples(&xs, &labels)?;
        finite_outputs(self.inner.predict(samples.xs()))?;
        Ok(self.inner.accuracy(&samples))
    }

    /// The output for every sample: one value each (sigmoid) or C (softmax).
    pub fn predict(&self, xs: JsValue) -> Result<Float64Array, JsError> {
        let xs = numbers(&xs, "xs").map_err(err)?;
        if xs.len() % 2 != 0 || xs.len() / 2 > MAX_POINTS {
            return Err(JsError::new(&format!(
                "xs must hold (x1, x2) pairs, at most {MAX_POINTS} of them; got {} numbers",
                xs.len()
            )));
        }
        check_finite(&xs, "xs")?;
        finite_outputs(self.inner.predict(&xs))
    }

    /// `{ loss, layers: [{ dW, db }] }`: the mean loss and the gradients summed over the samples.
    #[wasm_bindgen(js_name = batchGradients)]
    pub fn batch_gradients(&self, xs: JsValue, labels: JsValue) -> Result<JsValue, JsError> {
        let samples = self.samples(&xs, &labels)?;
        let (loss, sums) = self.inner.batch_gradients(&samples);
        finite_loss(loss)?;
        Ok(object(&[("loss", loss.into()), ("layers", gradients_out(&sums))]))
    }

    /// Trains with `opts = { epochs, learningRate, batchSize, reduction, stopLoss?, optimizer?, … }`;
    /// returns `{ epochs, loss, stopped, losses }`.
    pub fn train(&mut self, xs: JsValue, labels: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
        let samples = self.samples(&xs, &labels)?;
        let options = parse_train_options(&opts).map_err(err)?;
        let rule = parse_update_rule(&opts).map_err(err)?;
        let result = self.inner.train_with(&samples, &options, &rule).map_err(err)?;
        Ok(object(&[
            ("epochs", (result.epochs as f64).into()),
            ("loss", result.loss.into()),
            ("stopped", result.stopped.into()),
            ("losses", Float64Array::from(&result.losses[..]).into()),
        ]))
    }

    /// `lossSurface(xs, labels, { first, second, n, span })`: the mean data loss over an n×n grid
    /// of two parameters around their values (see DESIGN.md); the network is unchanged.
    #[wasm_bindgen(js_name = lossSurface)]
    pub fn loss_surface(&self, xs: JsValue, labels: JsValue, opts: JsValue) -> Result<Float64Array, JsError> {
        const EXAMPLE: &str = "{ first: { layer: 0, param: \"W\", row: 0, col: 0 }, second: { layer: 0, param: \"b\", row: 0, col: 0 }, n: 31, span: 2 }";
        if !opts.is_object() || Array::is_array(&opts) {
            return Err(JsError::new(&format!("loss surface options must be an object like {EXAMPLE}")));
        }
        let samples = self.samples(&xs, &labels)?;
        let request = SurfaceRequest {
            first: parse_param(&field(&opts, "first"), "first").map_err(err)?,
            second: parse_param(&field(&opts, "second"), "second").map_err(err)?,
            n: whole_number(&field(&opts, "n"), "n (cells along each side)")?,
            span: number(&field(&opts, "span"), "span")?,
        };
        let losses = self.inner.loss_surface(&samples, &request).map_err(err)?;
        if losses.iter().any(|v| !v.is_finite()) {
            return Err(JsError::new("the loss is not a finite number somewhere on the surface: try a smaller span"));
        }
        Ok(Float64Array::from(&losses[..]))
    }

    /// The output over an n×n grid of [lo, hi]² (see DESIGN.md for the cell layout).
    #[wasm_bindgen(js_name = predictGrid)]
    pub fn predict_grid(&self, n: JsValue, lo: JsValue, hi: JsValue) -> Result<Float64Array, JsError> {
        let (n, lo, hi) = grid_args(&n, &lo, &hi)?;
        finite_outputs(self.inner.predict_grid(n, lo, hi))
    }

    /// Every neuron's activation over an n×n grid, neuron k at k·n·n.
    #[wasm_bindgen(js_name = neuronGrids)]
    pub fn neuron_grids(&self, n: JsValue, lo: JsValue, hi: JsValue) -> Result<Float64Array, JsError> {
        let (n, lo, hi) = grid_args(&n, &lo, &hi)?;
        finite_outputs(self.inner.neuron_grids(n, lo, hi))
    }

    /// Backprop against central differences for every parameter of the summed loss.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, xs: JsValue, labels: JsValue, eps: JsValue) -> Result<JsValue, JsError> {
        let samples = self.samples(&xs, &labels)?;
        let eps = if eps.is_undefined() || eps.is_null() { 1e-5 } else { number(&eps, "eps")? };
        if !(eps > 0.0 && eps < 1.0) {
            return Err(JsError::new(&format!("eps must be between 0 and 1, got {}", show::number(eps))));
        }
        Ok(list(&self.inner.gradient_check(&samples, eps), |r| {
            object(&[
                ("layer", (r.layer as f64).into()),
                ("param", r.param.into()),
                ("row", (r.row as f64).into()),
                ("col", (r.col as f64).into()),
                ("backprop", r.backprop.into()),
                ("numeric", r.numeric.into()),
                ("relError", r.rel_error.into()),
            ])
        }))
    }

    /// `setOptimizerState`: `{ optimizer, momentum?, beta1?, beta2?, epsilon?, t, first, second }`
    /// as `optimizerState()` gives it, the constants read as `step`'s options are.
    fn resume(&mut self, state: &JsValue) -> Result<(), String> {
        if !state.is_object() {
            return Err("expected an object like optimizerState() returns".into());
        }
        if field(state, "optimizer").is_null() {
            self.inner.reset_optimizer();
            return Ok(());
        }
        let optimizer = parse_update_rule(state)?.optimizer;
        let t = whole_field(state, "t", u32::MAX as usize)?;
        let first = parse_params(&field(state, "first"), "first: ")?;
        let second = parse_params(&field(state, "second"), "second: ")?;
        self.inner.set_optimizer_state(optimizer, t as u64, first, second)
    }

    /// A regression network: its labels are real targets.
    fn regression(&self) -> bool {
        self.inner.spec().output == Output::Linear
    }

    /// Points and their labels: class indices, or real targets for a linear output.
    fn samples(&self, xs: &JsValue, labels: &JsValue) -> Result<Samples, JsError> {
        let xs = numbers(xs, "xs").map_err(err)?;
        let targets = if self.regression() {
            numbers(labels, "labels (real targets y, for a linear output)").map_err(err)?
        } else {
            labels_of(labels)?
        };
        let samples = Samples::with_targets(xs, targets).map_err(err)?;
        self.inner.check_labels(&samples).map_err(err)?;
        Ok(samples)
    }

    /// One sample's gradients (the accumulator untouched), refused if any is not a finite number.
    fn sample_gradients(&self, x: &JsValue, label: &JsValue) -> Result<Backward, JsError> {
        let x = point(x)?;
        let y = if self.regression() {
            number(label, "the target y (a real number, for a linear output)")?
        } else {
            whole_number(label, "the label")? as f64
        };
        self.inner.check_target(y).map_err(err)?;
        let grads = self.inner.backward_to(&self.inner.forward(x), y);
        let finite = grads.loss.is_finite()
            && grads.layers.iter().all(|g| g.dW.data().iter().chain(&g.db).chain(&g.dz).all(|v| v.is_finite()));
        if !finite {
            return Err(JsError::new(
                "the loss or a gradient of this point is not a finite number: the weights are too large; nothing was accumulated",
            ));
        }
        Ok(grads)
    }
}

/// `{ xs: Float64Array, labels: Uint32Array }` for the named data set.
#[wasm_bindgen]
pub fn dataset(name: JsValue, count: JsValue, noise: JsValue, seed: JsValue) -> Result<JsValue, JsError> {
    let name = name.as_string().ok_or_else(|| {
        JsError::new(&format!("the data set name must be a string, one of {}", crate::show::names(&data::DATASET_NAMES)))
    })?;
    let count = if count.is_undefined() { 20 } else { whole_number(&count, "the number of points")? };
    let noise = if noise.is_undefined() { 0.0 } else { number(&noise, "noise")? };
    let seed = if seed.is_undefined() { 1 } else { seed_number(&seed).map_err(err)? };
    let samples = data::generate(&name, count, noise, seed).map_err(err)?;
    let labels: Vec<u32> = samples.targets().iter().map(|&y| y as u32).collect();
    Ok(object(&[("xs", Float64Array::from(samples.xs()).into()), ("labels", Uint32Array::from(&labels[..]).into())]))
}

/// The page's limits and every list of names the calls accept (`catalog.rs`).
#[wasm_bindgen]
pub fn limits() -> Result<JsValue, JsError> {
    let out = Object::new();
    for (key, value) in catalog::LIMITS {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &(value as f64).into());
    }
    for (key, names) in catalog::NAMES {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &strings(names));
    }
    Ok(out.into())
}

// ---- conversions -------------------------------------------------------------

fn parse_spec(value: JsValue) -> Result<Spec, String> {
    const EXAMPLE: &str = "{ layers: [2, 3, 3, 1], hidden: \"sigmoid\", output: \"sigmoid\" }";
    if !value.is_object() || Array::is_array(&value) {
        return Err(format!("the network spec must be an object like {EXAMPLE}"));
    }
    let sizes = numbers(&field(&value, "layers"), "layers")
        .map_err(|_| format!("layers must be a list of layer sizes, input first, like [2, 3, 3, 1]; spec expected like {EXAMPLE}"))?;
    let mut layers = Vec::with_capacity(sizes.len());
    for (l, size) in sizes.into_iter().enumerate() {
        if !(size.fract() == 0.0 && (1.0..=1e6).contains(&size)) {
            return Err(format!("layer {l} has size {}: each layer needs a whole number of neurons from 1 to {MAX_NEURONS}", show::number(size)));
        }
        layers.push(size as usize);
    }
    let hidden = optional_string(&value, "hidden", "sigmoid", "one of sigmoid, tanh, relu, linear")?;
    let output = optional_string(&value, "output", "sigmoid", "\"sigmoid\", \"softmax\" or \"linear\"")?;
    let seed = match field(&value, "seed") {
        v if v.is_undefined() || v.is_null() => crate::random::fresh_seed(),
        v => seed_number(&v)?,
    };
    let inputs = match field(&value, "inputs") {
        v if v.is_undefined() || v.is_null() => None,
        v => {
            let expected = || format!("inputs must be a list of input feature names like [\"x1\", \"x2\"], from {}", crate::show::names(&Feature::NAMES));
            if !Array::is_array(&v) {
                return Err(expected());
            }
            let mut names = Vec::new();
            for name in Array::from(&v).iter() {
                names.push(name.as_string().ok_or_else(expected)?);
            }
            Some(names)
        }
    };
    Spec::new(layers, &hidden, &output, seed, inputs.as_deref())
}

fn parse_train_options(value: &JsValue) -> Result<TrainOptions, String> {
    const EXAMPLE: &str = "{ epochs: 100, learningRate: 0.4, batchSize: 0, reduction: \"sum\", stopLoss: 0.005 }";
    if !value.is_object() || Array::is_array(&value) {
        return Err(format!("training options must be an object like {EXAMPLE}"));
    }
    let whole = |name: &str, default: Option<usize>, max: usize| -> Result<usize, String> {
        match default {
            Some(d) if field(value, name).is_undefined() => Ok(d),
            _ => whole_field(value, name, max).map_err(|e| format!("{e}; options expected like {EXAMPLE}")),
        }
    };
    let learning_rate = field(value, "learningRate")
        .as_f64()
        .ok_or_else(|| format!("learningRate must be a number; options expected like {EXAMPLE}"))?;
    let stop_loss = match field(value, "stopLoss") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.as_f64() {
            Some(s) if s.is_finite() && s >= 0.0 => Some(s),
            _ => return Err(format!("stopLoss must be a finite number ≥ 0, got {}", shown(&v))),
        },
    };
    Ok(TrainOptions {
        epochs: whole("epochs", None, MAX_EPOCHS_PER_CALL)?,
        learning_rate,
        batch_size: whole("batchSize", Some(0), MAX_POINTS)?,
        reduction: Reduction::parse(&optional_string(value, "reduction", "sum", "\"sum\" or \"mean\"")?)?,
        stop_loss,
    })
}

/// The optimizer and the penalty from `train`'s or `step`'s options (absent: gd, none).
#[inline(never)]
fn parse_update_rule(value: &JsValue) -> Result<UpdateRule, String> {
    let name = optional_string(value, "optimizer", "gd", "one of gd, momentum, adam")?;
    let momentum = optional_number(value, "momentum")?;
    let beta1 = optional_number(value, "beta1")?;
    let beta2 = optional_number(value, "beta2")?;
    let epsilon = optional_number(value, "epsilon")?;
    let optimizer = Optimizer::new(&name, momentum, beta1, beta2, epsilon)?;
    let name = optional_string(value, "regularization", "none", "one of none, l2, l1")?;
    let regularization = Regularization::new(&name, optional_number(value, "regularizationRate")?)?;
    Ok(UpdateRule { optimizer, regularization })
}

/// A whole-number field from 0 to max.
#[inline(never)]
fn whole_field(object: &JsValue, name: &str, max: usize) -> Result<usize, String> {
    let v = field(object, name);
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=max as f64).contains(&n) => Ok(n as usize),
        _ => Err(format!("{name} must be a whole number from 0 to {}, got {}", show::whole(max as u64), shown(&v))),
    }
}

/// A number field, None when absent.
#[inline(never)]
fn optional_number(object: &JsValue, name: &str) -> Result<Option<f64>, String> {
    match field(object, name) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => v.as_f64().map(Some).ok_or_else(|| format!("{name} must be a number, got {}", shown(&v))),
    }
}

/// One parameter `{ layer, param: "W" | "b", row, col }` (col may be left out for a bias).
fn parse_param(value: &JsValue, what: &str) -> Result<ParamRef, String> {
    const EXPECTED: &str = "{ layer, param: \"W\" or \"b\", row, col }";
    if !value.is_object() || Array::is_array(value) {
        return Err(format!("{what} must name one parameter like {EXPECTED}, got {}", shown(value)));
    }
    let whole = |name: &str| whole_field(value, name, u32::MAX as usize).map_err(|e| format!("{what}.{e}; expected {EXPECTED}"));
    let param = match field(value, "param").as_string().as_deref() {
        Some("W") => Param::Weight,
        Some("b") => Param::Bias,
        _ => return Err(format!("{what}.param must be \"W\" or \"b\", got {}", shown(&field(value, "param")))),
    };
    let col = if param == Param::Bias && field(value, "col").is_undefined() { 0 } else { whole("col")? };
    Ok(ParamRef { layer: whole("layer")?, param, row: whole("row")?, col })
}

#[inline(never)]
/// `[{ W, b }]`, one per layer after the input; `what` ("" for the parameters) starts each message.
fn parse_params(value: &JsValue, what: &str) -> Result<Vec<Layer>, String> {
    const EXPECTED: &str = "parameters must be a list of { W: number[][], b: number[] }, one per layer after the input";
    if !Array::is_array(value) {
        return Err(what.to_owned() + EXPECTED);
    }
    let mut layers = Vec::new();
    for (l, item) in Array::from(value).iter().enumerate() {
        let at = format!("{what}layer {}", l + 1);
        if !item.is_object() || Array::is_array(&item) {
            return Err(format!("{at}: expected an object {{ W, b }}; {EXPECTED}"));
        }
        let w = field(&item, "W");
        if !Array::is_array(&w) {
            return Err(format!("{at}: W must be a list of rows (out×in)"));
        }
        let mut rows = Vec::new();
        for (i, row) in Array::from(&w).iter().enumerate() {
            rows.push(numbers(&row, &format!("{at}: W row {}", i + 1))?);
        }
        let weights = Matrix::from_rows(&rows).map_err(|e| format!("{at}: W: {e}"))?;
        let biases = numbers(&field(&item, "b"), &format!("{at}: b"))?;
        layers.push(Layer { weights, biases });
    }
    Ok(layers)
}

/// A message for the student, as a JS Error.
fn err(message: String) -> JsError {
    JsError::new(&message)
}

/// `object[name]`, or undefined.
fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A string field, `default` when absent.
fn optional_string(object: &JsValue, name: &str, default: &str, expected: &str) -> Result<String, String> {
    let v = field(object, name);
    if v.is_undefined() || v.is_null() {
        return Ok(default.to_string());
    }
    v.as_string().ok_or_else(|| format!("{name} must be a string, {expected}; got {}", shown(&v)))
}

/// A short description of a JS value for a message.
fn shown(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        return show::number(n);
    }
    if let Some(s) = v.as_string() {
        let mut out = String::from("\"");
        for c in s.chars().take(24) {
            out.push(c);
        }
        out.push('"');
        return out;
    }
    v.js_typeof().as_string().unwrap_or_else(|| "something else".into())
}

/// Numbers from a plain array or any typed array.
fn numbers(value: &JsValue, what: &str) -> Result<Vec<f64>, String> {
    if let Some(f) = value.dyn_ref::<Float64Array>() {
        return Ok(f.to_vec());
    }
    if ArrayBuffer::is_view(value) && !value.is_instance_of::<js_sys::DataView>() {
        return Ok(Float64Array::new(value).to_vec());
    }
    if !Array::is_array(value) {
        return Err(format!("{what} must be an array of numbers (plain or typed)"));
    }
    let mut out = Vec::new();
    for (i, v) in Array::from(value).iter().enumerate() {
        out.push(v.as_f64().ok_or_else(|| format!("{what}[{i}] is not a number"))?);
    }
    Ok(out)
}

/// Class labels 0, 1, 2, … (as the numbers they are; the network checks the range).
fn labels_of(value: &JsValue) -> Result<Vec<f64>, JsError> {
    let labels = numbers(value, "labels").map_err(err)?;
    if let Some(i) = labels.iter().position(|y| !(y.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(y))) {
        return Err(JsError::new(&format!("labels[{i}] is {}: a label must be a class index 0, 1, 2, ...", show::number(labels[i]))));
    }
    Ok(labels)
}

/// A point x = [x1, x2] of finite numbers.
fn point(value: &JsValue) -> Result<[f64; 2], JsError> {
    let x = numbers(value, "x").map_err(err)?;
    if x.len() != 2 {
        return Err(JsError::new(&format!("x must be one point [x1, x2] (2 numbers), got {} numbers", x.len())));
    }
    check_finite(&x, "x")?;
    Ok([x[0], x[1]])
}

fn number(value: &JsValue, what: &str) -> Result<f64, JsError> {
    value.as_f64().ok_or_else(|| JsError::new(&format!("{what} must be a number")))
}

/// A whole number from 0 to u32::MAX (which every usize holds, wasm32 included).
fn whole_number(value: &JsValue, what: &str) -> Result<usize, JsError> {
    let v = number(value, what)?;
    if v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&v) {
        Ok(v as usize)
    } else {
        Err(JsError::new(&format!("{what} must be a whole number from 0 to {}, got {}", u32::MAX, show::number(v))))
    }
}

/// A seed: a whole number from 0 to 2^53, which a JS number holds exactly.
fn seed_number(value: &JsValue) -> Result<u64, String> {
    match value.as_f64() {
        Some(s) if s.fract() == 0.0 && (0.0..=9007199254740992.0).contains(&s) => Ok(s as u64),
        _ => Err(format!("the seed must be a whole number from 0 to 2^53, got {}", shown(value))),
    }
}


fn check_finite(values: &[f64], what: &str) -> Result<(), JsError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(JsError::new(&format!("{what}[{i}] is {}: every number must be finite", show::number(values[i])))),
        None => Ok(()),
    }
}

fn finite_loss(loss: f64) -> Result<f64, JsError> {
    if loss.is_finite() {
        Ok(loss)
    } else {
        Err(JsError::new("the loss is not a finite number: the weights are too large (training has diverged)"))
    }
}

/// The values as a Float64Array, or an Error if any is not a finite number.
fn finite_outputs(values: Vec<f64>) -> Result<Float64Array, JsError> {
    if values.iter().any(|v| !v.is_finite()) {
        return Err(err(
            "the network's output is not a finite number somewhere: the weights are too large (training has diverged)".into(),
        ));
    }
    Ok(Float64Array::from(&values[..]))
}

fn grid_args(n: &JsValue, lo: &JsValue, hi: &JsValue) -> Result<(usize, f64, f64), JsError> {
    let n = whole_number(n, "the grid size n")?;
    let (lo, hi) = (number(lo, "lo")?, number(hi, "hi")?);
    check_grid(n, lo, hi).map_err(err)?;
    Ok((n, lo, hi))
}

// ---- results: plain JS objects and arrays, as DESIGN.md's contract shows them ----

/// `{ key: value, ... }`.
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in entries {
        // Setting a fresh plain object's own property cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(key), value);
    }
    out.into()
}

/// A plain array of `f` of each item.
fn list<T>(items: &[T], f: fn(&T) -> JsValue) -> JsValue {
    let out = Array::new();
    for item in items {
        out.push(&f(item));
    }
    out.into()
}

/// A plain array of numbers (not a typed array: the contract's number[]).
fn numbers_out(values: &[f64]) -> JsValue {
    Array::from(&Float64Array::from(values)).into()
}

fn strings(names: &[&str]) -> JsValue {
    list(names, |name| JsValue::from_str(name))
}

/// A matrix as a plain array of its rows.
fn rows(m: &Matrix) -> JsValue {
    let out = Array::new();
    for i in 0..m.rows() {
        out.push(&numbers_out(m.row(i)));
    }
    out.into()
}

/// `{ loss, layers: [{ dz, dW, db }] }`.
fn backward_out(grads: &Backward) -> JsValue {
    let layers = list(&grads.layers, |g| object(&[("dz", numbers_out(&g.dz)), ("dW", rows(&g.dW)), ("db", numbers_out(&g.db))]));
    object(&[("loss", grads.loss.into()), ("layers", layers)])
}

/// `[{ W, b }]` per layer.
fn params_out(layers: &[Layer]) -> JsValue {
    list(layers, |l| object(&[("W", rows(&l.weights)), ("b", numbers_out(&l.biases))]))
}

/// `[{ dW, db }]` per layer.
fn gradients_out(layers: &[Layer]) -> JsValue {
    list(layers, |l| object(&[("dW", rows(&l.weights)), ("db", numbers_out(&l.biases))]))
}
