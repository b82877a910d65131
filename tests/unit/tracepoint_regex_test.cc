// The -tps matcher (lib/tracepoint_regex.h): the same answers as std::regex (POSIX extended,
// the oracle) on the syscall table for ordinary patterns, the same error texts as before, and
// an answer, match or error, for the patterns that made std::regex backtrack for minutes.
#include "tracepoint_regex.h"

#include <regex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ior/syscalls.h"

namespace ior::internal {
namespace {

std::vector<std::string> Subjects() {
  std::vector<std::string> out;
  for (const SyscallInfo& s : AllSyscalls()) out.push_back("sys_enter_" + std::string(s.name));
  return out;
}

std::string ErrorOf(const std::string& pattern) {
  absl::StatusOr<TracepointRegex> re = TracepointRegex::Compile(pattern);
  if (re.ok()) return "ok";
  EXPECT_EQ(re.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(re.status().message());
}

TEST(TracepointRegex, MatchesWhatStdRegexMatchesOnTheSyscallTable) {
  const std::vector<std::string> patterns = {
      "openat",
      "read",
      "^sys_enter_read$",
      "^sys_enter_read",
      "write$",
      "^openat",  // anchored before the prefix: nothing
      "open|close",
      "^sys_enter_(open|close)$",
      "(mm|mun)ap",
      "sys_enter_.*at$",
      "^sys_enter_[a-c]",
      "^sys_enter_[^a-r]",
      "[[:digit:]]",
      "[[:digit:]]$",
      "[[:upper:]]",
      "[[:alpha:]]+64$",
      "^[[:lower:]_]+$",
      "[[:alnum:]]{12}",
      "[[:space:]]",
      "[[:punct:]]",
      "_[[:xdigit:]]{4}",
      "[^[:alpha:]_]",
      "[]x]",
      "[^]a-z_]",
      "[-z]",
      "[z-]",
      "[!--]",
      "fs?tat",
      "f?stat",
      "^sys_enter_.{4}$",
      "^sys_enter_.{4,}$",
      "^sys_enter_.{2,5}$",
      "^sys_enter_.{0,3}$",
      "^sys_enter_(..){3}$",
      "e{2}",
      "e{2}{2}",
      "(_[a-z]+){3}",
      "(_[a-z]+){2,}",
      "_(a|e|i|o|u)+_",
      "((ep)?oll)_(c|w|p)",
      "(sig|rt_sig)(action|return)",
      "s(e|o)c?k",
      "x+a*t+r+",
      "^sys_enter_(get|set)(res|e)?[ug]id",
      "(a|b)*c",
      "((a*)*)*d",
      "(|get)uid",
      "(get|)uid$",
      "a$|^b",
      "\\.",
      "\\(",
      "\\_",  // an ordinary character escaped: std::regex throws too (-std=c++20)
      "sys\\_enter",
      "[a\\]",
      "[.]",
      "[*+?{]",
      "[[.a.]]t",
      "[[=a=]]t",
      "$^",
      "^$",
      "",
      "()",
      "()*read",
      "(read)+",
      "(read)?",
      "read*",
      "re+a?d",
      "ope{0}nat",
      "z{0,1}at",
      "_{2}",
      "[_a-z]{25,}",
      "^.*$",
      "\\^",
      "\\$",
      "a**",
      "a+?",
      "a|",
      "|a",
      "]",
      "}",
  };
  const std::vector<std::string> subjects = Subjects();
  ASSERT_GT(subjects.size(), 300u);
  for (const std::string& pattern : patterns) {
    SCOPED_TRACE(pattern);
    std::optional<std::regex> oracle;
    try {
      oracle.emplace(pattern, std::regex::extended);
    } catch (const std::regex_error&) {
    }
    absl::StatusOr<TracepointRegex> re = TracepointRegex::Compile(pattern);
    ASSERT_EQ(re.ok(), oracle.has_value()) << re.status();
    if (!re.ok()) continue;
    int matched = 0;
    for (const std::string& subject : subjects) {
      const bool want = std::regex_search(subject, *oracle);
      EXPECT_EQ(re->Search(subject), want) << subject;
      matched += want ? 1 : 0;
    }
    // Short subjects too: the empty one and the anchors at both ends.
    for (const std::string subject : {"", "a", "b", "d", "ab", "ba", "aab", "xd", "uid"}) {
      EXPECT_EQ(re->Search(subject), std::regex_search(subject, *oracle)) << "'" << subject << "'";
    }
    RecordProperty(pattern.empty() ? "(empty)" : pattern, matched);
  }
}

TEST(TracepointRegex, ErrorsSayWhatIsWrong) {
  const std::string nothing =
      "'*', '+', '?' or '{' with nothing to repeat (to match anything write '.*')";
  EXPECT_EQ(ErrorOf("*"), nothing);
  EXPECT_EQ(ErrorOf("+read"), nothing);
  EXPECT_EQ(ErrorOf("a|?"), nothing);
  EXPECT_EQ(ErrorOf("(*a)"), nothing);
  EXPECT_EQ(ErrorOf("^*"), nothing);
  EXPECT_EQ(ErrorOf("a$+"), nothing);
  EXPECT_EQ(ErrorOf("{2}"), nothing);
  EXPECT_EQ(ErrorOf("read("), "unbalanced parentheses");
  EXPECT_EQ(ErrorOf("read)"), "unbalanced parentheses");
  EXPECT_EQ(ErrorOf("((a)"), "unbalanced parentheses");
  EXPECT_EQ(ErrorOf("[ab"), "unbalanced brackets");
  EXPECT_EQ(ErrorOf("[]"), "unbalanced brackets");
  EXPECT_EQ(ErrorOf("[^]"), "unbalanced brackets");
  EXPECT_EQ(ErrorOf("[a-"), "unbalanced brackets");
  EXPECT_EQ(ErrorOf("a{2"), "unbalanced braces");
  EXPECT_EQ(ErrorOf("a{"), "unbalanced braces");
  EXPECT_EQ(ErrorOf("a{2,"), "unbalanced braces");
  EXPECT_EQ(ErrorOf("a{2,3"), "unbalanced braces");
  EXPECT_EQ(ErrorOf("a{x}"), "a bad repeat count in '{...}'");
  EXPECT_EQ(ErrorOf("a{,3}"), "a bad repeat count in '{...}'");
  EXPECT_EQ(ErrorOf("a{}"), "a bad repeat count in '{...}'");
  EXPECT_EQ(ErrorOf("a{3,2}"), "a bad repeat count in '{...}'");
  EXPECT_EQ(ErrorOf("a{1x}"), "a bad repeat count in '{...}'");
  EXPECT_EQ(ErrorOf("[z-a]"), "a bad character range such as 'z-a'");
  EXPECT_EQ(ErrorOf("[a-z-0]"), "a bad character range such as 'z-a'");
  EXPECT_EQ(ErrorOf("[[:alpha:]-z]"), "a bad character range such as 'z-a'");
  EXPECT_EQ(ErrorOf("read\\"), "a bad escape or a trailing backslash");
  EXPECT_EQ(ErrorOf("\\d"), "a bad escape or a trailing backslash");
  EXPECT_EQ(ErrorOf("[[:nope:]]"), "an unknown character class name");
  EXPECT_EQ(ErrorOf("[[:alpha]"), "an unknown character class name");
  EXPECT_EQ(ErrorOf("[[.nope.]]"), "an unknown collating element name");
  EXPECT_EQ(ErrorOf("a{1000}{1000}"), "too complex to match");
  EXPECT_EQ(ErrorOf("a{99999999999999999999}"), "too complex to match");
  EXPECT_EQ(ErrorOf("(){99999}{99999}"), "too complex to match");
  EXPECT_EQ(ErrorOf(std::string(4000, '(')), "too complex to match");
  EXPECT_EQ(ErrorOf(std::string(4000, '(') + "a" + std::string(4000, ')')), "too complex to match");
  // The limits leave room for what people write.
  EXPECT_EQ(ErrorOf("[a-z_]{1,200}"), "ok");
  EXPECT_EQ(ErrorOf(std::string(100, '(') + "a" + std::string(100, ')')), "ok");
}

// Each of these took std::regex from a fraction of a second to minutes on the syscall table
// (backtracking); here each is an answer. ctest's timeout is the guard, no timing asserted.
TEST(TracepointRegex, PathologicalPatternsAnswer) {
  const std::vector<std::string> subjects = Subjects();
  const auto matches = [&](const std::string& pattern) -> std::string {
    absl::StatusOr<TracepointRegex> re = TracepointRegex::Compile(pattern);
    if (!re.ok()) return std::string(re.status().message());
    int n = 0;
    for (const std::string& s : subjects) n += re->Search(s) ? 1 : 0;
    return std::to_string(n);
  };
  EXPECT_EQ(matches("(.*)*(.*)*(.*)*z"), "0");
  EXPECT_EQ(matches("(a|.)*(a|.)*(a|.)*(a|.)*z"), "0");
  EXPECT_EQ(matches("((((.*)*)*)*)*(((.*)*)*)*(.*)*(a|.)*(a|.)*z"), "0");
  EXPECT_EQ(matches("((a*)*)*b"), matches("b"));
  EXPECT_EQ(matches("(x+x+)+y"), "0");
  EXPECT_EQ(matches("(.*)*(.*)*(.*)*t"), std::to_string(subjects.size()));  // "sys_enter_"
  EXPECT_EQ(matches("a{1000}{1000}"), "too complex to match");
  EXPECT_EQ(matches(std::string(4000, '(')), "too complex to match");
  // Long patterns: 4000 characters of brackets compile and match nothing; 1000 alternations
  // are more than the program may hold.
  std::string brackets;
  for (int i = 0; i < 800; ++i) brackets += "[a-z]";
  EXPECT_EQ(brackets.size(), 4000u);
  EXPECT_EQ(matches(brackets), "0");
  std::string alternations;
  for (int i = 0; i < 1000; ++i) alternations += "(a|.)";
  EXPECT_EQ(matches(alternations), "too complex to match");
  // At the size limit: the biggest program a pattern may have.
  EXPECT_EQ(matches("(.?){1499}z"), "0");
  EXPECT_EQ(matches("(a|.?){599}z"), "0");
  EXPECT_EQ(matches("(.?){1500}z"), "too complex to match");
  EXPECT_EQ(matches(std::string(4000, 'a')), "too complex to match");
  EXPECT_EQ(matches(std::string(4000, '*')),
            "'*', '+', '?' or '{' with nothing to repeat (to match anything write '.*')");
  EXPECT_EQ(matches("a" + std::string(4000, '*')), "too complex to match");
}

}  // namespace
}  // namespace ior::internal
