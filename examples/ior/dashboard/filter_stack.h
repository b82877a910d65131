// The dashboard's global filter as the user builds it, as the original's: a scope (one syscall
// family, stepped with [ and ]) and a stack of conditions (f or a table row's Enter pushes one,
// F pops the last, c clears them all). A row must pass the scope and every condition: they
// combine into one Filter, which the model applies to every tab and to the recording.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_FILTER_STACK_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_FILTER_STACK_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "filter.h"

namespace ior::dashboard {

class FilterStack {
 public:
  // Parses `text` (Filter::Parse) and pushes it; its error otherwise, the stack unchanged.
  // Blank text pushes nothing.
  absl::Status Push(std::string_view text);
  // Removes the last condition; false if there was none.
  bool Pop();
  // Removes every condition and the scope.
  void Clear();
  // Steps the scope through "" (every family), then `families` in their order, by `step` (+1
  // or -1), wrapping. A scope not in `families` steps from "".
  void StepScope(const std::vector<std::string>& families, int step);

  const std::string& scope() const { return scope_; }
  const std::vector<std::string>& conditions() const { return conditions_; }
  bool empty() const { return scope_.empty() && conditions_.empty(); }

  // The one filter they make: family==<scope> and every condition.
  Filter Combined() const;
  // "all", or e.g. "[FS] file==/tmp & syscall==read" (raw text: the caller escapes it).
  std::string Describe() const;

 private:
  std::string scope_;
  std::vector<std::string> conditions_;  // each as typed, trimmed
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_FILTER_STACK_H_
