#include "expectations.h"

#include <fmt/core.h>

#include <cmath>

namespace trio6sim::report {

namespace {

const char* symbol(scenario::Comparison op) {
  switch (op) {
    case scenario::Comparison::kEq: return "==";
    case scenario::Comparison::kNe: return "!=";
    case scenario::Comparison::kLt: return "<";
    case scenario::Comparison::kLe: return "<=";
    case scenario::Comparison::kGt: return ">";
    case scenario::Comparison::kGe: return ">=";
  }
  return "?";
}

// With a tolerance t, "==" accepts |a - e| <= t|e|, "!=" the opposite, and
// the orderings are relaxed by the same margin.
bool compare(scenario::Comparison op, double actual, double expected, double tolerance) {
  const double margin = std::fabs(expected) * tolerance;
  switch (op) {
    case scenario::Comparison::kEq: return std::fabs(actual - expected) <= margin;
    case scenario::Comparison::kNe: return std::fabs(actual - expected) > margin;
    case scenario::Comparison::kLt: return actual < expected + margin;
    case scenario::Comparison::kLe: return actual <= expected + margin;
    case scenario::Comparison::kGt: return actual > expected - margin;
    case scenario::Comparison::kGe: return actual >= expected - margin;
  }
  return false;
}

}  // namespace

std::vector<ExpectationResult> check_expectations(const std::vector<scenario::ExpectationSpec>& expectations,
                                                  const CounterReader& read) {
  std::vector<ExpectationResult> results;
  for (const auto& e : expectations) {
    ExpectationResult r;
    r.spec = &e;
    const std::string when = e.at_ps ? " at " + scenario::format_duration(*e.at_ps) : "";
    auto actual = read(e.device, e.counter, e.at_ps);
    if (!actual) {
      r.message = fmt::format("{}: {} has no counter '{}'", e.where.str(), e.device, e.counter);
      results.push_back(r);
      continue;
    }
    r.actual = *actual;
    std::string expected_text;
    if (e.value_of) {
      const auto colon = e.value_of->find(':');
      const std::string device = e.value_of->substr(0, colon), counter = e.value_of->substr(colon + 1);
      auto other = read(device, counter, e.at_ps);
      if (!other) {
        r.message = fmt::format("{}: {} has no counter '{}'", e.where.str(), device, counter);
        results.push_back(r);
        continue;
      }
      r.expected = *other;
      expected_text = fmt::format("{} ({})", *e.value_of, r.expected);
    } else {
      r.expected = *e.value;
      expected_text = e.scaled_by == 1 ? fmt::format("{}", r.expected)
                                       : fmt::format("{} ({} x --scale-rates {})", r.expected, e.value_as_written,
                                                     scenario::format_decimal(e.scaled_by));
    }
    r.passed = compare(e.op, r.actual, r.expected, e.tolerance);
    const std::string tolerance = e.tolerance > 0 ? fmt::format(" (+-{}%)", e.tolerance * 100) : "";
    r.message = fmt::format("{}: {} {}{} = {}, expected {} {}{}: {}", e.where.str(), e.device, e.counter, when,
                            r.actual, symbol(e.op), expected_text, tolerance, r.passed ? "ok" : "FAILED");
    results.push_back(r);
  }
  return results;
}

}  // namespace trio6sim::report
