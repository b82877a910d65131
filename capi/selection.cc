// ior_selection.h over the core's ior::Selection, and the option-struct helpers every capi
// source shares.
#include "ior/selection.h"

#include <errno.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capi_internal.h"
#include "ior/ior_selection.h"
#include "ior/ior_version.h"

namespace ior::capi {
namespace {

int AppendRates(const ior_sample_rate* rates, size_t len, absl::string_view what,
                std::map<std::string, uint32_t>* out) {
  if (rates == nullptr && len != 0) {
    return Fail(-EINVAL, absl::StrCat("ior_selection.", what, " is NULL but its length is not 0"));
  }
  for (size_t i = 0; i < len; ++i) {
    if (rates[i].name == nullptr) {
      return Fail(-EINVAL, absl::StrCat("ior_selection.", what, " has a NULL name"));
    }
    (*out)[rates[i].name] = rates[i].rate;
  }
  return 0;
}

}  // namespace

int CheckOptsSize(const void* opts, size_t sz, size_t known, absl::string_view type) {
  if (sz < sizeof(size_t)) {
    return Fail(-EINVAL,
                absl::StrCat(std::string(type), ".sz ", sz, " is too small (use IOR_OPTS)"));
  }
  const unsigned char* bytes = static_cast<const unsigned char*>(opts);
  for (size_t i = known; i < sz; ++i) {
    if (bytes[i] != 0) {
      return Fail(-EINVAL, absl::StrCat(std::string(type), " has unknown non-zero byte ", i,
                                        " (built against a newer ior.h? this is libior ",
                                        IOR_VERSION_STRING, ")"));
    }
  }
  return 0;
}

int CheckOutSize(size_t sz, absl::string_view type) {
  if (sz >= sizeof(size_t)) return 0;
  return Fail(-EINVAL, absl::StrCat(std::string(type), ".sz ", sz, " is too small (use IOR_OPTS)"));
}

int AppendNames(const char* const* names, size_t len, absl::string_view what,
                std::vector<std::string>* out) {
  if (names == nullptr && len != 0) {
    return Fail(-EINVAL, absl::StrCat(std::string(what), " is NULL but its length is not 0"));
  }
  for (size_t i = 0; i < len; ++i) {
    if (names[i] == nullptr) return Fail(-EINVAL, absl::StrCat(std::string(what), " holds NULL"));
    out->emplace_back(names[i]);
  }
  return 0;
}

int ToSelection(const ior_selection* in, Selection* out) {
  if (in == nullptr) return 0;
  constexpr size_t kKnown = offsetof(ior_selection, ior_selection__last_field) +
                            sizeof(ior_selection::ior_selection__last_field);
  if (int err = CheckOptsSize(in, in->sz, kKnown, "ior_selection"); err != 0) return err;
  const ior_selection s = OptsPrefix(in);
  struct List {
    const char* const* names;
    size_t len;
    const char* what;
    std::vector<std::string>* to;
  };
  const List lists[] = {
      {s.families, s.families_len, "ior_selection.families", &out->families},
      {s.kinds, s.kinds_len, "ior_selection.kinds", &out->kinds},
      {s.syscalls, s.syscalls_len, "ior_selection.syscalls", &out->syscalls},
      {s.tracepoints, s.tracepoints_len, "ior_selection.tracepoints", &out->tracepoints},
      {s.exclude_families, s.exclude_families_len, "ior_selection.exclude_families",
       &out->exclude_families},
      {s.exclude_kinds, s.exclude_kinds_len, "ior_selection.exclude_kinds", &out->exclude_kinds},
      {s.exclude_syscalls, s.exclude_syscalls_len, "ior_selection.exclude_syscalls",
       &out->exclude_syscalls},
      {s.exclude_tracepoints, s.exclude_tracepoints_len, "ior_selection.exclude_tracepoints",
       &out->exclude_tracepoints},
  };
  for (const List& l : lists) {
    if (int err = AppendNames(l.names, l.len, l.what, l.to); err != 0) return err;
  }
  if (int err = AppendRates(s.sample_families, s.sample_families_len, "sample_families",
                            &out->sample_families);
      err != 0) {
    return err;
  }
  return AppendRates(s.sample_syscalls, s.sample_syscalls_len, "sample_syscalls",
                     &out->sample_syscalls);
}

}  // namespace ior::capi
