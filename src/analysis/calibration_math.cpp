#include "analysis/calibration_math.h"

#include <algorithm>
#include <cmath>

namespace werkbaat::analysis::detail {

std::vector<double> natural(const CalibrationProblem& p, const std::vector<double>& x) {
  std::vector<double> v(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) v[k] = p.params[k].from_free(x[k]);
  return v;
}

double log_prior_sum(const CalibrationProblem& p, const std::vector<double>& v) {
  double lp = 0;
  for (std::size_t k = 0; k < v.size(); ++k) lp += p.params[k].log_prior(v[k]);
  return lp;
}

double log_prior_free(const CalibrationProblem& p, const double* x, std::vector<double>& v) {
  double lp = 0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    v[k] = p.params[k].from_free(x[k]);
    lp += p.params[k].log_prior(v[k]) + p.params[k].log_jacobian(x[k]);
  }
  return lp;
}

Mat hessian(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& x, double h) {
  const int d = static_cast<int>(x.size());
  Mat H(d, d);
  const double f0 = f(x);
  auto at = [&](int i, double di, int j, double dj) {
    std::vector<double> y = x;
    y[i] += di;
    y[j] += dj;
    return f(y);
  };
  for (int i = 0; i < d; ++i) {
    H(i, i) = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (int j = 0; j < i; ++j)
      H(i, j) = H(j, i) = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
  }
  return H;
}

bool inverse_if_positive(const Mat& A, Mat& inv) {
  Eigen::SelfAdjointEigenSolver<Mat> eig(A);
  const double top = eig.eigenvalues().cwiseAbs().maxCoeff();
  if (eig.info() != Eigen::Success || !(eig.eigenvalues().minCoeff() > 1e-9 * std::max(top, 1e-300))) return false;
  inv = eig.eigenvectors() * eig.eigenvalues().cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
  return true;
}

std::vector<std::vector<double>> correlation_of(const Mat& cov) {
  const auto d = cov.rows();
  std::vector<std::vector<double>> out(d, std::vector<double>(d));
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) out[i][j] = cov(i, j) / std::sqrt(cov(i, i) * cov(j, j));
  return out;
}

}  // namespace werkbaat::analysis::detail
