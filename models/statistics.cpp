#include "statistics.h"

#include <algorithm>
#include <boost/histogram.hpp>

namespace trio6sim::models {

IflRates rates_between(const IflCounters& a, const IflCounters& b, double dt_s) {
  if (dt_s <= 0) return {};
  return {static_cast<double>(b.input_packets - a.input_packets) / dt_s,
          static_cast<double>(b.input_bytes - a.input_bytes) * 8 / dt_s,
          static_cast<double>(b.output_packets - a.output_packets) / dt_s,
          static_cast<double>(b.output_bytes - a.output_bytes) * 8 / dt_s};
}

uint64_t DropCounters::total() const {
  uint64_t t = 0;
  for (auto v : by_cause_) t += v;
  return t;
}

DropCounters& DropCounters::operator+=(const DropCounters& o) {
  for (std::size_t i = 0; i < by_cause_.size(); ++i) by_cause_[i] += o.by_cause_[i];
  return *this;
}

struct LatencyHistogram::Bins {
  using Axis = boost::histogram::axis::regular<double, boost::histogram::axis::transform::log>;
  boost::histogram::histogram<std::tuple<Axis>> h = boost::histogram::make_histogram(Axis(18420, 1.0, 1e8));
};

LatencyHistogram::LatencyHistogram() : bins_(std::make_unique<Bins>()) {}
LatencyHistogram::~LatencyHistogram() = default;
LatencyHistogram::LatencyHistogram(const LatencyHistogram& other)
    : bins_(std::make_unique<Bins>(*other.bins_)),
      count_(other.count_),
      max_ns_(other.max_ns_),
      last_ns_(other.last_ns_),
      last_bin_(other.last_bin_) {}
LatencyHistogram& LatencyHistogram::operator=(const LatencyHistogram& other) {
  if (this != &other) *this = LatencyHistogram(other);
  return *this;
}
LatencyHistogram::LatencyHistogram(LatencyHistogram&&) noexcept = default;
LatencyHistogram& LatencyHistogram::operator=(LatencyHistogram&&) noexcept = default;

void LatencyHistogram::add(double ns) {
  // Steady traffic repeats latencies exactly: the bin of the last value is
  // kept, so its logarithm is taken once, not per packet.
  if (ns != last_ns_) {
    last_ns_ = ns;
    last_bin_ = bins_->h.axis().index(ns);
  }
  ++bins_->h.at(last_bin_);
  ++count_;
  max_ns_ = std::max(max_ns_, ns);
}

double LatencyHistogram::quantile_ns(double q) const {
  if (count_ == 0) return 0;
  const double target = q * static_cast<double>(count_);
  double cumulative = 0;
  for (auto&& x : boost::histogram::indexed(bins_->h, boost::histogram::coverage::all)) {
    cumulative += *x;
    if (cumulative >= target && *x > 0) return std::min(x.bin().upper(), max_ns_);
  }
  return max_ns_;
}

void LatencyHistogram::reset() { *this = LatencyHistogram(); }

double BusyMeter::utilization(const Window& w) const {
  const double span = static_cast<double>(w.end_ps - w.start_ps) * servers_;
  return span > 0 ? busy_ps_ / span : 0;
}

}  // namespace trio6sim::models
