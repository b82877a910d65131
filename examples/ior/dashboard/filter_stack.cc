#include "filter_stack.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "filter.h"

namespace ior::dashboard {

absl::Status FilterStack::Push(std::string_view text) {
  absl::StatusOr<Filter> parsed = Filter::Parse(text);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->empty()) conditions_.push_back(parsed->text());
  return absl::OkStatus();
}

bool FilterStack::Pop() {
  if (conditions_.empty()) return false;
  conditions_.pop_back();
  return true;
}

void FilterStack::Clear() {
  conditions_.clear();
  scope_.clear();
}

void FilterStack::StepScope(const std::vector<std::string>& families, int step) {
  // Position 0 is "every family", 1..n the families.
  const int n = static_cast<int>(families.size()) + 1;
  auto it = std::find(families.begin(), families.end(), scope_);
  const int at = it == families.end() ? 0 : static_cast<int>(it - families.begin()) + 1;
  const int next = ((at + step) % n + n) % n;
  scope_ = next == 0 ? std::string() : families[static_cast<size_t>(next - 1)];
}

Filter FilterStack::Combined() const {
  // Each condition parsed on its own when pushed; their terms AND together, so the joined
  // text parses to the same terms.
  std::string text;
  if (!scope_.empty()) text = "family==\"" + scope_ + "\"";
  for (const std::string& c : conditions_) text.append(" ").append(c);
  absl::StatusOr<Filter> f = Filter::Parse(text);
  return f.ok() ? *std::move(f) : Filter();
}

std::string FilterStack::Describe() const {
  if (empty()) return "all";
  std::string out;
  if (!scope_.empty()) out = "[" + scope_ + "]";
  for (const std::string& c : conditions_) {
    if (!out.empty()) out.append(out.back() == ']' ? " " : " & ");
    out.append(c);
  }
  return out;
}

}  // namespace ior::dashboard
