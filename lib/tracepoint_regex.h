// A linear-time matcher for the POSIX extended regular expressions of `-tps`/`-tpsExclude`
// (Selection::tracepoints), matched anywhere in "sys_enter_<name>".
//
// std::regex backtracks: "(.*)*(.*)*(.*)*z" over the syscall table took seconds and deeper
// nesting hung the tracer. Here a pattern compiles to a small NFA program that is run as a
// set of states (Thompson/Pike, no captures): compiling is O(pattern), searching
// O(subject x program), both bounded by the limits below, and nothing recurses deeper than
// kMaxDepth. The state sets met are cached as the states of a DFA built lazily
// (tracepoint_regex_search.cc): the syscall names share "sys_enter_" and more, so a set is
// mostly computed once per table rather than once per character.
//
// The syntax is what libstdc++'s std::regex::extended accepted (and tests/unit checks it
// against it): literals, '.', bracket expressions with ranges, '^' negation, ']' first,
// [:class:], [.c.] and [=c=] of one character; '^' and '$' anchors; groups, '|', '*', '+',
// '?', {n}, {n,}, {n,m} (quantifiers may follow each other: "a{2}{3}" is "a{6}"); a
// backslash before one of ^$\.*+?()[]{}| makes it literal, before anything else it is an
// error. No back references, no case folding.
#ifndef IOR_LIB_TRACEPOINT_REGEX_H_
#define IOR_LIB_TRACEPOINT_REGEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace ior::internal {

// What is wrong with a pattern; RegexErrorText says it to the user.
enum class RegexError : uint8_t {
  kRepeatsNothing,  // '*', '+', '?' or '{' at the start, after '(', '|', '^' or '$'
  kParen,
  kBracket,
  kBrace,       // a '{' without its '}'
  kBadBrace,    // "{x}", "{,2}", "{3,2}"
  kRange,       // "[z-a]", "[a-z-0]"
  kEscape,      // a trailing backslash, or one before an ordinary character
  kClass,       // "[[:nope:]]"
  kCollate,     // "[[.nope.]]"
  kTooComplex,  // beyond kMaxProgram instructions or kMaxDepth nesting
};

std::string_view RegexErrorText(RegexError error);

class TracepointRegex {
 public:
  // Beyond these a pattern is kTooComplex: a program of kMaxProgram instructions searches
  // the whole syscall table in milliseconds, and the parser and the compiler recurse at most
  // kMaxDepth levels (parentheses and quantifiers count).
  static constexpr int kMaxProgram = 3000;
  static constexpr int kMaxDepth = 200;

  // The pattern compiled, or an InvalidArgumentError whose message is RegexErrorText.
  static absl::StatusOr<TracepointRegex> Compile(std::string_view pattern);

  // Whether the pattern matches somewhere in `subject` (std::regex_search). Not const: it
  // grows the DFA cache, so one object is for one thread at a time.
  bool Search(std::string_view subject);

  // Instructions in the program (kMaxProgram at most).
  size_t ProgramSize() const { return program_.size(); }

  struct Inst {
    enum class Op : uint8_t { kChar, kSet, kAny, kSplit, kJump, kBol, kEol, kMatch };
    Op op = Op::kMatch;
    uint8_t ch = 0;  // kChar
    int x = 0;       // kSet: index into sets_; kSplit, kJump: target
    int y = 0;       // kSplit: second target
  };
  // 256 bits: which bytes a bracket expression matches.
  struct ByteSet {
    uint64_t bits[4] = {};
    void Add(unsigned char c) { bits[c >> 6] |= uint64_t{1} << (c & 63); }
    bool Has(unsigned char c) const { return ((bits[c >> 6] >> (c & 63)) & 1) != 0; }
  };

 private:
  TracepointRegex() = default;

  // The program's states reached from `seeds` without consuming a byte, sorted: the
  // consuming ones, kMatch, and the kEol ones still waiting for the end (unless at_end).
  std::vector<int> Closure(const std::vector<int>& seeds, bool at_start, bool at_end) const;
  bool Consumes(int pc, unsigned char c) const;
  // The DFA state of a closure (added when new; the cache is emptied when it grows too big).
  int Intern(std::vector<int> states);
  // Whether `state`'s waiting kEol states reach kMatch at the subject's end.
  bool MatchesAtEnd(int state, bool at_start) const;

  std::vector<Inst> program_;  // starts at 0
  std::vector<ByteSet> sets_;

  // The lazily built DFA: a state is a closure; next_[state * 256 + byte], -1 until computed.
  std::vector<std::vector<int>> dfa_states_;
  std::vector<bool> dfa_matching_;
  std::vector<int> next_;
  absl::flat_hash_map<std::vector<int>, int> dfa_index_;
  size_t dfa_stored_ = 0;  // ints held by dfa_states_
  int dfa_resets_ = 0;     // how often the cache was emptied
  int dfa_start_ = -1;     // the state at position 0, -1 until computed
};

}  // namespace ior::internal

#endif  // IOR_LIB_TRACEPOINT_REGEX_H_
