// 4. What helps: the surf effect of Pauses, the mood lift of activities, and what came before
// an urge passed.
#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr int kMinimumPauses = 3;      // rated Pauses before the surf effect is told
constexpr int kMinimumActivities = 3;  // rated activities of a category or title before it is ranked
constexpr int kMinimumTechnique = 3;   // Pauses (or urges) of a technique before it is ranked

// Lower case (ASCII), inner runs of white space made one space, trimmed.
std::string tidy(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !result.empty();
      continue;
    }
    if (space) result += ' ';
    space = false;
    result += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return result;
}

// True when tidy() would not change the text.
bool is_tidy(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  char previous = 'x';
  for (char c : text) {
    if ((c >= 'A' && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return false;
    if (c == ' ' && previous == ' ') return false;
    previous = c;
  }
  return true;
}

// Finds urges by id for Pauses taken in time order. A Pause follows its urge within minutes, so
// the urges of the day before the Pause are searched first (from a cursor that only moves
// forward), then all of them.
class UrgeFinder {
 public:
  explicit UrgeFinder(const std::vector<UrgeEvent>& urges) : urges_(urges) {}

  const UrgeEvent* find(std::string_view id, Instant pause_at) {
    if (pause_at < last_) cursor_ = 0;  // out of order: start again
    last_ = pause_at;
    while (cursor_ < urges_.size() && urges_[cursor_].at <= pause_at) ++cursor_;
    for (std::size_t i = cursor_; i > 0; --i) {
      const UrgeEvent& event = urges_[i - 1];
      if (pause_at - event.at > std::chrono::hours{24}) break;
      if (event.urge->key.id == id) return &event;
    }
    for (const auto& event : urges_) {
      if (event.urge->key.id == id) return &event;
    }
    return nullptr;
  }

 private:
  const std::vector<UrgeEvent>& urges_;
  std::size_t cursor_ = 0;
  Instant last_{};
};

TechniqueEffect effect_of(const std::string& name, const std::vector<const domain::PauseSession*>& pauses) {
  TechniqueEffect effect;
  effect.technique = name;
  std::vector<double> drops;
  int lower = 0;
  for (const auto* pause : pauses) {
    if (!pause->end_intensity) continue;
    drops.push_back(pause->start_intensity - *pause->end_intensity);
    if (*pause->end_intensity < pause->start_intensity) ++lower;
  }
  effect.drop = mean_with_interval(drops);
  effect.ended_lower = wilson_share(lower, static_cast<int>(drops.size()));
  return effect;
}

std::vector<LiftRow> ranked_lifts(const std::map<std::string, std::vector<double>>& groups, int minimum) {
  std::vector<LiftRow> rows;
  for (const auto& [name, values] : groups) {
    if (static_cast<int>(values.size()) < minimum) continue;
    rows.push_back({name, mean_with_interval(values)});
  }
  std::sort(rows.begin(), rows.end(), [](const LiftRow& a, const LiftRow& b) {
    if (*a.lift.mean != *b.lift.mean) return *a.lift.mean > *b.lift.mean;
    return a.name < b.name;
  });
  return rows;
}

template <typename Groups>
std::vector<PassedRow> ranked_passed(const Groups& groups) {
  std::vector<PassedRow> rows;
  for (const auto& [name, counts] : groups) {
    if (counts.second < kMinimumTechnique) continue;
    rows.push_back({std::string(name), wilson_share(counts.first, counts.second)});
  }
  std::sort(rows.begin(), rows.end(), [](const PassedRow& a, const PassedRow& b) {
    if (*a.passed.share != *b.passed.share) return *a.passed.share > *b.passed.share;
    if (a.passed.total != b.passed.total) return a.passed.total > b.passed.total;
    return a.name < b.name;
  });
  return rows;
}

}  // namespace

WhatHelps what_helps(const Observation& observation) {
  using namespace support;
  WhatHelps helps;

  // The surf effect.
  helps.surf_effect = effect_of("all", observation.pauses);
  std::map<domain::PauseTechnique, std::vector<const domain::PauseSession*>> by_technique;
  double start_sum = 0, end_sum = 0;
  for (const auto* pause : observation.pauses) {
    by_technique[pause->technique].push_back(pause);
    if (pause->end_intensity) {
      start_sum += pause->start_intensity;
      end_sum += *pause->end_intensity;
    }
  }
  for (const auto& [technique, pauses] : by_technique) {
    helps.by_technique.push_back(effect_of(domain::technique_name(technique), pauses));
  }
  const TechniqueEffect& all = helps.surf_effect;
  const bool pauses_enough = all.drop.count >= kMinimumPauses;
  if (pauses_enough) {
    const double n = all.drop.count;
    helps.surf_sentence = fmt::format(
        "During Pauses your urges went from {} to {} on average, a drop of {} points{}, and {} of them ended lower "
        "than they started: urges rise, peak and pass.",
        number(start_sum / n), number(end_sum / n), number(*all.drop.mean), interval_words(all.drop.ci95, number),
        percent(*all.ended_lower.share));
  } else {
    helps.surf_sentence =
        not_enough(fmt::format("at least {} Pauses with an end rating (there are {})", kMinimumPauses, all.drop.count));
  }

  // The mood lift of activities.
  std::map<std::string, std::vector<double>> by_category, by_title;
  int rated_activities = 0;
  for (const auto* activity : observation.activities) {
    if (!activity->done || !activity->mood_before || !activity->mood_after) continue;
    if (activity->done_at && *activity->done_at > observation.options.as_of) continue;
    const double lift = *activity->mood_after - *activity->mood_before;
    ++rated_activities;
    by_category[domain::category_name(activity->category)].push_back(lift);
    const std::string title = tidy(activity->title);
    if (!title.empty()) by_title[title].push_back(lift);
  }
  helps.activity_by_category = ranked_lifts(by_category, 1);
  helps.activity_by_title = ranked_lifts(by_title, kMinimumActivities);
  const LiftRow* best_category = nullptr;
  for (const auto& row : helps.activity_by_category) {
    if (row.lift.count >= kMinimumActivities) {
      best_category = &row;
      break;
    }
  }
  if (best_category != nullptr) {
    std::string text =
        fmt::format("{} activities lifted your mood most, by {} points on average{}", best_category->name,
                    number(*best_category->lift.mean), interval_words(best_category->lift.ci95, number));
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    if (!helps.activity_by_title.empty()) {
      text += fmt::format("; of single activities, {} helped most", quoted(helps.activity_by_title.front().name));
    }
    helps.activity_sentence = text + ".";
  } else {
    helps.activity_sentence = not_enough(
        fmt::format("at least {} done activities of one kind with mood rated before and after (there are {} in all)",
                    kMinimumActivities, rated_activities));
  }

  // What came before an urge passed: the Pause technique used on it, and the client's own strategy.
  std::map<domain::PauseTechnique, std::pair<int, int>> by_technique_counts;  // passed, decided
  support::WordTable<std::pair<int, int>> strategies;
  std::vector<std::string> tidied;  // strategy words that needed tidying (keys point into them)
  tidied.reserve(observation.urges.size());
  for (const auto& event : observation.urges) {
    if (!event.decided() || event.urge->strategy.empty()) continue;
    std::string_view strategy = event.urge->strategy;
    if (!is_tidy(strategy)) {
      tidied.push_back(tidy(strategy));
      strategy = tidied.back();
    }
    if (strategy.empty()) continue;
    auto& counts = strategies[strategy];
    counts.first += event.passed() ? 1 : 0;
    ++counts.second;
  }
  UrgeFinder finder(observation.urges);
  for (const auto* pause : observation.pauses) {
    if (pause->urge_id.empty()) continue;
    const UrgeEvent* urge = finder.find(pause->urge_id, pause->at);
    if (urge == nullptr || !urge->decided()) continue;
    auto& counts = by_technique_counts[pause->technique];
    counts.first += urge->passed() ? 1 : 0;
    ++counts.second;
  }
  std::map<std::string, std::pair<int, int>> techniques;
  for (const auto& [technique, counts] : by_technique_counts) techniques[domain::technique_name(technique)] = counts;
  helps.techniques = ranked_passed(techniques);
  helps.strategies = ranked_passed(strategies.entries());
  if (!helps.techniques.empty()) {
    const PassedRow& best = helps.techniques.front();
    helps.technique_sentence = fmt::format("After a {} Pause the urge passed without acting {} of the time{}.",
                                           best.name, percent(*best.passed.share), percent_interval(best.passed.ci95));
  } else {
    helps.technique_sentence = not_enough(
        fmt::format("at least {} Pauses of one technique linked to an urge with a known outcome", kMinimumTechnique));
  }

  helps.enough_data = pauses_enough || best_category != nullptr || !helps.techniques.empty();
  if (!helps.enough_data) {
    helps.missing =
        fmt::format("at least {} rated Pauses, or {} rated activities of one kind", kMinimumPauses, kMinimumActivities);
  }
  helps.sentence = helps.surf_sentence;
  return helps;
}

}  // namespace keel::analytics
