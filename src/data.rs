//! Labelled points: validated sample sets and seeded data-set generators.
//! Points are (x1, x2) pairs stored row by row. (The train/test split is the
//! page's: each point carries a fixed random key, see www/points.js.)

use crate::show::number;
use crate::random::Random;
use crate::trig::{cos, sin};

/// The most points a data set may hold (the page's limit).
pub const MAX_POINTS: usize = 10_000;
/// Generated points lie in [−EXTENT, EXTENT]².
pub const EXTENT: f64 = 1.2;

/// Labelled points: `xs` holds (x1, x2) for sample i at `xs[2i]`, `xs[2i + 1]`, and
/// `targets[i]` is its y: a class index (0, 1, 2, …) for classification, a real number for regression.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    xs: Vec<f64>,
    targets: Vec<f64>,
}

impl Samples {
    /// Points with class labels. Checks that there is one (x1, x2) pair per label, every
    /// number finite, and at most MAX_POINTS.
    pub fn new(xs: Vec<f64>, labels: Vec<usize>) -> Result<Self, String> {
        Self::with_targets(xs, labels.into_iter().map(|y| y as f64).collect())
    }

    /// Points with real targets y (regression), checked as `new` checks, and every y finite.
    pub fn with_targets(xs: Vec<f64>, targets: Vec<f64>) -> Result<Self, String> {
        if targets.is_empty() {
            return Err("there are no points: add at least one point".into());
        }
        if targets.len() > MAX_POINTS {
            return Err(format!("{} points is more than the limit of {MAX_POINTS}", targets.len()));
        }
        if xs.len() != 2 * targets.len() {
            return Err(format!(
                "xs must hold 2 numbers (x1, x2) per label: {} labels need {} numbers, got {}",
                targets.len(),
                2 * targets.len(),
                xs.len()
            ));
        }
        if let Some(i) = xs.iter().position(|v| !v.is_finite()) {
            return Err(format!("point {} has a coordinate that is not a finite number ({})", i / 2 + 1, number(xs[i])));
        }
        if let Some(i) = targets.iter().position(|y| !y.is_finite()) {
            return Err(format!("point {} has a target y that is not a finite number ({})", i + 1, number(targets[i])));
        }
        Ok(Self { xs, targets })
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Sample i as (x1, x2).
    pub fn point(&self, i: usize) -> [f64; 2] {
        [self.xs[2 * i], self.xs[2 * i + 1]]
    }

    /// Sample i's class (its target as a class index).
    pub fn label(&self, i: usize) -> usize {
        self.targets[i] as usize
    }

    /// Sample i's target y.
    pub fn target(&self, i: usize) -> f64 {
        self.targets[i]
    }

    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Every sample's target y, in order.
    pub fn targets(&self) -> &[f64] {
        &self.targets
    }
}

/// The data sets the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSet {
    /// The lecture's fixed 20 XOR-like points.
    Lecture,
    Xor,
    Circle,
    Gaussians,
    Spiral,
    Moons,
    Linear,
}

impl DataSet {
    pub const NAMES: [&'static str; 7] = ["lecture", "xor", "circle", "gaussians", "spiral", "moons", "linear"];
    pub const ALL: [DataSet; 7] = [Self::Lecture, Self::Xor, Self::Circle, Self::Gaussians, Self::Spiral, Self::Moons, Self::Linear];

    pub fn parse(name: &str) -> Result<Self, String> {
        Self::NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| format!("unknown data set \"{name}\": expected one of {}", crate::show::names(&Self::NAMES)))
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The data sets' names, as `DataSet::NAMES`.
pub const DATASET_NAMES: [&str; 7] = DataSet::NAMES;

/// Generates the named data set: `count` points (the lecture's set is always its
/// 20), labels alternating 0 and 1, `noise` in [0, 1], the same for the same seed.
pub fn generate(name: &str, count: usize, noise: f64, seed: u64) -> Result<Samples, String> {
    let set = DataSet::parse(name)?;
    if set == DataSet::Lecture {
        return Ok(lecture());
    }
    if count == 0 || count > MAX_POINTS {
        return Err(format!("the number of points must be between 1 and {MAX_POINTS}, got {count}"));
    }
    if !(0.0..=1.0).contains(&noise) {
        return Err(format!("noise must be between 0 and 1, got {}", number(noise)));
    }
    let mut rng = Random::new(seed);
    let mut xs = Vec::with_capacity(2 * count);
    let mut labels = Vec::with_capacity(count);
    for i in 0..count {
        let label = i % 2;
        // Every set named: a new one cannot silently fall to another's points.
        let [x1, x2] = match set {
            DataSet::Lecture => unreachable!("the lecture's set is fixed"),
            DataSet::Xor => xor_point(&mut rng, label),
            DataSet::Circle => circle_point(&mut rng, label),
            DataSet::Gaussians => gaussian_point(&mut rng, label),
            DataSet::Spiral => spiral_point(&mut rng, i, count, label),
            DataSet::Moons => moon_point(&mut rng, label),
            DataSet::Linear => linear_point(&mut rng, label),
        };
        // Noise moves points off their class's region, so classes overlap.
        let spread = 0.35 * noise;
        xs.push((x1 + spread * rng.normal()).clamp(-EXTENT, EXTENT));
        xs.push((x2 + spread * rng.normal()).clamp(-EXTENT, EXTENT));
        labels.push(label);
    }
    Samples::new(xs, labels)
}

/// The lecture's 20 XOR-like points: red (0) where x1 and x2 have the same sign,
/// green (1) where they differ; no straight line separates them.
pub fn lecture() -> Samples {
    #[rustfmt::skip]
    const POINTS: [(f64, f64, usize); 20] = [
        (0.25, 0.79, 0), (0.62, 0.35, 0), (0.91, 0.58, 0), (0.33, 0.21, 0), (0.74, 0.88, 0),
        (-0.39, -0.44, 0), (-0.82, -0.25, 0), (-0.57, -0.68, 0), (-0.18, -0.86, 0), (-0.95, -0.71, 0),
        (0.55, -0.55, 1), (0.23, -0.91, 1), (0.86, -0.27, 1), (0.38, -0.33, 1), (0.69, -0.82, 1),
        (-0.40, 0.75, 1), (-0.99, 0.64, 1), (-0.64, 0.12, 1), (-0.21, 0.43, 1), (-0.77, 0.93, 1),
    ];
    let xs = POINTS.iter().flat_map(|&(x1, x2, _)| [x1, x2]).collect();
    let targets = POINTS.iter().map(|&(_, _, y)| y as f64).collect();
    // Valid by construction (no `Samples::new(..).expect(..)`, whose message formatting would cost .wasm bytes).
    Samples { xs, targets }
}

fn xor_point(rng: &mut Random, label: usize) -> [f64; 2] {
    // A margin of 0.1 around the axes keeps the classes apart when noise is 0.
    let away = |rng: &mut Random| rng.between(0.1, 1.0);
    let (s1, s2) = if rng.uniform() < 0.5 { (1.0, 1.0) } else { (-1.0, -1.0) };
    let flip = if label == 1 { -1.0 } else { 1.0 };
    [s1 * away(rng), flip * s2 * away(rng)]
}

fn circle_point(rng: &mut Random, label: usize) -> [f64; 2] {
    let r = if label == 1 { rng.between(0.0, 0.45) } else { rng.between(0.7, 1.0) };
    let t = rng.between(0.0, std::f64::consts::TAU);
    [r * cos(t), r * sin(t)]
}

fn gaussian_point(rng: &mut Random, label: usize) -> [f64; 2] {
    let c = if label == 1 { 0.5 } else { -0.5 };
    [c + 0.18 * rng.normal(), c + 0.18 * rng.normal()]
}

fn spiral_point(rng: &mut Random, i: usize, count: usize, label: usize) -> [f64; 2] {
    let along = (i / 2) as f64 / (count as f64 / 2.0).max(1.0);
    let r = 0.05 + 0.95 * along;
    let t = 1.75 * std::f64::consts::TAU * along + std::f64::consts::PI * label as f64;
    let jitter = 0.02 * rng.normal();
    [r * sin(t) + jitter, r * cos(t) + jitter]
}

fn moon_point(rng: &mut Random, label: usize) -> [f64; 2] {
    let t = rng.between(0.0, std::f64::consts::PI);
    let (x, y) = if label == 0 { (cos(t), sin(t)) } else { (1.0 - cos(t), 0.5 - sin(t)) };
    // The two moons span x ∈ [−1, 2], y ∈ [−0.5, 1]: centre and scale into the plane.
    [0.75 * (x - 0.5), 0.75 * (y - 0.25) * 1.3]
}

fn linear_point(rng: &mut Random, label: usize) -> [f64; 2] {
    loop {
        let p = [rng.between(-1.0, 1.0), rng.between(-1.0, 1.0)];
        let side = p[0] + 0.6 * p[1] - 0.1;
        if side.abs() > 0.1 && usize::from(side > 0.0) == label {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lecture_set_is_balanced_xor() {
        let s = lecture();
        assert_eq!(s.len(), 20);
        assert_eq!(s.targets().iter().filter(|&&y| y == 1.0).count(), 10);
        for i in 0..20 {
            let [x1, x2] = s.point(i);
            assert_eq!(s.label(i), usize::from(x1 * x2 < 0.0));
        }
    }

    #[test]
    fn generators_are_seeded_and_inside_the_plane() {
        for name in DATASET_NAMES {
            let a = generate(name, 101, 0.3, 5).unwrap();
            assert_eq!(a, generate(name, 101, 0.3, 5).unwrap());
            assert!(a.xs().iter().all(|v| v.abs() <= EXTENT));
            if name != "lecture" {
                assert_eq!(a.len(), 101);
                assert_ne!(a, generate(name, 101, 0.3, 6).unwrap(), "{name}");
            }
        }
        assert!(generate("blobs", 10, 0.0, 1).unwrap_err().contains("unknown data set"));
        assert!(generate("xor", 0, 0.0, 1).is_err());
        assert!(generate("xor", 10, f64::NAN, 1).is_err());
    }

    #[test]
    fn data_set_names_round_trip() {
        for (i, name) in DataSet::NAMES.iter().enumerate() {
            let set = DataSet::parse(name).unwrap();
            assert_eq!(set, DataSet::ALL[i]);
            assert_eq!(set.name(), *name);
        }
    }

    #[test]
    fn samples_refuse_bad_shapes() {
        assert!(Samples::with_targets(vec![1.0, 2.0], vec![f64::NAN]).unwrap_err().contains("target"));
        assert!(Samples::new(vec![1.0], vec![0]).unwrap_err().contains("2 numbers"));
        assert!(Samples::new(vec![1.0, f64::NAN], vec![0]).unwrap_err().contains("point 1"));
        assert!(Samples::new(vec![], vec![]).unwrap_err().contains("no points"));
    }
}
