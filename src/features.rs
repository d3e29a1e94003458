//! Input features: what a[0] holds for a point x = (x1, x2). The lecture feeds
//! x1 and x2 as they are; the page may add x1², x2², x1·x2, sin x1, sin x2.

/// One input feature computed from the point (x1, x2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1TimesX2,
    SinX1,
    SinX2,
}

impl Feature {
    pub const NAMES: [&'static str; 7] = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];
    pub const ALL: [Feature; 7] =
        [Self::X1, Self::X2, Self::X1Squared, Self::X2Squared, Self::X1TimesX2, Self::SinX1, Self::SinX2];

    pub fn parse(name: &str) -> Result<Self, String> {
        Self::NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| format!("unknown input feature \"{name}\": expected one of {}", crate::show::names(&Self::NAMES)))
    }

    pub fn name(self) -> &'static str {
        // ALL lists the features in their declaration order, so the discriminant is the index.
        Self::NAMES[self as usize]
    }

    /// The feature's value at the point (x1, x2).
    #[inline(always)]
    pub fn value(self, x1: f64, x2: f64) -> f64 {
        match self {
            Self::X1 => x1,
            Self::X2 => x2,
            Self::X1Squared => x1 * x1,
            Self::X2Squared => x2 * x2,
            Self::X1TimesX2 => x1 * x2,
            Self::SinX1 => crate::trig::sin(x1),
            Self::SinX2 => crate::trig::sin(x2),
        }
    }
}

/// a[0] for the point (x1, x2): each feature's value, in order.
pub fn input_vector(features: &[Feature], x1: f64, x2: f64) -> Vec<f64> {
    features.iter().map(|f| f.value(x1, x2)).collect()
}

#[cfg(test)]
mod tests {
    use super::Feature;

    #[test]
    fn every_feature_is_listed_in_declaration_order_with_its_name() {
        for (i, &f) in Feature::ALL.iter().enumerate() {
            assert_eq!(f as usize, i);
            assert_eq!(Feature::parse(f.name()), Ok(f));
        }
    }
}
