// Generalised linear models fitted by Newton's method (for these canonical links the same as
// iteratively reweighted least squares): Poisson regression with a log link and an offset, and
// logistic regression with an optional L2 penalty. Small dense matrices only (a few dozen
// columns); the normal equations are solved by Cholesky factorisation.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace keel::analytics {

// A dense row-major matrix.
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t columns) : rows_(rows), columns_(columns), values_(rows * columns, 0.0) {}

  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return columns_; }
  double& operator()(std::size_t row, std::size_t column) { return values_[row * columns_ + column]; }
  double operator()(std::size_t row, std::size_t column) const { return values_[row * columns_ + column]; }
  const double* row(std::size_t index) const { return values_.data() + index * columns_; }
  double* row(std::size_t index) { return values_.data() + index * columns_; }

  // Appends a row of `columns()` values (a matrix made with 0 rows grows this way).
  void append_row(const std::vector<double>& values);
  // Appends a row of zeros and returns it, to be filled in place.
  double* append_zero_row();
  void reserve_rows(std::size_t rows) { values_.reserve(rows * columns_); }

 private:
  std::size_t rows_ = 0;
  std::size_t columns_ = 0;
  std::vector<double> values_;
};

// Solves A·x = b for a symmetric positive definite A by Cholesky factorisation; the inverse of A
// is written to `inverse` when it is given. Empty when A is not positive definite (to rounding).
std::optional<std::vector<double>> solve_symmetric(const Matrix& a, const std::vector<double>& b,
                                                   Matrix* inverse = nullptr);

struct GlmFit {
  bool converged = false;
  int iterations = 0;
  std::vector<double> coefficients;
  std::vector<double> standard_errors;  // from the inverse of the (penalised) information matrix
  double log_likelihood = 0;            // unpenalised
  double pearson_chi2 = 0;              // Σ (y − μ)² / V(μ)
  int residual_degrees = 0;             // rows − columns
};

// Poisson regression of counts `y` on the columns of `x` (include a column of ones for an
// intercept), log link, with `offset` added to the linear predictor (empty: none). Not converged
// when the maximum likelihood estimate does not exist (all counts zero, a group without events)
// or Newton's method fails.
GlmFit fit_poisson(const Matrix& x, const std::vector<double>& y, const std::vector<double>& offset = {});

// Rows that share the values of the leading columns of a design, which lets a fit sum those
// columns' part of the score and the information once per group instead of once per row (the
// forecast's intercept and time-of-week columns take a few dozen patterns over thousands of
// windows). Every row of a group must hold the same values in columns 0 .. shared_columns − 1.
struct SharedColumns {
  std::size_t shared_columns = 0;
  std::vector<int> group_of_row;  // 0 .. groups − 1, one per row
};

// Logistic regression of 0/1 `y` on the columns of `x`, maximising
//   log-likelihood − (l2 / 2) · Σ_{j not in unpenalised} β_j²
// where `unpenalised_column` (usually the intercept, column 0) is left out of the penalty; pass
// l2 = 0 for the ordinary maximum likelihood fit. `start` (empty: zeros) warms the search;
// `shared` (optional) only makes it faster. Converged when every Newton step is below
// `tolerance`·(1 + |β_j|).
GlmFit fit_logistic(const Matrix& x, const std::vector<int>& y, double l2,
                    std::optional<std::size_t> unpenalised_column, const std::vector<double>& start = {},
                    const SharedColumns* shared = nullptr, double tolerance = 1e-10);

// 1 / (1 + e^−x), computed without overflow.
double logistic(double x);

}  // namespace keel::analytics
