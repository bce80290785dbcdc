#pragma once
// Result<T>: a value or an Error. GCC 12 has no std::expected; this is the
// small subset we need. Errors from the network are values, never exceptions.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ocop {

struct Error {
  std::string code;     // machine-readable, e.g. "invalid", "not_found"
  std::string message;  // human-readable, carries context
  // For a client's bad input: the field (e.g. "username", "deal.price") and
  // the rule it broke (e.g. "required", "too_long", "taken"), so a page can
  // say it in the user's language beside that field.
  std::string field;
  std::string rule;

  // Prefix the message with where it happened, like srs_error_wrap.
  Error wrap(const std::string& context) const { return {code, context + ": " + message, field, rule}; }
};

inline Error make_error(std::string code, std::string message) {
  return Error{std::move(code), std::move(message), {}, {}};
}

// A client's field broke a rule: "<field>: <what>".
inline Error field_error(std::string code, std::string field, std::string rule, const std::string& what) {
  std::string message = field + ": " + what;
  return Error{std::move(code), std::move(message), std::move(field), std::move(rule)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace ocop
