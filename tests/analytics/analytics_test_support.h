// Shared by the analytics tests: synthetic clients, hand-made urges, and running the reference
// scripts of tests/reference/ (R and Python) through the shell.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/records.h"
#include "support/test_support.h"
#include "synth/synth.h"

namespace keel::analytics::testing {

inline Instant synth_end() { return parse_rfc3339("2026-03-01T12:00:00+01:00").value(); }

inline synth::Options synth_options(int days, std::uint64_t seed, const std::string& zone = "Europe/Berlin") {
  synth::Options options;
  options.days = days;
  options.seed = seed;
  options.end = synth_end();
  options.time_zone = zone;
  options.tenant_id = "tenant";
  options.person_id = "person";
  return options;
}

inline domain::Urge make_urge(Instant at, domain::UrgeOutcome outcome, const std::string& zone = "Europe/Berlin",
                              int intensity = 6) {
  static int counter = 0;
  domain::Urge urge;
  urge.key = {"tenant", "person", "urge-" + std::to_string(++counter)};
  urge.at = at;
  urge.time_zone = zone;
  urge.intensity = intensity;
  urge.outcome = outcome;
  return urge;
}

inline Instant at(const char* text) { return parse_rfc3339(text).value(); }

using ShellResult = keel::testing::ShellResult;

inline ShellResult shell(const std::string& command) { return keel::testing::run_shell(command); }

inline std::string reference_script(const std::string& name) {
  return std::string(KEEL_SOURCE_DIR) + "/tests/reference/" + name;
}

// Debian's python3, where python3-statsmodels installs (a python3 earlier on PATH may be another one).
inline constexpr const char* kPython = "/usr/bin/python3";

// Empty when R and its survival package answer; otherwise what to install.
inline std::string missing_r() {
  const ShellResult r = shell("Rscript -e 'suppressPackageStartupMessages(library(survival))'");
  if (r.exit_code == 127) {
    return "Rscript is not installed: install the Debian package r-base-core (scripts/setup test does)";
  }
  if (r.exit_code != 0) {
    return "R's survival package is missing: install the Debian package r-cran-survival (scripts/setup test does): " +
           r.output;
  }
  return "";
}

// Empty when Debian's python3 has statsmodels and scipy; otherwise what to install.
inline std::string missing_statsmodels() {
  const ShellResult python = shell(std::string(kPython) + " -c 'import statsmodels, scipy'");
  if (python.exit_code == 127) {
    return "/usr/bin/python3 is not installed: install the Debian packages python3 and python3-statsmodels";
  }
  if (python.exit_code != 0) {
    return "statsmodels is missing from /usr/bin/python3: install the Debian package python3-statsmodels "
           "(scripts/setup test does): " +
           python.output;
  }
  return "";
}

// |actual − expected| within 1e-6, relative to the expected value when that is above 1.
inline bool close_to(double actual, double expected, double tolerance = 1e-6) {
  return std::fabs(actual - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

}  // namespace keel::analytics::testing
