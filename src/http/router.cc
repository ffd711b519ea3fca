#include "http/router.h"

#include <algorithm>
#include <set>

#include "http/target.h"

namespace keel::http {

namespace {

// The segments of a path after its leading '/': "/a/b" gives "a", "b"; "/" gives one empty one.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  std::size_t start = 1;
  while (true) {
    const std::size_t end = path.find('/', start);
    segments.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return segments;
}

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_token_character(char c) {
  return is_name_character(c) || std::string_view("!#$%&'*+-.^`|~").find(c) != std::string_view::npos;
}

}  // namespace

Status Router::add(std::string method, std::string pattern, Handler handler, Dispatch dispatch) {
  if (method.empty() || !std::all_of(method.begin(), method.end(), is_token_character)) {
    return Status::invalid("a route's method must be an HTTP token such as GET");
  }
  if (!handler) return Status::invalid("a route needs a handler");
  if (pattern.empty() || pattern.front() != '/') return Status::invalid("a route pattern must start with '/'");
  CompiledRoute compiled;
  std::set<std::string> names;
  for (const std::string_view piece : split_path(pattern)) {
    if (piece.empty() && pattern != "/") return Status::invalid("a route pattern may not have an empty segment");
    Segment segment;
    if (!piece.empty() && piece.front() == '{') {
      if (piece.size() < 3 || piece.back() != '}' ||
          !std::all_of(piece.begin() + 1, piece.end() - 1, is_name_character)) {
        return Status::invalid("a route parameter must look like {name}, with letters, digits and '_'");
      }
      segment.parameter = true;
      segment.text = std::string(piece.substr(1, piece.size() - 2));
      if (!names.insert(segment.text).second) return Status::invalid("a route pattern names a parameter twice");
    } else {
      if (piece.find_first_of("{}") != std::string_view::npos) {
        return Status::invalid("a route segment is either literal text or one {name}");
      }
      if (!parse_target(piece.empty() ? "/" : "/" + std::string(piece)).is_ok() ||
          piece.find('%') != std::string_view::npos) {
        return Status::invalid("a route's literal segment must need no percent-encoding");
      }
      segment.text = std::string(piece);
    }
    compiled.segments.push_back(std::move(segment));
  }
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method != method || compiled_[i].segments.size() != compiled.segments.size()) continue;
    const bool same_shape = std::equal(compiled.segments.begin(), compiled.segments.end(),
                                       compiled_[i].segments.begin(), [](const Segment& a, const Segment& b) {
                                         return a.parameter == b.parameter && (a.parameter || a.text == b.text);
                                       });
    if (same_shape) return Status::invalid("a route with that method and pattern exists already: " + pattern);
  }
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), dispatch});
  compiled_.push_back(std::move(compiled));
  return Status::ok();
}

Result<Router::Match> Router::match(std::string_view method, std::string_view path) const {
  // Segments are compared decoded, so that "/urges/%65xport" is "/urges/export" (RFC 3986, 6.2.2.2).
  std::vector<std::string> segments;
  for (const std::string_view raw : split_path(path)) {
    KEEL_ASSIGN_OR_RETURN(std::string segment, percent_decode(raw, false));
    segments.push_back(std::move(segment));
  }
  Match match;
  std::set<std::string> allowed;
  std::size_t best = routes_.size();
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segments.size()) continue;
    bool fits = true;
    for (std::size_t k = 0; k < segments.size() && fits; ++k) {
      fits = pattern[k].parameter ? !segments[k].empty() : pattern[k].text == segments[k];
    }
    if (!fits) continue;
    if (routes_[i].method != method) {
      allowed.insert(routes_[i].method);
      if (match.route == nullptr) match.route = &routes_[i];
      continue;
    }
    // Of two patterns that fit, the one with a literal where the other has a parameter, earliest, wins.
    if (best == routes_.size()) {
      best = i;
      continue;
    }
    const auto& current = compiled_[best].segments;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      if (current[k].parameter != pattern[k].parameter) {
        if (!pattern[k].parameter) best = i;
        break;
      }
    }
  }
  if (best == routes_.size()) {
    if (allowed.empty()) {
      match.route = nullptr;
      match.outcome = Match::Outcome::not_found;
    } else {
      match.outcome = Match::Outcome::method_not_allowed;
      match.allowed_methods.assign(allowed.begin(), allowed.end());
    }
    return match;
  }
  match.outcome = Match::Outcome::found;
  match.route = &routes_[best];
  const auto& pattern = compiled_[best].segments;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    if (pattern[k].parameter) match.parameters.emplace_back(pattern[k].text, std::move(segments[k]));
  }
  return match;
}

Response not_found_response() { return Response::error(404, "not_found", "There is nothing at this address."); }

Response method_not_allowed_response(const std::vector<std::string>& allowed_methods) {
  std::string allow;
  for (const auto& method : allowed_methods) allow += (allow.empty() ? "" : ", ") + method;
  Response response =
      Response::error(405, "method_not_allowed", "This address does not accept that method; see the Allow header.");
  response.set_header("Allow", allow);
  return response;
}

}  // namespace keel::http
