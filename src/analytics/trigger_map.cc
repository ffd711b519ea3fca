// 1. The trigger map: urges and lapses by local weekday and hour, and the words that come with them.
#include <algorithm>
#include <map>
#include <string_view>

#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr int kMinimumUrges = 5;
constexpr int kMinimumDecidedForLift = 10;  // a tag's urges with a known outcome before its lift is told

struct Tally {
  int urges = 0;
  int decided = 0;
  int lapses = 0;
  std::array<int, 24> by_hour{};
};

using Tallies = support::WordTable<Tally>;  // keys point into the urges

std::vector<TagRow> rank(const Tallies& tallies, const ShareEstimate& overall) {
  std::vector<TagRow> rows;
  rows.reserve(tallies.entries().size());
  for (const auto& [tag, tally] : tallies.entries()) {
    TagRow row;
    row.tag = std::string(tag);
    row.urges = tally.urges;
    row.lapses = tally.lapses;
    row.acting = wilson_share(tally.lapses, tally.decided);
    if (row.acting.share && overall.share && *overall.share > 0) row.lift = *row.acting.share / *overall.share;
    row.by_hour = tally.by_hour;
    row.peak_hour = static_cast<int>(std::max_element(row.by_hour.begin(), row.by_hour.end()) - row.by_hour.begin());
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const TagRow& a, const TagRow& b) {
    if (a.urges != b.urges) return a.urges > b.urges;
    if (a.lapses != b.lapses) return a.lapses > b.lapses;
    return a.tag < b.tag;
  });
  return rows;
}

std::string sentence_for(const TriggerMap& map) {
  using namespace support;
  std::string text = fmt::format("Urges came most often around {:02d}:00 and on {}s", *map.busiest_hour,
                                 weekday_name(*map.busiest_weekday));
  std::vector<std::string> words;
  for (const auto* rows : {&map.contexts, &map.emotions, &map.warning_signs}) {
    if (!rows->empty() && rows->front().urges >= 3) words.push_back(quoted(rows->front().tag));
  }
  if (!words.empty()) {
    text += ", most often with ";
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i > 0) text += i + 1 == words.size() ? " and " : ", ";
      text += words[i];
    }
  }
  // The word after which acting was clearly more common than usual, if there is one.
  const TagRow* riskiest = nullptr;
  for (const auto* rows : {&map.contexts, &map.emotions, &map.warning_signs}) {
    for (const auto& row : *rows) {
      if (row.acting.total < kMinimumDecidedForLift || !row.lift || !row.acting.ci95.lower || !map.acting.share) {
        continue;
      }
      if (*row.acting.ci95.lower <= *map.acting.share) continue;
      if (riskiest == nullptr || *row.lift > *riskiest->lift) riskiest = &row;
    }
  }
  if (riskiest != nullptr) {
    text += fmt::format("; with {} {} ended in a lapse{}, against {} overall", quoted(riskiest->tag),
                        percent(*riskiest->acting.share), percent_interval(riskiest->acting.ci95),
                        percent(*map.acting.share));
  }
  return text + ".";
}

}  // namespace

TriggerMap trigger_map(const Observation& observation) {
  TriggerMap map;
  Tallies contexts, emotions, warning_signs;
  int decided = 0;
  for (const auto& event : observation.urges) {
    ++map.urges;
    ++map.urge_grid[static_cast<std::size_t>(event.weekday)][static_cast<std::size_t>(event.hour)];
    if (event.acted()) {
      ++map.lapses;
      ++map.lapse_grid[static_cast<std::size_t>(event.weekday)][static_cast<std::size_t>(event.hour)];
    }
    if (event.decided()) ++decided;
    auto count = [&](Tallies& tallies, const std::vector<std::string>& tags) {
      for (const auto& tag : tags) {
        Tally& tally = tallies[std::string_view(tag)];
        ++tally.urges;
        ++tally.by_hour[static_cast<std::size_t>(event.hour)];
        if (event.decided()) ++tally.decided;
        if (event.acted()) ++tally.lapses;
      }
    };
    count(contexts, event.urge->contexts);
    count(emotions, event.urge->emotions);
    count(warning_signs, event.urge->warning_signs);
  }
  map.acting = wilson_share(map.lapses, decided);
  map.contexts = rank(contexts, map.acting);
  map.emotions = rank(emotions, map.acting);
  map.warning_signs = rank(warning_signs, map.acting);
  if (map.urges == 0) {
    map.missing = fmt::format("at least {} logged urges (there are none yet)", kMinimumUrges);
    map.sentence = support::not_enough(map.missing);
    return map;
  }
  int best_cell = -1;
  std::array<int, 24> by_hour{};
  std::array<int, 7> by_weekday{};
  for (int weekday = 0; weekday < 7; ++weekday) {
    for (int hour = 0; hour < 24; ++hour) {
      const int count = map.urge_grid[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(hour)];
      by_hour[static_cast<std::size_t>(hour)] += count;
      by_weekday[static_cast<std::size_t>(weekday)] += count;
      if (count > best_cell) {
        best_cell = count;
        map.peak_weekday = weekday;
        map.peak_hour = hour;
      }
    }
  }
  map.busiest_hour = static_cast<int>(std::max_element(by_hour.begin(), by_hour.end()) - by_hour.begin());
  map.busiest_weekday = static_cast<int>(std::max_element(by_weekday.begin(), by_weekday.end()) - by_weekday.begin());
  if (map.urges < kMinimumUrges) {
    map.missing = fmt::format("at least {} logged urges (there are {})", kMinimumUrges, map.urges);
    map.sentence = support::not_enough(map.missing);
    return map;
  }
  map.enough_data = true;
  map.sentence = sentence_for(map);
  return map;
}

}  // namespace keel::analytics
