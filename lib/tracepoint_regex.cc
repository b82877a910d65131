#include "tracepoint_regex.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"

namespace ior::internal {
namespace {

using Inst = TracepointRegex::Inst;
using Op = Inst::Op;
using ByteSet = TracepointRegex::ByteSet;

// Emit calls beyond which a pattern is too complex: bounds over empty groups ("(){99999}")
// add no instructions but still cost a visit each.
constexpr int kMaxWork = 100000;
// Repeat counts saturate here; anything this large is too complex anyway.
constexpr int kCountCap = 1000000;
// Parse-tree height (parentheses, quantifiers, concatenations): Emit recurses this deep.
constexpr int kMaxHeight = 4 * TracepointRegex::kMaxDepth;

// Characters a backslash makes literal; outside brackets they are the operators.
constexpr std::string_view kSpecial = "^$\\.*+?()[]{}|";

bool IsQuantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

// The named classes of [[:name:]], in the "C" locale (ASCII) whatever the process's locale.
// d, s and w are libstdc++'s extensions, kept so patterns that worked still do.
bool ClassHas(std::string_view name, unsigned char c, bool* known) {
  *known = true;
  if (name == "alpha") return absl::ascii_isalpha(c);
  if (name == "digit" || name == "d") return absl::ascii_isdigit(c);
  if (name == "alnum") return absl::ascii_isalnum(c);
  if (name == "upper") return absl::ascii_isupper(c);
  if (name == "lower") return absl::ascii_islower(c);
  if (name == "space" || name == "s") return absl::ascii_isspace(c);
  if (name == "punct") return absl::ascii_ispunct(c);
  if (name == "xdigit") return absl::ascii_isxdigit(c);
  if (name == "blank") return absl::ascii_isblank(c);
  if (name == "cntrl") return absl::ascii_iscntrl(c);
  if (name == "print") return absl::ascii_isprint(c);
  if (name == "graph") return absl::ascii_isgraph(c);
  if (name == "w") return absl::ascii_isalnum(c) || c == '_';
  *known = false;
  return false;
}

struct Node {
  enum class Kind : uint8_t { kEmpty, kChar, kSet, kAny, kBol, kEol, kConcat, kAlt, kRepeat };
  Kind kind = Kind::kEmpty;
  unsigned char ch = 0;  // kChar
  int set = 0;           // kSet
  int min = 0;           // kRepeat
  int max = 0;           // kRepeat; -1: unbounded
  int height = 0;
  std::vector<int> children = {};
};

// Pattern -> parse tree -> program. Recursion is bounded by kMaxDepth (parentheses) and
// kMaxHeight (the tree); each step fails with the first error from the left, as std::regex did.
class Compiler {
 public:
  Compiler(std::string_view pattern, std::vector<ByteSet>* sets, std::vector<Inst>* program)
      : p_(pattern), sets_(sets), program_(program) {}

  std::optional<RegexError> Run() {
    const int root = ParseAlternation(0);
    if (error_) return error_;
    if (i_ < p_.size()) return RegexError::kParen;  // a ')' without its '('
    if (!Emit(root) || !Push({.op = Op::kMatch})) return error_;
    return std::nullopt;
  }

 private:
  int Fail(RegexError e) {
    if (!error_) error_ = e;
    return -1;
  }

  int Add(Node node) {
    for (int c : node.children) node.height = std::max(node.height, nodes_[c].height + 1);
    if (node.height > kMaxHeight) return Fail(RegexError::kTooComplex);
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size()) - 1;
  }

  int Leaf(Node::Kind kind) { return Add({.kind = kind}); }

  int ParseAlternation(int depth) {
    if (depth > TracepointRegex::kMaxDepth) return Fail(RegexError::kTooComplex);
    std::vector<int> alternatives;
    while (true) {
      const int branch = ParseConcatenation(depth);
      if (branch < 0) return -1;
      alternatives.push_back(branch);
      if (i_ >= p_.size() || p_[i_] != '|') break;
      ++i_;
    }
    if (alternatives.size() == 1) return alternatives[0];
    return Add({.kind = Node::Kind::kAlt, .children = std::move(alternatives)});
  }

  int ParseConcatenation(int depth) {
    std::vector<int> items;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      const char c = p_[i_];
      // An anchor is an assertion, not something to repeat.
      const bool anchor = c == '^' || c == '$';
      int atom = ParseAtom(depth);
      if (atom < 0) return -1;
      while (i_ < p_.size() && IsQuantifier(p_[i_])) {
        if (anchor) return Fail(RegexError::kRepeatsNothing);
        atom = ParseQuantifier(atom);
        if (atom < 0) return -1;
      }
      items.push_back(atom);
    }
    if (items.empty()) return Leaf(Node::Kind::kEmpty);
    if (items.size() == 1) return items[0];
    return Add({.kind = Node::Kind::kConcat, .children = std::move(items)});
  }

  int ParseAtom(int depth) {
    const char c = p_[i_++];
    switch (c) {
      case '^':
        return Leaf(Node::Kind::kBol);
      case '$':
        return Leaf(Node::Kind::kEol);
      case '.':
        return Leaf(Node::Kind::kAny);
      case '*':
      case '+':
      case '?':
      case '{':
        return Fail(RegexError::kRepeatsNothing);
      case '[':
        return ParseBracket();
      case '(': {
        const int inner = ParseAlternation(depth + 1);
        if (inner < 0) return -1;
        if (i_ >= p_.size() || p_[i_] != ')') return Fail(RegexError::kParen);
        ++i_;
        return inner;
      }
      case '\\': {
        if (i_ >= p_.size() || kSpecial.find(p_[i_]) == std::string_view::npos) {
          return Fail(RegexError::kEscape);
        }
        return Add({.kind = Node::Kind::kChar, .ch = static_cast<unsigned char>(p_[i_++])});
      }
      default:
        return Add({.kind = Node::Kind::kChar, .ch = static_cast<unsigned char>(c)});
    }
  }

  // Digits at i_, saturated at kCountCap; nullopt when there are none.
  std::optional<int> Count() {
    if (i_ >= p_.size() || !absl::ascii_isdigit(static_cast<unsigned char>(p_[i_]))) {
      return std::nullopt;
    }
    int n = 0;
    while (i_ < p_.size() && absl::ascii_isdigit(static_cast<unsigned char>(p_[i_]))) {
      n = std::min(kCountCap, n * 10 + (p_[i_++] - '0'));
    }
    return n;
  }

  int ParseQuantifier(int atom) {
    const char c = p_[i_++];
    Node node{.kind = Node::Kind::kRepeat, .children = {atom}};
    if (c == '*') {
      node.max = -1;
    } else if (c == '+') {
      node.min = 1;
      node.max = -1;
    } else if (c == '?') {
      node.max = 1;
    } else {
      // '{' n [',' [m]] '}': a missing '}' is kBrace, anything else wrong kBadBrace.
      if (i_ >= p_.size()) return Fail(RegexError::kBrace);
      std::optional<int> n = Count();
      if (!n) return Fail(RegexError::kBadBrace);
      node.min = node.max = *n;
      if (i_ < p_.size() && p_[i_] == ',') {
        ++i_;
        std::optional<int> m = Count();
        node.max = m ? *m : -1;
      }
      if (i_ >= p_.size()) return Fail(RegexError::kBrace);
      if (p_[i_++] != '}') return Fail(RegexError::kBadBrace);
      if (node.max != -1 && node.max < node.min) return Fail(RegexError::kBadBrace);
    }
    return Add(std::move(node));
  }

  // After '[': the set up to its ']'. POSIX rules: a ']' first (after '^') is literal, a '-'
  // first or last is literal, a range starts at a single character and a '-' after a range is
  // an error; backslash is literal inside brackets.
  int ParseBracket() {
    ByteSet set;
    bool negate = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negate = true;
      ++i_;
    }
    std::optional<unsigned char> last;  // a single character that may start a range
    bool first = true;
    while (true) {
      if (i_ >= p_.size()) return Fail(RegexError::kBracket);
      const char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      if (c == '-' && !first) {
        ++i_;
        if (i_ >= p_.size()) return Fail(RegexError::kBracket);
        if (p_[i_] == ']') {  // "-]": a literal '-'
          set.Add('-');
          ++i_;
          break;
        }
        if (!last) return Fail(RegexError::kRange);
        // The end of the range: a character ('-' too), not a class or a "[.".
        if (p_[i_] == '[' && i_ + 1 < p_.size() && std::strchr(":.=", p_[i_ + 1]) != nullptr) {
          return Fail(RegexError::kRange);
        }
        const auto end = static_cast<unsigned char>(p_[i_++]);
        if (end < *last) return Fail(RegexError::kRange);
        for (int b = *last; b <= end; ++b) set.Add(static_cast<unsigned char>(b));
        last.reset();
        first = false;
        continue;
      }
      first = false;
      if (c == '[' && i_ + 1 < p_.size() && std::strchr(":.=", p_[i_ + 1]) != nullptr) {
        const char kind = p_[i_ + 1];
        const size_t name_start = i_ + 2;
        const size_t close = p_.find(std::string{kind, ']'}, name_start);
        if (close == std::string_view::npos) {
          return Fail(kind == ':' ? RegexError::kClass : RegexError::kCollate);
        }
        const std::string_view name = p_.substr(name_start, close - name_start);
        i_ = close + 2;
        if (kind == ':') {
          for (int b = 0; b < 256; ++b) {
            bool known = false;
            if (ClassHas(name, static_cast<unsigned char>(b), &known)) {
              set.Add(static_cast<unsigned char>(b));
            }
            if (!known) return Fail(RegexError::kClass);
          }
          last.reset();
        } else {
          // A collating element or equivalence class of one character is that character.
          if (name.size() != 1) return Fail(RegexError::kCollate);
          set.Add(static_cast<unsigned char>(name[0]));
          last = static_cast<unsigned char>(name[0]);
        }
        continue;
      }
      set.Add(static_cast<unsigned char>(c));
      last = static_cast<unsigned char>(c);
      ++i_;
    }
    if (negate) {
      for (uint64_t& word : set.bits) word = ~word;
    }
    sets_->push_back(set);
    return Add({.kind = Node::Kind::kSet, .set = static_cast<int>(sets_->size()) - 1});
  }

  bool Push(Inst inst) {
    if (static_cast<int>(program_->size()) >= TracepointRegex::kMaxProgram) {
      Fail(RegexError::kTooComplex);
      return false;
    }
    program_->push_back(inst);
    return true;
  }

  int Here() const { return static_cast<int>(program_->size()); }

  // Appends the program of `n`. Recursion depth: the tree's height (<= kMaxHeight).
  bool Emit(int n) {
    if (++work_ > kMaxWork) {
      Fail(RegexError::kTooComplex);
      return false;
    }
    const Node& node = nodes_[n];
    switch (node.kind) {
      case Node::Kind::kEmpty:
        return true;
      case Node::Kind::kChar:
        return Push({.op = Op::kChar, .ch = node.ch});
      case Node::Kind::kSet:
        return Push({.op = Op::kSet, .x = node.set});
      case Node::Kind::kAny:
        return Push({.op = Op::kAny});
      case Node::Kind::kBol:
        return Push({.op = Op::kBol});
      case Node::Kind::kEol:
        return Push({.op = Op::kEol});
      case Node::Kind::kConcat:
        for (int c : node.children) {
          if (!Emit(c)) return false;
        }
        return true;
      case Node::Kind::kAlt: {
        // split L1, next; L1: a; jump end; next: split L2, next2; ... last alternative.
        std::vector<int> jumps;
        for (size_t k = 0; k < node.children.size(); ++k) {
          if (k + 1 == node.children.size()) {
            if (!Emit(node.children[k])) return false;
            break;
          }
          const int split = Here();
          if (!Push({.op = Op::kSplit, .x = split + 1}) || !Emit(node.children[k])) return false;
          jumps.push_back(Here());
          if (!Push({.op = Op::kJump})) return false;
          (*program_)[split].y = Here();
        }
        for (int j : jumps) (*program_)[j].x = Here();
        return true;
      }
      case Node::Kind::kRepeat:
        return EmitRepeat(node.children[0], node.min, node.max);
    }
    return true;
  }

  bool EmitRepeat(int body, int min, int max) {
    if (max == -1 && min > 0) {
      // body{min-1} then L: body; split L, out
      for (int k = 0; k + 1 < min; ++k) {
        if (!Emit(body)) return false;
      }
      const int loop = Here();
      if (!Emit(body)) return false;
      return Push({.op = Op::kSplit, .x = loop, .y = Here() + 1});
    }
    for (int k = 0; k < min; ++k) {
      if (!Emit(body)) return false;
    }
    if (max == -1) {
      // L: split body, out; body; jump L; out:
      const int loop = Here();
      if (!Push({.op = Op::kSplit, .x = loop + 1}) || !Emit(body) ||
          !Push({.op = Op::kJump, .x = loop})) {
        return false;
      }
      (*program_)[loop].y = Here();
      return true;
    }
    // (max - min) optional copies, each skipping to the end: split b, out; b; split b, out; ...
    std::vector<int> splits;
    for (int k = min; k < max; ++k) {
      splits.push_back(Here());
      if (!Push({.op = Op::kSplit, .x = Here() + 1}) || !Emit(body)) return false;
    }
    for (int s : splits) (*program_)[s].y = Here();
    return true;
  }

  std::string_view p_;
  size_t i_ = 0;
  std::vector<Node> nodes_;
  std::vector<ByteSet>* sets_;
  std::vector<Inst>* program_;
  std::optional<RegexError> error_;
  int work_ = 0;
};

}  // namespace

std::string_view RegexErrorText(RegexError error) {
  switch (error) {
    case RegexError::kRepeatsNothing:
      return "'*', '+', '?' or '{' with nothing to repeat (to match anything write '.*')";
    case RegexError::kParen:
      return "unbalanced parentheses";
    case RegexError::kBracket:
      return "unbalanced brackets";
    case RegexError::kBrace:
      return "unbalanced braces";
    case RegexError::kBadBrace:
      return "a bad repeat count in '{...}'";
    case RegexError::kRange:
      return "a bad character range such as 'z-a'";
    case RegexError::kEscape:
      return "a bad escape or a trailing backslash";
    case RegexError::kClass:
      return "an unknown character class name";
    case RegexError::kCollate:
      return "an unknown collating element name";
    case RegexError::kTooComplex:
      return "too complex to match";
  }
  return "not a valid POSIX extended regular expression";
}

absl::StatusOr<TracepointRegex> TracepointRegex::Compile(std::string_view pattern) {
  TracepointRegex re;
  if (std::optional<RegexError> error = Compiler(pattern, &re.sets_, &re.program_).Run()) {
    return absl::InvalidArgumentError(std::string(RegexErrorText(*error)));
  }
  return re;
}

}  // namespace ior::internal
