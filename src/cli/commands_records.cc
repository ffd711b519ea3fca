// urge, lapse-review, checkin, value, goal, activity, plan, journal, list, show, delete.
#include <unistd.h>

#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "core/time.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"

namespace keel::cli {

namespace {

using domain::Record;
using domain::RecordKind;

bool given(const CLI::Option* option) { return option != nullptr && option->count() > 0; }

// Prints a saved record: its line for people, its export-format object for scripts.
Status report_saved(Context& context, const Record& record, const std::string& sentence) {
  nlohmann::json json = exchange::record_to_json(record);
  print_result(context, sentence + "\n" + describe_record(record), json);
  return Status::ok();
}

Result<Instant> time_option(Context& context, const std::string& text, const app::ClientSession& session) {
  return parse_user_time(text, session.person().time_zone, context.clock().now());
}

// ---- urge ----

struct UrgeArguments {
  int intensity = 0;
  std::string at = "now";
  std::vector<std::string> contexts, emotions, warning_signs;
  std::string outcome = "ongoing";
  std::string strategy;
  int duration = 0;
  std::string note;
  std::string edit;
  CLI::Option *intensity_option = nullptr, *at_option = nullptr, *context_option = nullptr, *emotion_option = nullptr,
              *warning_option = nullptr, *outcome_option = nullptr, *strategy_option = nullptr,
              *duration_option = nullptr, *note_option = nullptr;
};

Status run_urge(Context& context, const UrgeArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::Urge urge;
  const bool editing = !arguments.edit.empty();
  if (editing) {
    KEEL_ASSIGN_OR_RETURN(auto existing, session->get(RecordKind::urge, arguments.edit));
    urge = std::get<domain::Urge>(existing);
  } else {
    if (!given(arguments.intensity_option)) return Status::invalid("say how strong the urge is: --intensity 0..10");
    urge.time_zone = session->person().time_zone;
  }
  if (given(arguments.intensity_option)) urge.intensity = arguments.intensity;
  if (!editing || given(arguments.at_option)) {
    KEEL_ASSIGN_OR_RETURN(urge.at, time_option(context, arguments.at, *session));
  }
  if (given(arguments.context_option)) urge.contexts = arguments.contexts;
  if (given(arguments.emotion_option)) urge.emotions = arguments.emotions;
  if (given(arguments.warning_option)) urge.warning_signs = arguments.warning_signs;
  if (!editing || given(arguments.outcome_option)) {
    auto outcome = domain::parse_outcome(arguments.outcome);
    if (!outcome) return Status::invalid("the outcome must be one of surfed, delayed, coping, acted, ongoing");
    urge.outcome = *outcome;
  }
  if (given(arguments.strategy_option)) urge.strategy = arguments.strategy;
  if (given(arguments.duration_option)) urge.duration_minutes = arguments.duration;
  if (given(arguments.note_option)) urge.note = arguments.note;

  KEEL_ASSIGN_OR_RETURN(auto saved, editing ? session->update(urge) : session->add(urge));
  const auto& stored = std::get<domain::Urge>(saved);
  if (context.options().json) return report_saved(context, saved, "");
  std::cout << stored.key.id << '\n';
  switch (stored.outcome) {
    case domain::UrgeOutcome::acted:
      std::cerr << "Logged. A lapse is something to learn from, not a verdict on you, and nothing you have built is "
                   "lost.\nWhen you are ready, a short review helps: keel lapse-review "
                << stored.key.id << '\n';
      break;
    case domain::UrgeOutcome::ongoing:
      std::cerr << "Logged. Noticing the urge is the first step. `keel pause` can help you ride it out.\n";
      break;
    default: std::cerr << "Logged. Another urge that came and went without deciding for you.\n"; break;
  }
  return Status::ok();
}

// ---- lapse review ----

struct ReviewArguments {
  std::string urge_id, vulnerability, trigger, what_helped, what_to_change, self_compassion;
  std::vector<std::string> links;
};

Status run_lapse_review(Context& context, const ReviewArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::LapseReview review;
  review.urge_id = arguments.urge_id;
  review.at = context.clock().now();
  review.time_zone = session->person().time_zone;
  review.vulnerability = arguments.vulnerability;
  review.trigger = arguments.trigger;
  review.links = arguments.links;
  review.what_helped = arguments.what_helped;
  review.what_to_change = arguments.what_to_change;
  review.self_compassion = arguments.self_compassion;
  KEEL_ASSIGN_OR_RETURN(auto saved, session->add(review));
  std::string sentence = "Review saved. Seeing the chain clearly is how the next one gets easier.";
  if (arguments.self_compassion.empty()) {
    sentence +=
        "\nOne more thing: what would you say to a good friend who had just been through this? Say it to "
        "yourself too.";
  }
  return report_saved(context, saved, sentence);
}

// ---- check-in ----

struct CheckinArguments {
  int mood = 0, stress = 0, lonely = 0, bored = 0, tired = 0, hungry = 0, urges = 0;
  double sleep = 0;
  std::string acted, note, date;
};

Status run_checkin(Context& context, const CheckinArguments& arguments) {
  bool acted = false;
  if (arguments.acted == "yes")
    acted = true;
  else if (arguments.acted != "no")
    return Status::invalid("--acted must be yes or no");
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::CheckIn checkin;
  checkin.time_zone = session->person().time_zone;
  checkin.at = context.clock().now();
  if (arguments.date.empty()) {
    checkin.date = local_date_of(checkin.at, checkin.time_zone);
  } else {
    KEEL_ASSIGN_OR_RETURN(checkin.date, parse_date(arguments.date));
  }
  checkin.mood = arguments.mood;
  checkin.stress = arguments.stress;
  checkin.loneliness = arguments.lonely;
  checkin.boredom = arguments.bored;
  checkin.tiredness = arguments.tired;
  checkin.hunger = arguments.hungry;
  checkin.sleep_hours = arguments.sleep;
  checkin.urges_today = arguments.urges;
  checkin.acted_today = acted;
  checkin.note = arguments.note;
  KEEL_ASSIGN_OR_RETURN(auto existing, session->list(RecordKind::checkin, {}));
  bool replaced = false;
  for (const auto& record : existing) replaced = replaced || std::get<domain::CheckIn>(record).date == checkin.date;
  KEEL_ASSIGN_OR_RETURN(auto saved, session->add(checkin));
  return report_saved(context, saved,
                      replaced ? fmt::format("Updated your check-in for {}.", format_date(checkin.date))
                               : fmt::format("Checked in for {}. Thank you for taking a moment for yourself.",
                                             format_date(checkin.date)));
}

// ---- values, goals, activities ----

struct ValueArguments {
  std::string id, name, description;
  int rank = 0;
  CLI::Option *name_option = nullptr, *description_option = nullptr, *rank_option = nullptr;
};

Status run_value(Context& context, const ValueArguments& arguments, bool editing) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::Value value;
  if (editing) {
    KEEL_ASSIGN_OR_RETURN(auto existing, session->get(RecordKind::value, arguments.id));
    value = std::get<domain::Value>(existing);
  } else {
    value.created_at = context.clock().now();
    KEEL_ASSIGN_OR_RETURN(auto values, session->list(RecordKind::value));
    value.rank = static_cast<int>(values.size());
  }
  if (!editing || given(arguments.name_option)) value.name = arguments.name;
  if (given(arguments.description_option)) value.description = arguments.description;
  if (given(arguments.rank_option)) value.rank = arguments.rank;
  KEEL_ASSIGN_OR_RETURN(auto saved, editing ? session->update(value) : session->add(value));
  return report_saved(context, saved, editing ? "Value updated." : "Value added.");
}

struct GoalArguments {
  std::string id, title, value_id;
  std::array<std::string, 5> levels;
  std::array<CLI::Option*, 5> level_options{};
  double weight = 1;
  bool archive = false;
  CLI::Option *title_option = nullptr, *weight_option = nullptr, *value_option = nullptr;
};

Status run_goal(Context& context, const GoalArguments& arguments, bool editing) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::Goal goal;
  if (editing) {
    KEEL_ASSIGN_OR_RETURN(auto existing, session->get(RecordKind::goal, arguments.id));
    goal = std::get<domain::Goal>(existing);
  } else {
    goal.created_at = context.clock().now();
  }
  if (!editing || given(arguments.title_option)) goal.title = arguments.title;
  if (!editing || given(arguments.weight_option)) goal.weight = arguments.weight;
  if (given(arguments.value_option)) goal.value_id = arguments.value_id;
  for (std::size_t i = 0; i < 5; ++i) {
    if (given(arguments.level_options[i])) goal.levels[i] = arguments.levels[i];
  }
  if (arguments.archive) goal.archived = true;
  if (!goal.value_id.empty()) {
    KEEL_ASSIGN_OR_RETURN(auto value, session->get(RecordKind::value, goal.value_id));
    (void)value;
  }
  KEEL_ASSIGN_OR_RETURN(auto saved, editing ? session->update(goal) : session->add(goal));
  return report_saved(context, saved, editing ? "Goal updated." : "Goal added.");
}

struct ActivityArguments {
  std::string id, title, category = "pleasant", at, note, done_at;
  std::vector<std::string> value_ids;
  int mood_before = 0, mood_after = 0;
  CLI::Option *title_option = nullptr, *category_option = nullptr, *at_option = nullptr, *note_option = nullptr,
              *values_option = nullptr, *before_option = nullptr, *after_option = nullptr;
};

enum class ActivityMode { add, edit, done };

Status run_activity(Context& context, const ActivityArguments& arguments, ActivityMode mode) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::Activity activity;
  if (mode == ActivityMode::add) {
    activity.created_at = context.clock().now();
    activity.time_zone = session->person().time_zone;
  } else {
    KEEL_ASSIGN_OR_RETURN(auto existing, session->get(RecordKind::activity, arguments.id));
    activity = std::get<domain::Activity>(existing);
  }
  if (mode == ActivityMode::add || given(arguments.title_option)) activity.title = arguments.title;
  if (mode == ActivityMode::add || given(arguments.category_option)) {
    auto category = domain::parse_category(arguments.category);
    if (!category) return Status::invalid("the category must be pleasant, mastery or connection");
    activity.category = *category;
  }
  if (given(arguments.at_option)) {
    KEEL_ASSIGN_OR_RETURN(auto at, time_option(context, arguments.at, *session));
    activity.scheduled_at = at;
  }
  if (given(arguments.values_option)) {
    for (const auto& id : arguments.value_ids) {
      KEEL_ASSIGN_OR_RETURN(auto value, session->get(RecordKind::value, id));
      (void)value;
    }
    activity.value_ids = arguments.value_ids;
  }
  if (given(arguments.note_option)) activity.note = arguments.note;
  if (given(arguments.before_option)) activity.mood_before = arguments.mood_before;
  if (given(arguments.after_option)) activity.mood_after = arguments.mood_after;
  if (mode == ActivityMode::done) {
    activity.done = true;
    activity.done_at = context.clock().now();
  }
  KEEL_ASSIGN_OR_RETURN(auto saved, mode == ActivityMode::add ? session->add(activity) : session->update(activity));
  std::string sentence = mode == ActivityMode::add ? "Activity planned." : "Activity updated.";
  if (mode == ActivityMode::done) {
    sentence = "Marked done. Well done for following through.";
    if (activity.mood_before && activity.mood_after && *activity.mood_after > *activity.mood_before) {
      sentence += fmt::format(" Your mood rose from {} to {}.", *activity.mood_before, *activity.mood_after);
    }
  }
  return report_saved(context, saved, sentence);
}

// ---- plan ----

struct PlanArguments {
  std::array<std::vector<std::string>, 6> add, remove;  // by section
  std::string review_date, note;
  int version = 0;
  int from = 0, to = 0;
};

constexpr const char* kPlanSectionOptions[] = {"warning-sign", "situation",          "coping-step",
                                               "person",       "environment-change", "reason"};
constexpr const char* kPlanSectionHelp[] = {"a warning sign",
                                            "a high-risk situation",
                                            "a coping step",
                                            "someone to contact, as \"Name: phone or handle\"",
                                            "a change to your surroundings",
                                            "one of your reasons"};

domain::PlanPerson parse_person(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return {text, ""};
  auto trim = [](std::string s) {
    const auto first = s.find_first_not_of(' ');
    const auto last = s.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
  };
  return {trim(text.substr(0, colon)), trim(text.substr(colon + 1))};
}

void apply_list_changes(std::vector<std::string>& items, const std::vector<std::string>& add,
                        const std::vector<std::string>& remove) {
  for (const auto& item : remove) std::erase(items, item);
  for (const auto& item : add) {
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  }
}

Status run_plan_update(Context& context, const PlanArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_ASSIGN_OR_RETURN(auto latest, session->latest_plan());
  domain::PlanVersion plan = latest.value_or(domain::PlanVersion{});
  plan.key.id.clear();
  plan.created_at = context.clock().now();
  plan.time_zone = session->person().time_zone;
  plan.change_note = arguments.note;
  std::vector<std::string>* lists[] = {&plan.warning_signs,       &plan.high_risk_situations,
                                       &plan.coping_steps,        nullptr,
                                       &plan.environment_changes, &plan.reasons};
  for (std::size_t i = 0; i < 6; ++i) {
    if (lists[i] != nullptr) {
      apply_list_changes(*lists[i], arguments.add[i], arguments.remove[i]);
      continue;
    }
    for (const auto& text : arguments.remove[i]) {
      const auto name = parse_person(text).name;
      std::erase_if(plan.people, [&](const domain::PlanPerson& p) { return p.name == name; });
    }
    for (const auto& text : arguments.add[i]) {
      auto person = parse_person(text);
      std::erase_if(plan.people, [&](const domain::PlanPerson& p) { return p.name == person.name; });
      plan.people.push_back(person);
    }
  }
  if (!arguments.review_date.empty()) {
    KEEL_ASSIGN_OR_RETURN(auto date, parse_date(arguments.review_date));
    plan.review_date = date;
  }
  KEEL_ASSIGN_OR_RETURN(auto saved, session->add(plan));
  const auto& stored = std::get<domain::PlanVersion>(saved);
  std::string text = fmt::format("Saved version {} of your plan; earlier versions are kept.", stored.version);
  if (latest) text += "\n" + describe_plan_difference(*latest, stored);
  print_result(context, text, exchange::record_to_json(saved));
  return Status::ok();
}

Result<domain::PlanVersion> plan_version(app::ClientSession& session, int version) {
  KEEL_ASSIGN_OR_RETURN(auto plans, session.list(RecordKind::plan));
  for (const auto& record : plans) {
    const auto& plan = std::get<domain::PlanVersion>(record);
    if (plan.version == version) return plan;
  }
  return Status::not_found(fmt::format("there is no version {} of your plan", version));
}

Status run_plan_show(Context& context, int version) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::PlanVersion plan;
  if (version > 0) {
    KEEL_ASSIGN_OR_RETURN(plan, plan_version(*session, version));
  } else {
    KEEL_ASSIGN_OR_RETURN(auto latest, session->latest_plan());
    if (!latest) {
      print_result(context,
                   "You have no relapse-prevention plan yet. Start one with, for example:\n"
                   "  keel plan update --add-coping-step \"go for a walk\" --add-person \"Sam: +44 7700 900123\"",
                   nlohmann::json::object());
      return Status::ok();
    }
    plan = *latest;
  }
  print_result(context, describe_plan(plan), exchange::record_to_json(plan));
  return Status::ok();
}

Status run_plan_diff(Context& context, int from, int to) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_ASSIGN_OR_RETURN(auto before, plan_version(*session, from));
  KEEL_ASSIGN_OR_RETURN(auto after, plan_version(*session, to));
  print_result(context, describe_plan_difference(before, after),
               {{"from", exchange::record_to_json(before)}, {"to", exchange::record_to_json(after)}});
  return Status::ok();
}

// ---- journal ----

struct JournalArguments {
  std::string kind = "free", title, text;
  std::vector<std::string> fields;
  bool shareable = false;
};

Status run_journal_add(Context& context, const JournalArguments& arguments) {
  auto kind = domain::parse_journal_kind(arguments.kind);
  if (!kind) {
    return Status::invalid(
        "the kind must be free, thought_record, behavioural_experiment, self_compassion, "
        "compassionate_letter or reframe");
  }
  domain::JournalEntry entry;
  entry.kind = *kind;
  entry.title = arguments.title;
  entry.body = arguments.text;
  entry.is_private = !arguments.shareable;
  for (const auto& field : arguments.fields) {
    const auto equals = field.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Status::invalid(fmt::format("\"{}\" should be name=text, for example situation=\"at home alone\"", field));
    }
    entry.fields.push_back({field.substr(0, equals), field.substr(equals + 1)});
  }
  if (entry.body.empty() && entry.fields.empty() && !isatty(STDIN_FILENO)) {
    entry.body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    while (!entry.body.empty() && (entry.body.back() == '\n' || entry.body.back() == '\r')) entry.body.pop_back();
  }
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  entry.at = context.clock().now();
  entry.time_zone = session->person().time_zone;
  KEEL_ASSIGN_OR_RETURN(auto saved, session->add(entry));
  return report_saved(context, saved,
                      entry.is_private ? "Saved. This entry is private: it is never shared with anyone."
                                       : "Saved. You marked this entry as one you may choose to share later.");
}

// ---- list, show, delete ----

std::optional<RecordKind> kind_from_word(const std::string& word) {
  static const std::pair<const char*, RecordKind> kWords[] = {{"urges", RecordKind::urge},
                                                              {"urge", RecordKind::urge},
                                                              {"checkins", RecordKind::checkin},
                                                              {"checkin", RecordKind::checkin},
                                                              {"pauses", RecordKind::pause},
                                                              {"pause", RecordKind::pause},
                                                              {"activities", RecordKind::activity},
                                                              {"activity", RecordKind::activity},
                                                              {"journal", RecordKind::journal},
                                                              {"plan", RecordKind::plan},
                                                              {"values", RecordKind::value},
                                                              {"value", RecordKind::value},
                                                              {"goals", RecordKind::goal},
                                                              {"goal", RecordKind::goal},
                                                              {"lapse-reviews", RecordKind::lapse_review},
                                                              {"lapse-review", RecordKind::lapse_review},
                                                              {"assessments", RecordKind::assessment},
                                                              {"assessment", RecordKind::assessment},
                                                              {"safety-events", RecordKind::safety_event},
                                                              {"safety-event", RecordKind::safety_event}};
  for (const auto& [name, kind] : kWords) {
    if (word == name) return kind;
  }
  return std::nullopt;
}

constexpr const char* kKindWords =
    "urges, checkins, pauses, activities, journal, plan, values, goals, lapse-reviews, assessments or safety-events";

Result<Instant> bound_option(Context& context, const std::string& text, const std::string& zone) {
  if (auto date = parse_date(text); date.is_ok()) return start_of_local_day(*date, zone);
  return parse_user_time(text, zone, context.clock().now());
}

struct ListArguments {
  std::string kind, since, until;
  std::size_t limit = 0;
};

Status run_list(Context& context, const ListArguments& arguments) {
  auto kind = kind_from_word(arguments.kind);
  if (!kind)
    return Status::invalid(fmt::format("\"{}\" is not something keel lists; use {}", arguments.kind, kKindWords));
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  store::ListQuery query;
  const auto& zone = session->person().time_zone;
  if (!arguments.since.empty()) {
    KEEL_ASSIGN_OR_RETURN(auto since, bound_option(context, arguments.since, zone));
    query.since = since;
  }
  if (!arguments.until.empty()) {
    KEEL_ASSIGN_OR_RETURN(auto until, bound_option(context, arguments.until, zone));
    query.until = until;
  }
  query.limit = arguments.limit;
  KEEL_ASSIGN_OR_RETURN(auto records, session->list(*kind, query));
  if (context.options().json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& record : records) array.push_back(exchange::record_to_json(record));
    std::cout << array.dump() << '\n';
    return Status::ok();
  }
  if (records.empty()) {
    std::cout << "Nothing here yet.\n";
    return Status::ok();
  }
  for (const auto& record : records) std::cout << describe_record(record) << '\n';
  return Status::ok();
}

Status run_show(Context& context, const std::string& kind_word, const std::string& id) {
  auto kind = kind_from_word(kind_word);
  if (!kind) return Status::invalid(fmt::format("\"{}\" is not a kind of record; use {}", kind_word, kKindWords));
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_ASSIGN_OR_RETURN(auto record, session->get(*kind, id));
  const auto json = exchange::record_to_json(record);
  print_result(context, json.dump(2), json);
  return Status::ok();
}

Status run_delete(Context& context, const std::string& kind_word, const std::string& id) {
  auto kind = kind_from_word(kind_word);
  if (!kind) return Status::invalid(fmt::format("\"{}\" is not a kind of record; use {}", kind_word, kKindWords));
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_RETURN_IF_ERROR(session->remove(*kind, id));
  print_result(context, fmt::format("Deleted {} {}. It is gone from this home for good.", domain::kind_name(*kind), id),
               {{"deleted", id}, {"type", domain::kind_name(*kind)}});
  return Status::ok();
}

template <typename Arguments>
std::shared_ptr<Arguments> make_arguments() {
  return std::make_shared<Arguments>();
}

void add_urge_options(CLI::App* command, UrgeArguments& a) {
  a.intensity_option = command->add_option("--intensity", a.intensity, "how strong, 0 (none) to 10 (strongest)");
  a.at_option = command->add_option("--at", a.at, "when it began: now, 21:30, \"2026-03-29 21:30\" (default now)");
  a.context_option =
      command->add_option("--context", a.contexts, "where and how: alone, phone in bed, ...")->delimiter(',');
  a.emotion_option =
      command->add_option("--emotion", a.emotions, "feelings: lonely, stressed, bored, ...")->delimiter(',');
  a.warning_option =
      command->add_option("--warning-sign", a.warning_signs, "rumination, impulsive scrolling, ...")->delimiter(',');
  a.outcome_option = command->add_option("--outcome", a.outcome, "surfed, delayed, coping, acted or ongoing (default)");
  a.strategy_option = command->add_option("--strategy", a.strategy, "what you did to ride it out");
  a.duration_option = command->add_option("--duration", a.duration, "how many minutes it lasted");
  a.note_option = command->add_option("--note", a.note, "anything else, in your words (kept encrypted)");
}

}  // namespace

void add_record_commands(CLI::App& app, Action& chosen) {
  {
    auto* command = app.add_subcommand("urge", "Log an urge (prints its id)");
    auto arguments = make_arguments<UrgeArguments>();
    add_urge_options(command, *arguments);
    command->add_option("--edit", arguments->edit, "change the urge with this id instead of logging a new one");
    command->callback([&chosen, arguments] { chosen = [arguments](Context& c) { return run_urge(c, *arguments); }; });
  }
  {
    auto* command = app.add_subcommand("lapse-review", "Look back at an urge you acted on: what led there, what helps");
    auto a = make_arguments<ReviewArguments>();
    command->add_option("URGE_ID", a->urge_id, "the urge, whose outcome is acted")->required();
    command->add_option("--vulnerability", a->vulnerability, "what made you more vulnerable (tired, lonely, ...)");
    command->add_option("--trigger", a->trigger, "what set the urge off");
    command->add_option("--link", a->links, "a link in the chain, in order; repeat for each");
    command->add_option("--what-helped", a->what_helped, "anything that helped, even a little");
    command->add_option("--what-to-change", a->what_to_change, "what you will try next time");
    command->add_option("--self-compassion", a->self_compassion, "a kind word to yourself");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_lapse_review(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("checkin", "Your daily check-in (a second one the same day replaces it)");
    auto a = make_arguments<CheckinArguments>();
    command->add_option("--mood", a->mood, "0 (very low) to 10 (very good)")->required();
    command->add_option("--stress", a->stress, "0 to 10")->required();
    command->add_option("--lonely", a->lonely, "0 to 10")->required();
    command->add_option("--bored", a->bored, "0 to 10")->required();
    command->add_option("--tired", a->tired, "0 to 10")->required();
    command->add_option("--hungry", a->hungry, "0 to 10")->required();
    command->add_option("--sleep", a->sleep, "hours slept")->required();
    command->add_option("--urges", a->urges, "how many urges today")->required();
    command->add_option("--acted", a->acted, "yes or no")->required();
    command->add_option("--note", a->note, "one line of reflection");
    command->add_option("--date", a->date, "the day, YYYY-MM-DD (default today)");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_checkin(c, *a); }; });
  }
  {
    auto* value = app.add_subcommand("value", "Your values: what matters to you");
    value->require_subcommand(1);
    for (const bool editing : {false, true}) {
      auto a = make_arguments<ValueArguments>();
      auto* command = value->add_subcommand(editing ? "edit" : "add", editing ? "Change a value" : "Add a value");
      if (editing) {
        command->add_option("ID", a->id, "the value's id")->required();
        a->name_option = command->add_option("--name", a->name, "the value in a few words");
      } else {
        a->name_option = command->add_option("NAME", a->name, "the value in a few words")->required();
      }
      a->description_option = command->add_option("--description", a->description, "what it means to you");
      a->rank_option = command->add_option("--rank", a->rank, "its place in your order, 0 first");
      command->callback(
          [&chosen, a, editing] { chosen = [a, editing](Context& c) { return run_value(c, *a, editing); }; });
    }
  }
  {
    auto* goal = app.add_subcommand("goal", "Personal goals, each on a five-level Goal Attainment Scale");
    goal->require_subcommand(1);
    for (const bool editing : {false, true}) {
      auto a = make_arguments<GoalArguments>();
      auto* command = goal->add_subcommand(editing ? "edit" : "add", editing ? "Change a goal" : "Add a goal");
      if (editing) {
        command->add_option("ID", a->id, "the goal's id")->required();
        a->title_option = command->add_option("--title", a->title, "the goal");
        command->add_flag("--archive", a->archive, "set the goal aside (it is kept)");
      } else {
        a->title_option = command->add_option("TITLE", a->title, "the goal")->required();
      }
      a->weight_option = command->add_option("--weight", a->weight, "how much it counts (default 1)");
      a->value_option = command->add_option("--value", a->value_id, "the id of the value it serves");
      static constexpr const char* kNames[] = {"--minus-2", "--minus-1", "--expected", "--plus-1", "--plus-2"};
      static constexpr const char* kHelp[] = {"what much less than expected looks like", "somewhat less than expected",
                                              "the expected outcome", "somewhat more than expected",
                                              "much more than expected"};
      for (std::size_t i = 0; i < 5; ++i) a->level_options[i] = command->add_option(kNames[i], a->levels[i], kHelp[i]);
      command->callback(
          [&chosen, a, editing] { chosen = [a, editing](Context& c) { return run_goal(c, *a, editing); }; });
    }
  }
  {
    auto* activity = app.add_subcommand("activity", "Activities that bring pleasure, mastery or connection");
    activity->require_subcommand(1);
    const std::pair<const char*, ActivityMode> modes[] = {
        {"add", ActivityMode::add}, {"edit", ActivityMode::edit}, {"done", ActivityMode::done}};
    for (const auto& [name, mode] : modes) {
      auto a = make_arguments<ActivityArguments>();
      auto* command = activity->add_subcommand(
          name, mode == ActivityMode::add ? "Plan an activity"
                                          : (mode == ActivityMode::edit ? "Change an activity" : "Mark one done"));
      if (mode == ActivityMode::add) {
        a->title_option = command->add_option("TITLE", a->title, "what you will do")->required();
      } else {
        command->add_option("ID", a->id, "the activity's id")->required();
        a->title_option = command->add_option("--title", a->title, "what you will do");
      }
      a->category_option = command->add_option("--category", a->category, "pleasant, mastery or connection");
      a->at_option = command->add_option("--at", a->at, "when: 18:00 or \"2026-03-30 18:00\"");
      a->values_option = command->add_option("--value", a->value_ids, "ids of values it serves")->delimiter(',');
      a->note_option = command->add_option("--note", a->note, "a note");
      a->before_option = command->add_option("--mood-before", a->mood_before, "mood before, 0 to 10");
      a->after_option = command->add_option("--mood-after", a->mood_after, "mood after, 0 to 10");
      command->callback(
          [&chosen, a, mode = mode] { chosen = [a, mode](Context& c) { return run_activity(c, *a, mode); }; });
    }
  }
  {
    auto* plan = app.add_subcommand("plan", "Your relapse-prevention plan; every change is kept as a version");
    plan->require_subcommand(1);
    auto a = make_arguments<PlanArguments>();
    auto* show = plan->add_subcommand("show", "Show the plan (the newest version unless --version)");
    show->add_option("--version", a->version, "an earlier version to show");
    show->callback([&chosen, a] { chosen = [a](Context& c) { return run_plan_show(c, a->version); }; });
    auto* update = plan->add_subcommand("update", "Save a new version: the newest one with your changes");
    for (std::size_t i = 0; i < 6; ++i) {
      update->add_option(fmt::format("--add-{}", kPlanSectionOptions[i]), a->add[i],
                         fmt::format("add {} (repeat for more)", kPlanSectionHelp[i]));
      update->add_option(fmt::format("--remove-{}", kPlanSectionOptions[i]), a->remove[i],
                         fmt::format("remove {}", kPlanSectionHelp[i]));
    }
    update->add_option("--review-date", a->review_date, "when to look at the plan again, YYYY-MM-DD");
    update->add_option("--note", a->note, "why you changed it (a move, a new job, a lapse review, ...)");
    update->callback([&chosen, a] { chosen = [a](Context& c) { return run_plan_update(c, *a); }; });
    auto* diff = plan->add_subcommand("diff", "What changed between two versions");
    diff->add_option("FROM", a->from, "the earlier version")->required();
    diff->add_option("TO", a->to, "the later version")->required();
    diff->callback([&chosen, a] { chosen = [a](Context& c) { return run_plan_diff(c, a->from, a->to); }; });
  }
  {
    auto* journal = app.add_subcommand("journal", "Journal, thought records, experiments and self-compassion");
    journal->require_subcommand(1);
    auto a = make_arguments<JournalArguments>();
    auto* add = journal->add_subcommand("add", "Write an entry (the text can come on standard input)");
    add->add_option("--kind", a->kind,
                    "free (default), thought_record, behavioural_experiment, self_compassion, compassionate_letter, "
                    "reframe");
    add->add_option("--title", a->title, "a title");
    add->add_option("--text", a->text, "the entry");
    add->add_option("--field", a->fields, "a named part, e.g. automatic_thought=\"I always mess up\"");
    add->add_flag("--shareable", a->shareable, "allow sharing it later (entries are private by default)");
    add->callback([&chosen, a] { chosen = [a](Context& c) { return run_journal_add(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("list", "List your records");
    auto a = make_arguments<ListArguments>();
    command->add_option("KIND", a->kind, kKindWords)->required();
    command->add_option("--since", a->since, "from this day (YYYY-MM-DD) or time");
    command->add_option("--until", a->until, "before this day or time");
    command->add_option("--limit", a->limit, "at most this many");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_list(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("show", "Show one record in full");
    auto kind = std::make_shared<std::string>();
    auto id = std::make_shared<std::string>();
    command->add_option("KIND", *kind, kKindWords)->required();
    command->add_option("ID", *id, "the record's id")->required();
    command->callback([&chosen, kind, id] { chosen = [kind, id](Context& c) { return run_show(c, *kind, *id); }; });
  }
  {
    auto* command = app.add_subcommand("delete", "Delete one record for good");
    auto kind = std::make_shared<std::string>();
    auto id = std::make_shared<std::string>();
    command->add_option("KIND", *kind, kKindWords)->required();
    command->add_option("ID", *id, "the record's id")->required();
    command->callback([&chosen, kind, id] { chosen = [kind, id](Context& c) { return run_delete(c, *kind, *id); }; });
  }
}

}  // namespace keel::cli
