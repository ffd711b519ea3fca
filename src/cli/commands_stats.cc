// keel stats: the person's patterns (trigger map, intervals, trends, what helps, check-in links,
// small wins, risk forecast), in plain words or as JSON (docs/analytics.md).
#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "analytics/stats.h"
#include "analytics/stats_json.h"
#include "cli/cli.h"

namespace keel::cli {

namespace {

struct StatsArguments {
  std::string as_of;
  std::string since;
};

// "░▒▓█" shades of the 7 × 24 grid of urges, one row per weekday.
std::string draw_grid(const analytics::TriggerMap& map) {
  static constexpr const char* kShades[] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
  int highest = 0;
  for (const auto& row : map.urge_grid) highest = std::max(highest, *std::max_element(row.begin(), row.end()));
  std::string text = "      0     6     12    18   (local hour)\n";
  for (int weekday = 0; weekday < 7; ++weekday) {
    static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    text += fmt::format("  {} ", kDays[weekday]);
    for (int hour = 0; hour < 24; ++hour) {
      const int count = map.urge_grid[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(hour)];
      const int shade = count == 0 ? 0 : 1 + (4 * count - 1) / highest;
      text += kShades[std::clamp(shade, 0, 4)];
    }
    text += '\n';
  }
  return text;
}

std::string top_tags(const char* label, const std::vector<analytics::TagRow>& rows) {
  if (rows.empty()) return "";
  std::string text = fmt::format("  {}:", label);
  for (std::size_t i = 0; i < rows.size() && i < 4; ++i) {
    text += fmt::format("{} {} ({} urges, {} lapses)", i == 0 ? "" : ",", rows[i].tag, rows[i].urges, rows[i].lapses);
  }
  return text + "\n";
}

const char* milestone_words(const std::string& what) {
  if (what == "urges_passed") return "urges let pass without acting";
  if (what == "pauses_completed") return "Pauses finished";
  if (what == "checkin_days") return "days checked in";
  if (what == "activities_done") return "planned activities done";
  if (what == "days_between_lapses") return "days between lapses";
  return "";
}

std::string render_text(const analytics::Stats& stats) {
  std::string text;
  auto section = [&](const char* title, const std::string& sentence) {
    text += fmt::format("\n== {} ==\n{}\n", title, sentence);
  };
  section("When urges come", stats.trigger_map.sentence);
  if (stats.trigger_map.urges > 0) {
    text += draw_grid(stats.trigger_map);
    text += top_tags("contexts", stats.trigger_map.contexts);
    text += top_tags("emotions", stats.trigger_map.emotions);
    text += top_tags("warning signs", stats.trigger_map.warning_signs);
  }
  section("Gaps between urges", stats.intervals.between_urges.sentence);
  section("Gaps between lapses", stats.intervals.between_lapses.sentence);
  section("Trends", stats.trends.sentence);
  if (stats.trends.lapses.enough_data) text += stats.trends.lapses.sentence + "\n";
  if (!stats.trends.acting_sentence.empty()) text += stats.trends.acting_sentence + "\n";
  section("What helps", stats.what_helps.surf_sentence);
  text += stats.what_helps.activity_sentence + "\n" + stats.what_helps.technique_sentence + "\n";
  section("Check-ins and urges", stats.checkin_links.sentence);
  section("Small wins", stats.small_wins.sentence);
  if (!stats.small_wins.milestones.empty()) {
    const auto& latest = stats.small_wins.milestones.back();
    text += fmt::format("  latest milestone: {} {}, reached on {}\n", latest.threshold, milestone_words(latest.what),
                        format_date(latest.reached));
  }
  section("Risk forecast", stats.forecast.urge.sentence);
  text += stats.forecast.lapse.sentence + "\n";
  return text;
}

Status run_stats(Context& context, const StatsArguments& arguments) {
  // --since is checked before the home is opened, so that a typing mistake is told as such even
  // without the passphrase. A span back is counted from as-of, which needs the person's zone.
  std::optional<LocalDate> since_date;
  std::optional<std::chrono::seconds> since_span;
  if (!arguments.since.empty()) {
    if (auto date = parse_date(arguments.since); date.is_ok()) {
      since_date = *date;
    } else if (auto back = parse_duration(arguments.since); back.is_ok()) {
      since_span = *back;
    } else {
      return Status::invalid(fmt::format(
          "--since \"{}\" is neither a date nor a span back; give a local day such as 2026-01-31 or a span such as 90d",
          arguments.since));
    }
  }
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  const std::string& zone = session->person().time_zone;
  analytics::StatsOptions options;
  options.time_zone = zone;
  options.as_of = context.clock().now();
  if (!arguments.as_of.empty()) {
    KEEL_ASSIGN_OR_RETURN(options.as_of, parse_user_time(arguments.as_of, zone, context.clock().now()));
  }
  if (since_date) options.since = *since_date;
  if (since_span) {
    options.since =
        local_date_of(options.as_of - std::chrono::duration_cast<std::chrono::milliseconds>(*since_span), zone);
  }
  KEEL_ASSIGN_OR_RETURN(auto records, session->list_all());
  const analytics::Stats stats = analytics::compute_stats(records, options);
  // Only the form that is printed is built (the JSON of five years is about a megabyte).
  if (context.options().json) {
    print_result(context, "", analytics::stats_to_json(stats));
  } else {
    print_result(context, render_text(stats), nlohmann::json());
  }
  return Status::ok();
}

}  // namespace

void add_stats_commands(CLI::App& app, Action& chosen) {
  auto* command = app.add_subcommand(
      "stats", "Your patterns: when urges come, the gaps between them, what helps, and a forecast, in plain words");
  auto arguments = std::make_shared<StatsArguments>();
  command->add_option("--as-of", arguments->as_of,
                      "compute as if it were this time: \"2026-03-29 21:30\", RFC 3339 (default now)");
  command->add_option("--since", arguments->since, "count only from this local day (2026-01-31), or a span back (90d)");
  command->callback([&chosen, arguments] { chosen = [arguments](Context& c) { return run_stats(c, *arguments); }; });
}

}  // namespace keel::cli
