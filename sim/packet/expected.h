// A minimal std::expected stand-in (C++23's is not available in C++20): a
// value or an error, used for every parser and for the ESP data path so that
// malformed input is reported as a value and never thrown or crashed on.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace trio6sim {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Expected(Unexpected<E> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  // An error of a type that converts to E (PacketError from its kind).
  template <class G>
    requires(!std::is_same_v<G, E> && std::is_convertible_v<G, E>)
  Expected(Unexpected<G> u) : v_(std::in_place_index<1>, E(std::move(u.error))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { assert(has_value()); return std::get<0>(v_); }
  const T& value() const { assert(has_value()); return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { assert(!has_value()); return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

// Expected<void, E>: success or an error.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> u) : ok_(false), e_(std::move(u.error)) {}  // NOLINT
  template <class G>
    requires(!std::is_same_v<G, E> && std::is_convertible_v<G, E>)
  Expected(Unexpected<G> u) : ok_(false), e_(E(std::move(u.error))) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const { assert(!ok_); return e_; }

 private:
  bool ok_ = true;
  E e_{};
};

}  // namespace trio6sim
