#include "pipes.h"

#include <fmt/core.h>
#include <regex.h>

#include <charconv>
#include <deque>
#include <string_view>
#include <vector>

namespace trio6sim::show {

// The C library's POSIX regcomp/regexec: the standard Junos names for its
// pipes (POSIX 1003.2), and an engine without catastrophic backtracking:
// libstdc++'s std::regex, used first, took seconds and more on a line
// against `t*****...` (a fuzzing finding, tests/fuzz/regressions/show_pipes).
class PosixRegex {
 public:
  PosixRegex() = default;
  PosixRegex(const PosixRegex&) = delete;
  PosixRegex& operator=(const PosixRegex&) = delete;
  ~PosixRegex() {
    if (compiled_) regfree(&re_);
  }
  // "" or the library's message.
  std::string compile(const std::string& pattern) {
    const int rc = regcomp(&re_, pattern.c_str(), REG_EXTENDED | REG_ICASE | REG_NOSUB);
    if (rc == 0) {
      compiled_ = true;
      return "";
    }
    char message[128];
    regerror(rc, &re_, message, sizeof message);
    return message;
  }
  bool search(std::string_view line) const {
    const std::string text(line);  // regexec reads a NUL-terminated string
    return regexec(&re_, text.c_str(), 0, nullptr, 0) == 0;
  }

 private:
  regex_t re_{};
  bool compiled_ = false;
};

namespace {

constexpr const char* kSupported = "match REGEX, except REGEX, find REGEX, count, last N, trim N, no-more";

// Bounds on what a scenario may ask, so that a typo cannot cost unbounded
// memory: a compiled expression copies a bounded repetition's states `{m,n}`
// times, so the product of the bounds is what it costs.
constexpr std::size_t kMaxRegexLength = 256;
constexpr uint64_t kMaxRepetitionProduct = 10000;
// What the matcher builds its states from (RegexShape::compiled_atoms): at
// most about 0.2 s for a show's first line, then its states are reused.
constexpr uint64_t kMaxCompiledAtoms = 1000;
constexpr std::size_t kMaxLast = 1000000;
constexpr std::size_t kMaxTrim = 1000;

// One pipe's words: whitespace-separated, a double-quoted word kept whole
// without its quotes.
Expected<std::vector<std::string>, std::string> words_of(std::string_view segment) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < segment.size()) {
    if (segment[i] == ' ' || segment[i] == '\t') {
      ++i;
      continue;
    }
    std::string word;
    bool quoted = false;
    while (i < segment.size() && (quoted || (segment[i] != ' ' && segment[i] != '\t'))) {
      if (segment[i] == '"') quoted = !quoted;
      else word += segment[i];
      ++i;
    }
    if (quoted) return unexpected(fmt::format("unterminated quote in '{}'", segment));
    words.push_back(std::move(word));
  }
  return words;
}

// The text split at every `|` outside double quotes.
std::vector<std::string_view> segments_of(std::string_view text) {
  std::vector<std::string_view> out;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    else if (text[i] == '|' && !quoted) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

// What the C library's compiler and matcher make of a pattern, read in one
// pass as regcomp reads it (an escaped character and a bracket expression
// are one atom each; a backslash inside brackets is a character).
struct RegexShape {
  // Two repetition operators in a row (`a**`, `a+{2}`), which POSIX leaves
  // undefined and which the compiler turns into a tree that doubles per
  // operator (a fuzzing finding: 22 `+` in a row took 3 GB).
  bool repetitions_in_a_row = false;
  // `x+` becomes `xx*` and `x{m,n}` n copies of x, so nested repetitions
  // multiply (a `+` on a group that holds a `+` copies both): the product of
  // the factors (2 per `+`, max(m, n) per interval) bounds the compiled size.
  uint64_t repetition_product = 1;
  // The atoms the compiler builds: each atom times the factors of the
  // repetitions around it. The matcher's first pass over a line builds its
  // states from these, at a cost that grows with their square:
  // `(.{0,100}){100}` (10,000) took 10 s on one line, 1,000 about 0.2 s.
  uint64_t compiled_atoms = 0;
  // The first back-reference (`\1`..`\9`), or 0: matching one is
  // exponential in the line (six groups and their references took minutes
  // over a show).
  char back_reference = 0;
};

RegexShape shape_of(const std::string& pattern) {
  constexpr uint64_t kSaturated = uint64_t{1} << 40;
  RegexShape shape;
  // Per open group: its atoms so far, and the size of the last atom or
  // group, which the next repetition copies.
  struct Group {
    uint64_t atoms = 0, last = 0;
  };
  std::vector<Group> groups(1);
  bool after_repetition = false;
  auto atom = [&](uint64_t size) {
    groups.back().atoms = std::min(groups.back().atoms + size, kSaturated);
    groups.back().last = size;
    after_repetition = false;
  };
  auto repeat = [&](uint64_t factor) {
    factor = std::max<uint64_t>(factor, 1);
    shape.repetition_product = std::min(shape.repetition_product * factor, kSaturated);
    Group& g = groups.back();
    g.atoms = std::min(g.atoms + g.last * (factor - 1), kSaturated);
    g.last = std::min(g.last * factor, kSaturated);
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {  // an escaped character is an atom
      ++i;
      if (i < pattern.size() && pattern[i] >= '1' && pattern[i] <= '9' && !shape.back_reference)
        shape.back_reference = pattern[i];
      atom(1);
      continue;
    }
    if (c == '[') {  // a bracket expression is one atom; `]` first is literal
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') ++j;
      i = j;
      atom(1);
      continue;
    }
    if (c == '(') {
      groups.emplace_back();
      after_repetition = false;
      continue;
    }
    if (c == ')' && groups.size() > 1) {
      const uint64_t size = groups.back().atoms;
      groups.pop_back();
      atom(size);
      continue;
    }
    if (c == '|') {  // nothing before it to repeat
      groups.back().last = 0;
      after_repetition = false;
      continue;
    }
    const bool interval = c == '{' && i + 1 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9';
    if (c == '*' || c == '+' || c == '?' || interval) {
      if (after_repetition) shape.repetitions_in_a_row = true;
      after_repetition = true;
      if (c == '+') repeat(2);
      if (!interval) continue;
      uint64_t bound[2] = {0, 0};
      int which = 0;
      std::size_t j = i + 1;
      for (; j < pattern.size() && pattern[j] != '}'; ++j) {
        if (pattern[j] == ',') which = 1;
        else if (pattern[j] >= '0' && pattern[j] <= '9')
          bound[which] = std::min<uint64_t>(bound[which] * 10 + static_cast<uint64_t>(pattern[j] - '0'), 1u << 20);
      }
      repeat(std::max(bound[0] + (which == 1 && bound[1] == 0 ? 1 : 0), bound[1]));
      i = j;
      continue;
    }
    atom(1);
  }
  // Groups left open (regcomp refuses them) count as written.
  for (const Group& g : groups) shape.compiled_atoms = std::min(shape.compiled_atoms + g.atoms, kSaturated);
  return shape;
}

Expected<std::shared_ptr<const PosixRegex>, std::string> compile(const std::string& name, const std::string& pattern) {
  if (pattern.empty()) return unexpected(fmt::format("'{}' needs a regular expression", name));
  if (pattern.size() > kMaxRegexLength)
    return unexpected(fmt::format("'{}': the regular expression has {} characters, at most {}", name, pattern.size(),
                                  kMaxRegexLength));
  const RegexShape shape = shape_of(pattern);
  if (shape.back_reference)
    return unexpected(fmt::format("'{} {}': back-references (\\{}) are not supported: a pipe's matching time is "
                                  "bounded, and a back-reference makes it exponential in the line",
                                  name, pattern, shape.back_reference));
  if (shape.repetitions_in_a_row)
    return unexpected(fmt::format("'{} {}': two repetition operators in a row (POSIX leaves them undefined)", name,
                                  pattern));
  if (shape.repetition_product > kMaxRepetitionProduct)
    return unexpected(fmt::format("'{} {}': repetitions multiply to more than {} copies ({} counts 2, {{m,n}} its bound)",
                                  name, pattern, kMaxRepetitionProduct, "'+'"));
  if (shape.compiled_atoms > kMaxCompiledAtoms)
    return unexpected(fmt::format("'{} {}': the repetitions make {} atoms, at most {} (each atom times the "
                                  "repetitions around it: matching time grows with their square)",
                                  name, pattern, shape.compiled_atoms, kMaxCompiledAtoms));
  if (pattern.find('\0') != std::string::npos)
    return unexpected(fmt::format("'{}': a regular expression holds no NUL character", name));
  // POSIX 1003.2 extended expressions, as Junos documents for its pipes;
  // case-insensitive, as the Junos CLI matches (docs/show-commands.md).
  auto re = std::make_shared<PosixRegex>();
  if (const std::string error = re->compile(pattern); !error.empty())
    return unexpected(fmt::format("'{} {}': not a valid regular expression ({})", name, pattern, error));
  return std::shared_ptr<const PosixRegex>(std::move(re));
}

Expected<std::size_t, std::string> number(const std::string& name, const std::vector<std::string>& w,
                                          std::size_t max) {
  if (w.size() != 2) return unexpected(fmt::format("'{}' takes a number: {} N", name, name));
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), n);
  if (ec != std::errc() || end != w[1].data() + w[1].size() || n < 1 || n > max)
    return unexpected(fmt::format("'{} {}': expected a whole number from 1 to {}", name, w[1], max));
  return n;
}

Expected<Pipe, std::string> parse_pipe(std::string_view segment) {
  auto w = words_of(segment);
  if (!w) return unexpected(w.error());
  if (w->empty()) return unexpected(std::string("empty pipe: a '|' with nothing after it"));
  const std::string& name = w->front();
  Pipe p;
  if (name == "match" || name == "except" || name == "find") {
    if (w->size() != 2)
      return unexpected(fmt::format("'{}' takes one regular expression (quote one with spaces or '|': {} \"a|b\")",
                                    name, name));
    p.kind = name == "match" ? PipeKind::kMatch : name == "except" ? PipeKind::kExcept : PipeKind::kFind;
    p.argument = (*w)[1];
    auto re = compile(name, p.argument);
    if (!re) return unexpected(re.error());
    p.regex = std::move(*re);
    return p;
  }
  if (name == "count" || name == "no-more") {
    if (w->size() != 1) return unexpected(fmt::format("'{}' takes no argument", name));
    p.kind = name == "count" ? PipeKind::kCount : PipeKind::kNoMore;
    return p;
  }
  if (name == "last" || name == "trim") {
    auto n = number(name, *w, name == "last" ? kMaxLast : kMaxTrim);
    if (!n) return unexpected(n.error());
    p.kind = name == "last" ? PipeKind::kLast : PipeKind::kTrim;
    p.argument = (*w)[1];
    p.n = *n;
    return p;
  }
  return unexpected(fmt::format("unsupported pipe '{}'", name));
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool matches(const Pipe& p, std::string_view line) {
  return p.regex->search(line);
}

}  // namespace

const char* supported_pipes() { return kSupported; }

Expected<PipedCommand, std::string> parse_pipes(const std::string& text) {
  const auto segments = segments_of(text);
  PipedCommand out;
  auto command = words_of(segments.front());
  if (!command) return unexpected(command.error());
  for (const auto& w : *command) out.command += (out.command.empty() ? "" : " ") + w;
  for (std::size_t i = 1; i < segments.size(); ++i) {
    auto p = parse_pipe(segments[i]);
    if (!p) return unexpected(fmt::format("'{}': {} (pipes: {})", text, p.error(), kSupported));
    out.pipes.push_back(std::move(*p));
  }
  return out;
}

std::string apply_pipes(const std::string& output, const std::vector<Pipe>& pipes) {
  if (pipes.empty()) return output;
  // Lines are views into `output` until a pipe makes new text (count, trim);
  // `made` keeps that text alive.
  std::vector<std::string_view> lines = lines_of(output);
  std::deque<std::string> made;  // a deque: its strings never move
  for (const Pipe& p : pipes) {
    std::vector<std::string_view> next;
    switch (p.kind) {
      case PipeKind::kMatch:
      case PipeKind::kExcept: {
        const bool keep = p.kind == PipeKind::kMatch;
        for (auto l : lines)
          if (matches(p, l) == keep) next.push_back(l);
        break;
      }
      case PipeKind::kFind: {
        std::size_t i = 0;
        while (i < lines.size() && !matches(p, lines[i])) ++i;
        next.assign(lines.begin() + static_cast<long>(i), lines.end());
        break;
      }
      case PipeKind::kCount:
        made.push_back(fmt::format("Count: {} lines", lines.size()));
        next.push_back(made.back());
        break;
      case PipeKind::kLast:
        next.assign(lines.end() - static_cast<long>(std::min(p.n, lines.size())), lines.end());
        break;
      case PipeKind::kTrim:
        for (auto l : lines) next.push_back(l.substr(std::min(p.n, l.size())));
        break;
      case PipeKind::kNoMore: next = lines; break;
    }
    lines = std::move(next);
  }
  std::string out;
  for (auto l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

}  // namespace trio6sim::show
