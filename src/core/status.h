// Status and Result<T>: the error values every expected failure travels in.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace keel {

enum class StatusCode {
  ok,
  invalid_argument,  // the caller sent something that breaks a rule
  not_found,         // no such record, person or file
  conflict,          // the record exists already in a different form
  forbidden,         // the caller may not do this
  throttled,         // too many attempts in a short time; try again later
  locked,            // the home is locked, or the database is busy
  unauthenticated,   // wrong passphrase
  corrupt,           // stored data failed a check (tampered, damaged)
  io_error,          // the operating system or database refused
  internal,          // a bug in keel
};

// Short stable name of a code, for JSON errors ("invalid_argument", ...).
const char* status_code_name(StatusCode code);

// A [[nodiscard]] outcome of an operation: ok, or a code and one clear sentence.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  static Status invalid(std::string message) { return {StatusCode::invalid_argument, std::move(message)}; }
  static Status not_found(std::string message) { return {StatusCode::not_found, std::move(message)}; }
  static Status conflict(std::string message) { return {StatusCode::conflict, std::move(message)}; }
  static Status forbidden(std::string message) { return {StatusCode::forbidden, std::move(message)}; }
  static Status throttled(std::string message) { return {StatusCode::throttled, std::move(message)}; }
  static Status locked(std::string message) { return {StatusCode::locked, std::move(message)}; }
  static Status unauthenticated(std::string message) { return {StatusCode::unauthenticated, std::move(message)}; }
  static Status corrupt(std::string message) { return {StatusCode::corrupt, std::move(message)}; }
  static Status io_error(std::string message) { return {StatusCode::io_error, std::move(message)}; }
  static Status internal(std::string message) { return {StatusCode::internal, std::move(message)}; }

  bool is_ok() const { return code_ == StatusCode::ok; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // A copy whose message is prefixed with context ("line 4: ").
  Status with_prefix(const std::string& prefix) const { return {code_, prefix + message_}; }

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
};

// Either a value or a failed Status. Access to the value of a failed Result is a bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(state_).is_ok() && "a Result built from a Status must carry an error");
  }

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  const T& value() const& {
    assert(is_ok());
    return std::get<T>(state_);
  }
  T& value() & {
    assert(is_ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(is_ok());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace keel

// Return early from the enclosing function when a Status is not ok.
#define KEEL_RETURN_IF_ERROR(expression)            \
  do {                                              \
    ::keel::Status keel_status_ = (expression);     \
    if (!keel_status_.is_ok()) return keel_status_; \
  } while (false)

#define KEEL_CONCAT_INNER(a, b) a##b
#define KEEL_CONCAT(a, b) KEEL_CONCAT_INNER(a, b)
// Declares `lhs` from a Result's value, or returns its Status from the enclosing function.
#define KEEL_ASSIGN_OR_RETURN(lhs, expression)                                                           \
  auto KEEL_CONCAT(keel_result_, __LINE__) = (expression);                                               \
  if (!KEEL_CONCAT(keel_result_, __LINE__).is_ok()) return KEEL_CONCAT(keel_result_, __LINE__).status(); \
  lhs = std::move(KEEL_CONCAT(keel_result_, __LINE__)).value()
