//! A penalised logistic risk model on a signature's member expressions.
//!
//! | file | job |
//! |---|---|
//! | [`fit`] | standardisation, the L2-penalised fit (linfa-logistic), odds ratios from the Hessian |
//! | [`cv`] | seeded stratified k-fold cross-validation and the choice of the penalty |
//! | [`calibration`] | Brier score, calibration slope/intercept, binned calibration table |
//! | [`io`] | the model JSON (schema, save, load) |

pub mod calibration;
pub mod cv;
pub mod fit;
pub mod io;
