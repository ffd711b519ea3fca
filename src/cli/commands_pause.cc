// keel pause: get through the next few minutes. Interactive in a terminal (urge surfing with a
// question each minute and the wave drawn at the end, paced breathing, grounding, delay, my
// reasons, my people), or `--record` to save one that happened elsewhere.
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "exchange/jsonl.h"

namespace keel::cli {

namespace {

using domain::PauseTechnique;

struct PauseArguments {
  bool record = false;
  std::string technique = "surf";
  int start = -1, end = -1, minutes = 10;
  std::string at = "now";
  std::vector<int> samples;
};

// The terminal side of a Pause: questions on stdin/stdout; real waiting only at a terminal.
class Conversation {
 public:
  Conversation() : interactive_(isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) {}

  bool interactive() const { return interactive_; }

  // Asks for a number in [low, high]; nullopt when the input ends (the person left).
  std::optional<int> ask_number(const std::string& question, int low, int high, std::optional<int> fallback = {}) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::cout << question << std::flush;
      std::string line;
      if (!std::getline(std::cin, line)) return std::nullopt;
      if (line.empty() && fallback) return fallback;
      try {
        std::size_t used = 0;
        const int value = std::stoi(line, &used);
        if (used == line.size() && value >= low && value <= high) return value;
      } catch (const std::exception&) {
      }
      std::cout << fmt::format("Please type a number from {} to {}.\n", low, high);
    }
    return std::nullopt;
  }

  std::optional<std::string> ask_line(const std::string& question) {
    std::cout << question << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
  }

  // Waits `seconds` while drawing a breathing pacer (in 4 s, out 6 s: six breaths a minute, or
  // box breathing 4-4-4-4). Pressing Enter ends the wait early. Does not wait off a terminal.
  void breathe_for(int seconds, bool box) {
    if (!interactive_) return;
    const auto start = std::chrono::steady_clock::now();
    const int cycle = box ? 16 : 10;
    while (true) {
      const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed >= seconds) break;
      const double phase = std::fmod(elapsed, cycle);
      std::string label;
      double fill = 0;
      if (box) {
        const int step = static_cast<int>(phase / 4);
        static constexpr const char* kSteps[] = {"breathe in ", "hold       ", "breathe out", "hold       "};
        label = kSteps[step];
        const double within = (phase - step * 4) / 4;
        fill = step == 0 ? within : step == 1 ? 1 : step == 2 ? 1 - within : 0;
      } else if (phase < 4) {
        label = "breathe in ";
        fill = phase / 4;
      } else {
        label = "breathe out";
        fill = 1 - (phase - 4) / 6;
      }
      const int width = static_cast<int>(fill * 30 + 0.5);
      std::cout << fmt::format("\r  {}  [{:<30}]  {:>3}s ", label, std::string(static_cast<std::size_t>(width), '='),
                               seconds - static_cast<int>(elapsed))
                << std::flush;
      pollfd input{STDIN_FILENO, POLLIN, 0};
      if (poll(&input, 1, 100) > 0) {
        std::string ignored;
        std::getline(std::cin, ignored);
        std::cout << "\x1b[1A";  // back over the line the Enter key moved to
        break;
      }
    }
    std::cout << "\r\x1b[2K" << std::flush;  // clear the pacer's line
  }

 private:
  bool interactive_;
};

Status save_pause(Context& context, app::ClientSession& session, domain::PauseSession pause) {
  KEEL_ASSIGN_OR_RETURN(auto saved, session.add(pause));
  const auto& stored = std::get<domain::PauseSession>(saved);
  std::string text;
  if (stored.samples.size() >= 2) text += "\nYour wave:\n" + draw_wave(stored.samples) + "\n";
  if (stored.end_intensity && *stored.end_intensity < stored.start_intensity) {
    text += fmt::format("The urge went from {} to {}. Urges rise, peak and pass: this is your own evidence.",
                        stored.start_intensity, *stored.end_intensity);
  } else if (stored.end_intensity) {
    text += fmt::format(
        "The urge is at {} now. You stayed with it for a while, and that counts. Another Pause, a "
        "walk, or a message to someone from your plan can help.",
        *stored.end_intensity);
  } else {
    text += "Pause saved. Come back to it any time.";
  }
  print_result(context, text + "\n" + stored.key.id, exchange::record_to_json(saved));
  return Status::ok();
}

Status run_recorded_pause(Context& context, const PauseArguments& arguments) {
  auto technique = domain::parse_technique(arguments.technique);
  if (!technique) return Status::invalid("the technique must be surf, breathe, ground or delay");
  if (arguments.start < 0) return Status::invalid("say how strong the urge was at the start: --start 0..10");
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  domain::PauseSession pause;
  pause.time_zone = session->person().time_zone;
  KEEL_ASSIGN_OR_RETURN(pause.at, parse_user_time(arguments.at, pause.time_zone, context.clock().now()));
  pause.technique = *technique;
  pause.planned_minutes = arguments.minutes;
  pause.elapsed_seconds = arguments.minutes * 60;
  pause.start_intensity = arguments.start;
  if (arguments.end >= 0) pause.end_intensity = arguments.end;
  for (std::size_t i = 0; i < arguments.samples.size(); ++i) {
    pause.samples.push_back({static_cast<int>(i) * 60, arguments.samples[i]});
  }
  return save_pause(context, *session, std::move(pause));
}

void show_reasons_and_people(app::ClientSession& session) {
  auto values = session.list(domain::RecordKind::value);
  auto plan = session.latest_plan();
  std::cout << "\nMy reasons:\n";
  bool any = false;
  if (values.is_ok()) {
    for (const auto& record : *values) {
      std::cout << "  - " << std::get<domain::Value>(record).name << '\n';
      any = true;
    }
  }
  if (plan.is_ok() && *plan) {
    for (const auto& reason : (*plan)->reasons) {
      std::cout << "  - " << reason << '\n';
      any = true;
    }
  }
  if (!any) std::cout << "  (none yet: `keel value add` and `keel plan update --add-reason` add them)\n";
  std::cout << "My people:\n";
  if (plan.is_ok() && *plan && !(*plan)->people.empty()) {
    for (const auto& person : (*plan)->people) std::cout << "  - " << person.name << "  " << person.contact << '\n';
    for (const auto& step : (*plan)->coping_steps) std::cout << "  * " << step << '\n';
  } else {
    std::cout << "  (none yet: `keel plan update --add-person \"Name: number\"`)\n";
  }
  std::cout << '\n';
}

Status run_interactive_pause(Context& context, const PauseArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  Conversation talk;
  domain::PauseSession pause;
  pause.time_zone = session->person().time_zone;
  pause.at = context.clock().now();
  std::cout << "Pause. You don't have to act on this urge. Let's give it a few minutes.\n";
  auto start = talk.ask_number("How strong is the urge right now, 0 to 10? ", 0, 10);
  if (!start) return Status::invalid("the Pause ended before the urge was rated; nothing was saved");
  pause.start_intensity = *start;

  std::optional<int> choice;
  while (true) {
    choice = talk.ask_number(
        "\nWhat would help now?\n  1 surf the urge (watch it rise and fall)\n  2 paced breathing\n  3 grounding "
        "(5-4-3-2-1)\n  4 delay it\n  5 my reasons and my people\nChoose 1-5 [1]: ",
        1, 5, 1);
    if (!choice) return Status::invalid("the Pause ended before a choice was made; nothing was saved");
    if (*choice != 5) break;
    show_reasons_and_people(*session);
  }
  static constexpr PauseTechnique kTechniques[] = {PauseTechnique::surf, PauseTechnique::breathe,
                                                   PauseTechnique::ground, PauseTechnique::delay};
  pause.technique = kTechniques[*choice - 1];
  int minutes = arguments.minutes;
  if (pause.technique != PauseTechnique::ground) {
    auto asked = talk.ask_number(fmt::format("How many minutes: 5, 10, 15 or 20? [{}] ", minutes), 1, 20, minutes);
    if (asked) minutes = *asked;
  } else {
    minutes = 5;
  }
  pause.planned_minutes = minutes;
  pause.samples.push_back({0, pause.start_intensity});
  int last = pause.start_intensity;
  bool left_early = false;

  switch (pause.technique) {
    case PauseTechnique::surf:
      std::cout << "\nNotice where you feel the urge in your body. Breathe with the bar; you don't have to do "
                   "anything else.\n";
      for (int minute = 1; minute <= minutes; ++minute) {
        talk.breathe_for(60, false);
        auto now = talk.ask_number(fmt::format("Minute {} of {}: how strong is it now? [{}] ", minute, minutes, last),
                                   0, 10, last);
        if (!now) {
          left_early = true;
          break;
        }
        last = *now;
        pause.samples.push_back({minute * 60, last});
      }
      break;
    case PauseTechnique::breathe:
    case PauseTechnique::delay: {
      const bool box = pause.technique == PauseTechnique::breathe &&
                       talk.ask_number("Six breaths a minute (1) or box breathing (2)? [1] ", 1, 2, 1).value_or(1) == 2;
      if (pause.technique == PauseTechnique::delay) {
        std::cout << fmt::format("\nFor the next {} minutes, just wait. The choice will still be yours afterwards.\n",
                                 minutes);
      }
      talk.breathe_for(minutes * 60, box);
      break;
    }
    case PauseTechnique::ground: {
      static constexpr std::pair<int, const char*> kSenses[] = {
          {5, "see"}, {4, "touch"}, {3, "hear"}, {2, "smell"}, {1, "taste"}};
      std::cout << "\nLet's come back to the room. Nothing you type here is saved.\n";
      for (const auto& [count, sense] : kSenses) {
        for (int i = 1; i <= count; ++i) {
          if (!talk.ask_line(fmt::format("  something you can {} ({} of {}): ", sense, i, count))) {
            left_early = true;
            break;
          }
        }
        if (left_early) break;
      }
      break;
    }
  }
  if (!left_early && pause.technique == PauseTechnique::surf) {
    pause.end_intensity = last;  // the last minute's answer is the end of the wave
  } else if (!left_early) {
    auto end = talk.ask_number(fmt::format("\nHow strong is the urge now, 0 to 10? [{}] ", last), 0, 10, last);
    if (end) {
      pause.end_intensity = *end;
      pause.samples.push_back({minutes * 60, *end});
    }
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(context.clock().now() - pause.at).count();
  pause.elapsed_seconds = talk.interactive() ? static_cast<int>(elapsed) : minutes * 60;
  return save_pause(context, *session, std::move(pause));
}

}  // namespace

void add_pause_commands(CLI::App& app, Action& chosen) {
  auto* command = app.add_subcommand("pause", "Pause: get through the next few minutes (interactive), or --record one");
  auto a = std::make_shared<PauseArguments>();
  command->add_flag("--record", a->record, "save a Pause that happened elsewhere, without the interaction");
  command->add_option("--technique", a->technique, "with --record: surf, breathe, ground or delay");
  command->add_option("--start", a->start, "with --record: intensity at the start, 0 to 10");
  command->add_option("--end", a->end, "with --record: intensity at the end, 0 to 10");
  command->add_option("--minutes", a->minutes, "how long (default 10)");
  command->add_option("--at", a->at, "with --record: when it started (default now)");
  command->add_option("--samples", a->samples, "with --record: the intensity each minute, e.g. 8,8,7,5,3")
      ->delimiter(',');
  command->callback([&chosen, a] {
    chosen = [a](Context& c) { return a->record ? run_recorded_pause(c, *a) : run_interactive_pause(c, *a); };
  });
}

}  // namespace keel::cli
