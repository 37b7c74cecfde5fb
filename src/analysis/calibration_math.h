#pragma once
// What maximum likelihood and the MCMC share: the fitted parameters moved between the free and
// the natural scale, their prior, and the curvature of a function on the free scale.
#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "werkbaat/analysis/calibration.h"

namespace werkbaat::analysis::detail {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

// The fitted parameters' values (own units) at free values x.
std::vector<double> natural(const CalibrationProblem& p, const std::vector<double>& x);
// The log prior density at values v, on the natural scale.
double log_prior_sum(const CalibrationProblem& p, const std::vector<double>& v);
// The values at free values x (into v) and the log prior there on the free scale: the density
// with the Jacobian of the map.
double log_prior_free(const CalibrationProblem& p, const double* x, std::vector<double>& v);
// Second derivatives of f at x by central differences, step h on the free scale.
Mat hessian(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& x, double h);
// The inverse of a positive definite matrix (into inv), or false.
bool inverse_if_positive(const Mat& A, Mat& inv);
std::vector<std::vector<double>> correlation_of(const Mat& cov);

}  // namespace werkbaat::analysis::detail
