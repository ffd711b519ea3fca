#include "cli/render.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/time.h"

namespace keel::cli {

std::string local_time(Instant at, const std::string& zone) {
  const auto parts = local_parts(at, zone);
  return fmt::format("{} {:02}:{:02}", format_date(parts.date), parts.hour, parts.minute);
}

std::string shorten(const std::string& text, std::size_t width) {
  std::string single = text;
  std::replace(single.begin(), single.end(), '\n', ' ');
  if (single.size() <= width) return single;
  std::size_t cut = width;
  while (cut > 0 && (static_cast<unsigned char>(single[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return single.substr(0, cut) + "…";
}

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string describe(const domain::Urge& urge) {
  std::vector<std::string> tags = urge.contexts;
  tags.insert(tags.end(), urge.emotions.begin(), urge.emotions.end());
  tags.insert(tags.end(), urge.warning_signs.begin(), urge.warning_signs.end());
  std::string line = fmt::format("{}  urge {:>2}/10  {:<8}", local_time(urge.at, urge.time_zone), urge.intensity,
                                 domain::outcome_name(urge.outcome));
  if (!tags.empty()) line += "  [" + join(tags, "; ") + "]";
  if (!urge.note.empty()) line += "  " + shorten(urge.note, 40);
  return line + "  " + urge.key.id;
}

std::string describe(const domain::LapseReview& review) {
  return fmt::format("{}  lapse review of {}  trigger: {}  next time: {}  {}", local_time(review.at, review.time_zone),
                     review.urge_id, shorten(review.trigger, 30), shorten(review.what_to_change, 30), review.key.id);
}

std::string describe(const domain::CheckIn& checkin) {
  return fmt::format(
      "{}  check-in  mood {} stress {} lonely {} bored {} tired {} hungry {} sleep {:.1f}h urges {}{}  {}",
      format_date(checkin.date), checkin.mood, checkin.stress, checkin.loneliness, checkin.boredom, checkin.tiredness,
      checkin.hunger, checkin.sleep_hours, checkin.urges_today, checkin.acted_today ? " (acted)" : "", checkin.key.id);
}

std::string describe(const domain::PauseSession& pause) {
  const std::string end = pause.end_intensity ? std::to_string(*pause.end_intensity) : "-";
  return fmt::format("{}  pause {:<7} {:>2} min  {} → {}  {}", local_time(pause.at, pause.time_zone),
                     domain::technique_name(pause.technique), pause.planned_minutes, pause.start_intensity, end,
                     pause.key.id);
}

std::string describe(const domain::Value& value) {
  std::string line = fmt::format("{:>2}. {}", value.rank + 1, value.name);
  if (!value.description.empty()) line += " — " + shorten(value.description, 50);
  return line + "  " + value.key.id;
}

std::string describe(const domain::Goal& goal) {
  return fmt::format("{}  (weight {:g}){}  {}", goal.title, goal.weight, goal.archived ? " archived" : "", goal.key.id);
}

std::string describe(const domain::Activity& activity) {
  std::string when =
      activity.scheduled_at ? local_time(*activity.scheduled_at, activity.time_zone) : "unscheduled     ";
  std::string line = fmt::format("{}  {:<10} {}{}", when, domain::category_name(activity.category), activity.title,
                                 activity.done ? "  done" : "");
  if (activity.mood_before && activity.mood_after) {
    line += fmt::format("  mood {} → {}", *activity.mood_before, *activity.mood_after);
  }
  return line + "  " + activity.key.id;
}

std::string describe(const domain::PlanVersion& plan) {
  return fmt::format("plan version {}  saved {}  {} coping steps, {} people{}  {}", plan.version,
                     local_time(plan.created_at, plan.time_zone), plan.coping_steps.size(), plan.people.size(),
                     plan.change_note.empty() ? "" : "  " + shorten(plan.change_note, 40), plan.key.id);
}

std::string describe(const domain::JournalEntry& entry) {
  std::string text = entry.title.empty() ? entry.body : entry.title;
  if (text.empty() && !entry.fields.empty()) text = entry.fields.front().value;
  return fmt::format("{}  {:<22} {}{}  {}", local_time(entry.at, entry.time_zone),
                     domain::journal_kind_name(entry.kind), shorten(text, 50), entry.is_private ? "" : "  (shareable)",
                     entry.key.id);
}

std::string describe(const domain::Assessment& assessment) {
  return fmt::format("{}  {}  {} answers  {}", local_time(assessment.at, assessment.time_zone), assessment.instrument,
                     assessment.answers.size(), assessment.key.id);
}

std::string describe(const domain::SafetyEvent& event) {
  if (event.source == domain::SafetySource::client_signal) {
    return fmt::format("{}  you said you were not safe; crisis resources were shown  {}",
                       local_time(event.at, event.time_zone), event.key.id);
  }
  return fmt::format("{}  an answer ({} = {}) showed crisis resources  {}", local_time(event.at, event.time_zone),
                     event.item, event.score, event.key.id);
}

struct Section {
  const char* title;
  std::vector<std::string> items;
};

std::vector<Section> sections_of(const domain::PlanVersion& plan) {
  std::vector<std::string> people;
  for (const auto& person : plan.people) {
    people.push_back(person.contact.empty() ? person.name : person.name + " (" + person.contact + ")");
  }
  return {{"Warning signs", plan.warning_signs},
          {"High-risk situations", plan.high_risk_situations},
          {"Coping steps", plan.coping_steps},
          {"People I can contact", people},
          {"Changes to my surroundings", plan.environment_changes},
          {"My reasons", plan.reasons}};
}

}  // namespace

std::string describe_record(const domain::Record& record) {
  return std::visit([](const auto& r) { return describe(r); }, record);
}

std::string describe_plan(const domain::PlanVersion& plan) {
  std::string text = fmt::format("Relapse-prevention plan, version {} (saved {})\n", plan.version,
                                 local_time(plan.created_at, plan.time_zone));
  if (plan.review_date) text += fmt::format("Review it on {}\n", format_date(*plan.review_date));
  for (const auto& section : sections_of(plan)) {
    text += fmt::format("\n{}:\n", section.title);
    if (section.items.empty()) text += "  (nothing yet)\n";
    for (const auto& item : section.items) text += "  - " + item + "\n";
  }
  if (!plan.change_note.empty()) text += "\nWhy this version: " + plan.change_note + "\n";
  return text;
}

std::string describe_plan_difference(const domain::PlanVersion& before, const domain::PlanVersion& after) {
  std::string text = fmt::format("From version {} to version {}:\n", before.version, after.version);
  const auto old_sections = sections_of(before);
  const auto new_sections = sections_of(after);
  bool any = false;
  for (std::size_t i = 0; i < old_sections.size(); ++i) {
    std::string lines;
    for (const auto& item : new_sections[i].items) {
      if (std::find(old_sections[i].items.begin(), old_sections[i].items.end(), item) == old_sections[i].items.end()) {
        lines += "  + " + item + "\n";
      }
    }
    for (const auto& item : old_sections[i].items) {
      if (std::find(new_sections[i].items.begin(), new_sections[i].items.end(), item) == new_sections[i].items.end()) {
        lines += "  - " + item + "\n";
      }
    }
    if (!lines.empty()) {
      text += fmt::format("{}:\n{}", old_sections[i].title, lines);
      any = true;
    }
  }
  if (before.review_date != after.review_date) {
    text += fmt::format("Review date: {} → {}\n", before.review_date ? format_date(*before.review_date) : "none",
                        after.review_date ? format_date(*after.review_date) : "none");
    any = true;
  }
  if (!any) text += "  no differences\n";
  return text;
}

std::string draw_weeks(const std::vector<analytics::WeekCount>& weeks) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int most = 1;
  for (const auto& week : weeks) most = std::max(most, week.urges);
  const double scale = most > 40 ? 40.0 / most : 1.0;
  std::string text = "Urges each week (█ came and went, ░ acted on, · still open):\n";
  for (const auto& week : weeks) {
    const int passed = static_cast<int>(week.passed * scale + 0.5);
    const int lapses = static_cast<int>(week.lapses * scale + 0.5);
    const int open = std::max(0, static_cast<int>(week.urges * scale + 0.5) - passed - lapses);
    std::string bar;
    for (int i = 0; i < passed; ++i) bar += "█";
    for (int i = 0; i < lapses; ++i) bar += "░";
    for (int i = 0; i < open; ++i) bar += "·";
    text += fmt::format("  {} {:>2}  {} {}\n", kMonths[static_cast<unsigned>(week.monday.month()) - 1],
                        static_cast<unsigned>(week.monday.day()), bar, week.urges);
  }
  return text;
}

std::string draw_wave(const std::vector<domain::IntensitySample>& samples) {
  if (samples.empty()) return "";
  std::string text;
  for (int level = 10; level >= 1; --level) {
    text += fmt::format("{:>2} │", level);
    for (const auto& sample : samples) text += sample.intensity >= level ? " █" : "  ";
    text += "\n";
  }
  text += "   └";
  for (std::size_t i = 0; i < samples.size(); ++i) text += "──";
  text += "\n    ";
  for (const auto& sample : samples) text += fmt::format("{:>2}", (sample.offset_seconds / 60) % 100);
  text += "  (minutes)\n";
  return text;
}

}  // namespace keel::cli
