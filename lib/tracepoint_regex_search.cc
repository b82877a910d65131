// TracepointRegex::Search: the set simulation of the program (Thompson), with each set met
// kept as a DFA state and its transitions filled in as the subjects need them. A new state
// costs O(program); the cache is emptied when it holds too much, so memory stays bounded and
// the worst case stays O(subject x program) per subject.
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "tracepoint_regex.h"

namespace ior::internal {
namespace {

using Op = TracepointRegex::Inst::Op;

// Beyond these the cache starts over: ints of state sets kept, and states (each with a row of
// 256 transitions).
constexpr size_t kMaxCachedInts = size_t{1} << 22;
constexpr size_t kMaxDfaStates = 4096;

}  // namespace

std::vector<int> TracepointRegex::Closure(const std::vector<int>& seeds, bool at_start,
                                          bool at_end) const {
  std::vector<bool> seen(program_.size());
  std::vector<int> stack(seeds.rbegin(), seeds.rend());
  std::vector<int> out;
  // An explicit stack: an epsilon path can be as long as the program.
  while (!stack.empty()) {
    const int s = stack.back();
    stack.pop_back();
    if (seen[s]) continue;
    seen[s] = true;  // also ends empty loops such as "()*"
    const Inst& inst = program_[s];
    switch (inst.op) {
      case Op::kJump:
        stack.push_back(inst.x);
        break;
      case Op::kSplit:
        stack.push_back(inst.y);
        stack.push_back(inst.x);
        break;
      case Op::kBol:
        if (at_start) stack.push_back(s + 1);
        break;
      case Op::kEol:
        if (at_end) {
          stack.push_back(s + 1);
        } else {
          out.push_back(s);  // waits: holds if the subject ends here
        }
        break;
      case Op::kChar:
      case Op::kSet:
      case Op::kAny:
      case Op::kMatch:
        out.push_back(s);
        break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool TracepointRegex::Consumes(int pc, unsigned char c) const {
  const Inst& inst = program_[pc];
  switch (inst.op) {
    case Op::kChar:
      return inst.ch == c;
    case Op::kSet:
      return sets_[inst.x].Has(c);
    case Op::kAny:
      return true;
    default:
      return false;
  }
}

int TracepointRegex::Intern(std::vector<int> states) {
  if (auto it = dfa_index_.find(states); it != dfa_index_.end()) return it->second;
  if (dfa_states_.size() >= kMaxDfaStates || dfa_stored_ + states.size() > kMaxCachedInts) {
    dfa_states_.clear();
    dfa_matching_.clear();
    next_.clear();
    dfa_index_.clear();
    dfa_stored_ = 0;
    ++dfa_resets_;
    dfa_start_ = -1;
  }
  const int id = static_cast<int>(dfa_states_.size());
  bool matching = false;
  for (int s : states) matching = matching || program_[s].op == Op::kMatch;
  dfa_stored_ += states.size();
  dfa_index_.emplace(states, id);
  dfa_states_.push_back(std::move(states));
  dfa_matching_.push_back(matching);
  next_.resize(next_.size() + 256, -1);
  return id;
}

bool TracepointRegex::MatchesAtEnd(int state, bool at_start) const {
  std::vector<int> seeds;
  for (int s : dfa_states_[state]) {
    if (program_[s].op == Op::kEol) seeds.push_back(s + 1);
  }
  if (seeds.empty()) return false;
  for (int s : Closure(seeds, at_start, /*at_end=*/true)) {
    if (program_[s].op == Op::kMatch) return true;
  }
  return false;
}

bool TracepointRegex::Search(std::string_view subject) {
  // Position 0 is where '^' holds; later positions restart from the closure of 0 without it.
  if (dfa_start_ < 0) dfa_start_ = Intern(Closure({0}, /*at_start=*/true, /*at_end=*/false));
  int state = dfa_start_;
  if (dfa_matching_[state]) return true;
  for (const char ch : subject) {
    const auto c = static_cast<unsigned char>(ch);
    const size_t slot = static_cast<size_t>(state) * 256 + c;
    int next = next_[slot];
    if (next < 0) {
      std::vector<int> seeds;
      for (int s : dfa_states_[state]) {
        if (Consumes(s, c)) seeds.push_back(s + 1);
      }
      seeds.push_back(0);  // a match may start at every position
      const int resets = dfa_resets_;
      next = Intern(Closure(seeds, /*at_start=*/false, /*at_end=*/false));
      // Intern may have emptied the cache: `state` is gone then, with its row.
      if (dfa_resets_ == resets) next_[slot] = next;
    }
    state = next;
    if (dfa_matching_[state]) return true;
  }
  return MatchesAtEnd(state, subject.empty());
}

}  // namespace ior::internal
