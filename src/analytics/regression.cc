#include "analytics/regression.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace keel::analytics {

namespace {

constexpr int kMaximumIterations = 100;
constexpr double kDefaultTolerance = 1e-10;
constexpr int kMaximumHalvings = 40;

// log(1 + e^x) without overflow.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

// Adds weight · row·rowᵀ to the upper triangle of `sum` (mirror_upper completes it).
void add_outer(Matrix& sum, const double* row, double weight) {
  const std::size_t columns = sum.columns();
  for (std::size_t j = 0; j < columns; ++j) {
    const double scaled = weight * row[j];
    double* target = sum.row(j);
    for (std::size_t k = j; k < columns; ++k) target[k] += scaled * row[k];
  }
}

void mirror_upper(Matrix& matrix) {
  for (std::size_t j = 0; j < matrix.rows(); ++j) {
    for (std::size_t k = 0; k < j; ++k) matrix(j, k) = matrix(k, j);
  }
}

// Σ a[i]·b[i] with four independent sums, so the additions overlap.
double dot(const double* a, const double* b, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

// A matrix stored by columns, for the sums over rows that the score and information need. Its
// scratch buffers make it usable by one thread at a time.
class Columns {
 public:
  explicit Columns(const Matrix& x, const SharedColumns* shared = nullptr)
      : rows_(x.rows()), columns_(x.columns()), values_(x.rows() * x.columns()) {
    for (std::size_t i = 0; i < rows_; ++i) {
      for (std::size_t j = 0; j < columns_; ++j) values_[j * rows_ + i] = x(i, j);
    }
    if (shared != nullptr && shared->shared_columns > 0 && shared->group_of_row.size() == rows_) {
      shared_ = std::min(shared->shared_columns, columns_);
      groups_ = shared->group_of_row;
      const int count = groups_.empty() ? 0 : *std::max_element(groups_.begin(), groups_.end()) + 1;
      group_values_.assign(static_cast<std::size_t>(count) * shared_, 0.0);
      for (std::size_t i = 0; i < rows_; ++i) {
        for (std::size_t j = 0; j < shared_; ++j) {
          group_values_[static_cast<std::size_t>(groups_[i]) * shared_ + j] = x(i, j);
        }
      }
#ifndef NDEBUG
      for (std::size_t i = 0; i < rows_; ++i) {
        for (std::size_t j = 0; j < shared_; ++j) {
          assert(group_values_[static_cast<std::size_t>(groups_[i]) * shared_ + j] == x(i, j) &&
                 "rows of a group must share their leading columns");
        }
      }
#endif
    }
  }
  const double* column(std::size_t j) const { return values_.data() + j * rows_; }

  // η_i = Σ_j x_ij·β_j for every row, summed over j in order from 0, exactly as
  // linear_predictor(row i, β) sums it; the shared columns' part is summed once per group.
  void linear_predictors(const std::vector<double>& beta, std::vector<double>& eta) const {
    eta.assign(rows_, 0.0);
    if (shared_ > 0) {
      const std::size_t groups = group_values_.size() / shared_;
      group_sums_.resize(groups);
      for (std::size_t g = 0; g < groups; ++g) {
        double sum = 0;
        for (std::size_t j = 0; j < shared_; ++j) sum += group_values_[g * shared_ + j] * beta[j];
        group_sums_[g] = sum;
      }
      for (std::size_t i = 0; i < rows_; ++i) eta[i] = group_sums_[static_cast<std::size_t>(groups_[i])];
    }
    for (std::size_t j = shared_; j < columns_; ++j) {
      const double* x_j = column(j);
      const double coefficient = beta[j];
      for (std::size_t i = 0; i < rows_; ++i) eta[i] += x_j[i] * coefficient;
    }
  }

  // gradient_j = Σ_i residual_i · x_ij
  void add_score(const std::vector<double>& residuals, std::vector<double>& gradient) const {
    if (shared_ == 0) {
      for (std::size_t j = 0; j < columns_; ++j) gradient[j] += dot(residuals.data(), column(j), rows_);
      return;
    }
    const std::vector<double>& residual_sums = sums_by_group(residuals);
    for (std::size_t g = 0; g < residual_sums.size(); ++g) {
      for (std::size_t j = 0; j < shared_; ++j) gradient[j] += residual_sums[g] * group_values_[g * shared_ + j];
    }
    for (std::size_t j = shared_; j < columns_; ++j) gradient[j] += dot(residuals.data(), column(j), rows_);
  }

  // information = Xᵀ·diag(weights)·X
  void set_information(const std::vector<double>& weights, Matrix& information) const {
    weighted_.resize(rows_);
    double* weighted = weighted_.data();
    // The unshared columns with every column at or after them: sums over rows.
    for (std::size_t j = shared_; j < columns_; ++j) {
      const double* x_j = column(j);
      for (std::size_t i = 0; i < rows_; ++i) weighted[i] = weights[i] * x_j[i];
      for (std::size_t k = j; k < columns_; ++k) {
        const double value = dot(weighted, column(k), rows_);
        information(j, k) = value;
        information(k, j) = value;
      }
    }
    if (shared_ == 0) return;
    // Shared with shared: Σ_g W_g·t_a(g)·t_b(g). Shared with unshared: Σ_g t_a(g)·Σ_{i∈g} w_i x_ik.
    weight_sums_ = sums_by_group(weights);
    const std::size_t groups = weight_sums_.size();
    for (std::size_t a = 0; a < shared_; ++a) {
      for (std::size_t b = a; b < shared_; ++b) {
        double value = 0;
        for (std::size_t g = 0; g < groups; ++g) {
          value += weight_sums_[g] * group_values_[g * shared_ + a] * group_values_[g * shared_ + b];
        }
        information(a, b) = value;
        information(b, a) = value;
      }
    }
    for (std::size_t k = shared_; k < columns_; ++k) {
      const double* x_k = column(k);
      for (std::size_t i = 0; i < rows_; ++i) weighted[i] = weights[i] * x_k[i];
      const std::vector<double>& sums = sums_by_group(weighted_);
      for (std::size_t a = 0; a < shared_; ++a) {
        double value = 0;
        for (std::size_t g = 0; g < groups; ++g) value += sums[g] * group_values_[g * shared_ + a];
        information(a, k) = value;
        information(k, a) = value;
      }
    }
  }

 private:
  // Σ values over the rows of each group, in group_sums_ (valid until the next call).
  const std::vector<double>& sums_by_group(const std::vector<double>& values) const {
    group_sums_.assign(group_values_.size() / shared_, 0.0);
    for (std::size_t i = 0; i < rows_; ++i) group_sums_[static_cast<std::size_t>(groups_[i])] += values[i];
    return group_sums_;
  }

  std::size_t rows_;
  std::size_t columns_;
  std::vector<double> values_;  // by column
  std::size_t shared_ = 0;
  std::vector<int> groups_;
  std::vector<double> group_values_;  // [group][shared column]
  // Scratch, kept from call to call so that Newton's iterations allocate nothing.
  mutable std::vector<double> weighted_;
  mutable std::vector<double> group_sums_;
  mutable std::vector<double> weight_sums_;
};

double linear_predictor(const double* row, const std::vector<double>& beta) {
  double sum = 0;
  for (std::size_t j = 0; j < beta.size(); ++j) sum += row[j] * beta[j];
  return sum;
}

bool small_step(const std::vector<double>& step, const std::vector<double>& beta, double tolerance) {
  for (std::size_t j = 0; j < step.size(); ++j) {
    if (std::fabs(step[j]) > tolerance * (1 + std::fabs(beta[j]))) return false;
  }
  return true;
}

bool all_finite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double value) { return std::isfinite(value); });
}

// Makes `matrix` a zero `size` × `size` matrix, reusing its storage when it has that shape.
void prepare_square(Matrix& matrix, std::size_t size) {
  if (matrix.rows() != size || matrix.columns() != size) {
    matrix = Matrix(size, size);
    return;
  }
  for (std::size_t row = 0; row < size; ++row) std::fill(matrix.row(row), matrix.row(row) + size, 0.0);
}

// One model family for Newton's method: its log-likelihood, score and information at β. The
// objective is concave in β (both families here have canonical links; the penalty is concave).
struct Family {
  // Fills the gradient and the information matrix (when given) and returns the (penalised)
  // objective to maximise, or NaN when `with_objective` is false (it costs a logarithm a row).
  virtual double evaluate(const std::vector<double>& beta, std::vector<double>* gradient, Matrix* information,
                          bool with_objective) const = 0;
  virtual ~Family() = default;
};

// Maximises `family`'s objective from `beta` by Newton steps with step halving.
GlmFit newton(const Family& family, std::vector<double> beta, double tolerance) {
  GlmFit fit;
  const std::size_t columns = beta.size();
  std::vector<double> gradient(columns);
  Matrix information(columns, columns);
  family.evaluate(beta, &gradient, &information, false);
  if (!all_finite(gradient)) return fit;
  std::optional<double> objective;  // at beta, computed only when a step has to be judged by it
  // The candidate step's point, score and information, reused from iteration to iteration.
  std::vector<double> candidate(columns);
  std::vector<double> candidate_gradient(columns);
  Matrix candidate_information(columns, columns);
  std::vector<double> taken(columns);
  for (int iteration = 1; iteration <= kMaximumIterations; ++iteration) {
    fit.iterations = iteration;
    auto step = solve_symmetric(information, gradient);
    if (!step || !all_finite(*step)) return fit;
    if (small_step(*step, beta, tolerance)) {
      // Converged: the last step is below the tolerance, so it is taken without another pass over
      // the data (the information it leaves for the standard errors is that tiny step old).
      for (std::size_t j = 0; j < columns; ++j) beta[j] += (*step)[j];
      fit.converged = true;
      break;
    }
    // Each candidate is evaluated with its score and information in one pass, so an accepted step,
    // by far the common case, costs one pass over the data.
    double scale = 1;
    bool accepted = false;
    for (int halving = 0; halving <= kMaximumHalvings && !accepted; ++halving, scale /= 2) {
      for (std::size_t j = 0; j < columns; ++j) candidate[j] = beta[j] + scale * (*step)[j];
      family.evaluate(candidate, &candidate_gradient, &candidate_information, false);
      if (!all_finite(candidate_gradient)) continue;
      // For a concave objective f(β) ≤ f(c) + ∇f(c)·(β − c): when ∇f(c)·(c − β) ≥ 0 the objective
      // did not fall, and no logarithms are needed to know it.
      double directional = 0;
      for (std::size_t j = 0; j < columns; ++j) directional += candidate_gradient[j] * (candidate[j] - beta[j]);
      if (directional >= 0) {
        accepted = true;
        objective.reset();
        break;
      }
      // Otherwise compare the objectives; accept when it did not fall beyond rounding (near the
      // optimum, and where the estimate runs off to infinity, the change is below a double's
      // precision).
      if (!objective) objective = family.evaluate(beta, nullptr, nullptr, true);
      const double candidate_objective = family.evaluate(candidate, nullptr, nullptr, true);
      if (std::isfinite(candidate_objective) &&
          candidate_objective >= *objective - 1e-13 * std::max(1.0, std::fabs(*objective))) {
        accepted = true;
        objective = candidate_objective;
        break;
      }
    }
    if (!accepted) return fit;
    for (std::size_t j = 0; j < columns; ++j) taken[j] = candidate[j] - beta[j];
    std::swap(beta, candidate);
    std::swap(gradient, candidate_gradient);
    std::swap(information, candidate_information);
    if (small_step(taken, beta, tolerance)) {
      fit.converged = true;
      break;
    }
  }
  if (!fit.converged) return fit;
  Matrix inverse;
  if (!solve_symmetric(information, gradient, &inverse)) {
    fit.converged = false;
    return fit;
  }
  fit.coefficients = beta;
  fit.standard_errors.resize(columns);
  for (std::size_t j = 0; j < columns; ++j) fit.standard_errors[j] = std::sqrt(std::max(0.0, inverse(j, j)));
  return fit;
}

struct Poisson final : Family {
  const Matrix& x;
  const Columns by_column;
  const std::vector<double>& y;
  const std::vector<double>& offset;
  Poisson(const Matrix& x_, const std::vector<double>& y_, const std::vector<double>& offset_)
      : x(x_), by_column(x_), y(y_), offset(offset_) {}

  double evaluate(const std::vector<double>& beta, std::vector<double>* gradient, Matrix* information,
                  bool /*with_objective: a Poisson row costs no logarithm*/) const override {
    double log_likelihood = 0;
    by_column.linear_predictors(beta, predictors);
    residuals.resize(x.rows());
    weights.resize(x.rows());
    for (std::size_t i = 0; i < x.rows(); ++i) {
      const double eta = predictors[i] + (offset.empty() ? 0.0 : offset[i]);
      const double mu = std::exp(eta);
      log_likelihood += y[i] * eta - mu;
      residuals[i] = y[i] - mu;
      weights[i] = mu;
    }
    if (gradient != nullptr) {
      std::fill(gradient->begin(), gradient->end(), 0.0);
      by_column.add_score(residuals, *gradient);
    }
    if (information != nullptr) {
      prepare_square(*information, beta.size());
      by_column.set_information(weights, *information);
    }
    return log_likelihood;
  }

 private:
  // Scratch for evaluate(), kept from call to call.
  mutable std::vector<double> predictors, residuals, weights;
};

struct Logistic final : Family {
  const Matrix& x;
  const Columns by_column;
  const std::vector<int>& y;
  double l2;
  std::optional<std::size_t> unpenalised;
  Logistic(const Matrix& x_, const std::vector<int>& y_, double l2_, std::optional<std::size_t> unpenalised_,
           const SharedColumns* shared)
      : x(x_), by_column(x_, shared), y(y_), l2(l2_), unpenalised(unpenalised_) {}

  double evaluate(const std::vector<double>& beta, std::vector<double>* gradient, Matrix* information,
                  bool with_objective) const override {
    double objective = 0;
    by_column.linear_predictors(beta, predictors);
    residuals.resize(x.rows());
    weights.resize(x.rows());
    for (std::size_t i = 0; i < x.rows(); ++i) {
      const double eta = predictors[i];
      const double outcome = y[i] != 0 ? 1.0 : 0.0;
      const double small = std::exp(-std::fabs(eta));  // e^−|η|, at most 1
      if (with_objective) objective += outcome * eta - (std::max(eta, 0.0) + std::log1p(small));
      const double p = eta >= 0 ? 1 / (1 + small) : small / (1 + small);
      residuals[i] = outcome - p;
      weights[i] = p * (1 - p);
    }
    if (gradient != nullptr) {
      std::fill(gradient->begin(), gradient->end(), 0.0);
      by_column.add_score(residuals, *gradient);
    }
    if (information != nullptr) {
      prepare_square(*information, beta.size());
      by_column.set_information(weights, *information);
    }
    if (!with_objective) objective = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t j = 0; j < beta.size(); ++j) {
      if (unpenalised && *unpenalised == j) continue;
      objective -= 0.5 * l2 * beta[j] * beta[j];
      if (gradient != nullptr) (*gradient)[j] -= l2 * beta[j];
      if (information != nullptr) (*information)(j, j) += l2;
    }
    return objective;
  }

 private:
  // Scratch for evaluate(), kept from call to call.
  mutable std::vector<double> predictors, residuals, weights;
};

}  // namespace

void Matrix::append_row(const std::vector<double>& values) {
  assert(values.size() == columns_);
  values_.insert(values_.end(), values.begin(), values.end());
  ++rows_;
}

double* Matrix::append_zero_row() {
  values_.resize(values_.size() + columns_, 0.0);
  ++rows_;
  return row(rows_ - 1);
}

double logistic(double x) {
  if (x >= 0) return 1 / (1 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1 + e);
}

std::optional<std::vector<double>> solve_symmetric(const Matrix& a, const std::vector<double>& b, Matrix* inverse) {
  const std::size_t n = a.rows();
  assert(a.columns() == n && b.size() == n);
  // A = L·Lᵀ.
  Matrix lower(n, n);
  double largest_diagonal = 0;
  for (std::size_t i = 0; i < n; ++i) largest_diagonal = std::max(largest_diagonal, std::fabs(a(i, i)));
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = a(j, j);
    for (std::size_t k = 0; k < j; ++k) diagonal -= lower(j, k) * lower(j, k);
    if (!(diagonal > 1e-13 * largest_diagonal) || !std::isfinite(diagonal)) return std::nullopt;
    lower(j, j) = std::sqrt(diagonal);
    for (std::size_t i = j + 1; i < n; ++i) {
      double sum = a(i, j);
      for (std::size_t k = 0; k < j; ++k) sum -= lower(i, k) * lower(j, k);
      lower(i, j) = sum / lower(j, j);
    }
  }
  auto solve = [&](std::vector<double> right) {
    for (std::size_t i = 0; i < n; ++i) {  // L·z = right
      for (std::size_t k = 0; k < i; ++k) right[i] -= lower(i, k) * right[k];
      right[i] /= lower(i, i);
    }
    for (std::size_t i = n; i-- > 0;) {  // Lᵀ·x = z
      for (std::size_t k = i + 1; k < n; ++k) right[i] -= lower(k, i) * right[k];
      right[i] /= lower(i, i);
    }
    return right;
  };
  if (inverse != nullptr) {
    *inverse = Matrix(n, n);
    for (std::size_t column = 0; column < n; ++column) {
      std::vector<double> unit(n, 0.0);
      unit[column] = 1;
      const auto solved = solve(unit);
      for (std::size_t row = 0; row < n; ++row) (*inverse)(row, column) = solved[row];
    }
  }
  return solve(b);
}

GlmFit fit_poisson(const Matrix& x, const std::vector<double>& y, const std::vector<double>& offset) {
  assert(y.size() == x.rows() && (offset.empty() || offset.size() == x.rows()));
  const std::size_t columns = x.columns();
  // Start as R's glm does: μ = y + 0.1, one weighted least-squares step on z = log μ − offset.
  Matrix normal(columns, columns);
  std::vector<double> right(columns, 0.0);
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const double mu = y[i] + 0.1;
    const double z = std::log(mu) - (offset.empty() ? 0.0 : offset[i]);
    add_outer(normal, x.row(i), mu);
    for (std::size_t j = 0; j < columns; ++j) right[j] += mu * z * x(i, j);
  }
  mirror_upper(normal);
  const auto start = solve_symmetric(normal, right);
  if (!start) return {};
  const Poisson family(x, y, offset);
  GlmFit fit = newton(family, *start, kDefaultTolerance);
  if (!fit.converged) return fit;
  fit.residual_degrees = static_cast<int>(x.rows()) - static_cast<int>(columns);
  fit.log_likelihood = 0;
  fit.pearson_chi2 = 0;
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const double eta = linear_predictor(x.row(i), fit.coefficients) + (offset.empty() ? 0.0 : offset[i]);
    const double mu = std::exp(eta);
    fit.log_likelihood += y[i] * eta - mu - std::lgamma(y[i] + 1);
    fit.pearson_chi2 += (y[i] - mu) * (y[i] - mu) / mu;
  }
  return fit;
}

GlmFit fit_logistic(const Matrix& x, const std::vector<int>& y, double l2,
                    std::optional<std::size_t> unpenalised_column, const std::vector<double>& start,
                    const SharedColumns* shared, double tolerance) {
  assert(y.size() == x.rows());
  const Logistic family(x, y, l2, unpenalised_column, shared);
  std::vector<double> beta = start.size() == x.columns() ? start : std::vector<double>(x.columns(), 0.0);
  GlmFit fit = newton(family, beta, tolerance);
  if (!fit.converged) return fit;
  fit.residual_degrees = static_cast<int>(x.rows()) - static_cast<int>(x.columns());
  fit.log_likelihood = 0;
  fit.pearson_chi2 = 0;
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const double eta = linear_predictor(x.row(i), fit.coefficients);
    const double outcome = y[i] != 0 ? 1.0 : 0.0;
    fit.log_likelihood += outcome * eta - softplus(eta);
    const double p = logistic(eta);
    fit.pearson_chi2 += (outcome - p) * (outcome - p) / (p * (1 - p));
  }
  return fit;
}

}  // namespace keel::analytics
