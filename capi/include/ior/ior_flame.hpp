// ior/ior_flame.hpp: part of ior/ior.hpp (include that): Flame, flamegraph aggregation and
// `.ior.zst` recordings over ior_flame.h (the code behind `ior -flamegraph`, `ior collapsed`
// and `ior svg`).
//
//   abi::Result<abi::Flame> flame = abi::Flame::Create();
//   if (flame.ok()) flame->Attach(*session);  // every batch the session delivers is summed
//   for (const ior_event& e : session->Events()) ...
//   abi::Flame::StackOptions bytes;
//   bytes.metric = abi::FlameMetric::kBytes;
//   abi::Result<std::string> text = flame->CollapsedText(bytes);  // "app;enter_read;;/tmp;/f 42\n"
//   abi::Result<std::string> file = flame->WriteRecording(".");  // host-default-<time>.ior.zst
//
// Not thread-safe: an attached flame is written by the thread that polls its session. A flame
// detaches itself from its session when it goes; the session may go first.
#ifndef IOR_IOR_FLAME_HPP_
#define IOR_IOR_FLAME_HPP_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ior/ior.h"
#include "ior/ior_result.hpp"
#include "ior/ior_session.hpp"

namespace ior::abi {

// What a flame sums per key, and the weight of its stacks.
enum class FlameMetric : int {
  kCount = IOR_FLAME_COUNT,
  kDuration = IOR_FLAME_DURATION,
  kDurationToPrev = IOR_FLAME_DURATION_TO_PREV,
  kBytes = IOR_FLAME_BYTES,
};

class Flame {
 public:
  // How keys become collapsed stacks (ior_flame_stack_opts).
  struct StackOptions {
    // Comma-separated frames, outermost first, of comm, tracepoint, path, pid, tid, flags
    // (empty: "comm,tracepoint,path", as `ior collapsed`).
    std::string fields;
    FlameMetric metric = FlameMetric::kCount;
    // Also escape terminal controls and invalid UTF-8 (`-escape always`).
    bool escape_terminal = false;
  };
  // The SVG flamegraph (ior_flame_svg_opts).
  struct SvgOptions {
    std::string fields;  // as StackOptions::fields
    FlameMetric metric = FlameMetric::kCount;
    int width = 0;      // pixels (0: 1200)
    std::string title;  // empty: "I/O Traces (<fields> by <metric>)"
  };
  // A recording's name and what it keeps (ior_flame_recording_opts).
  struct RecordingOptions {
    std::string name;                     // the file name's middle part (empty: "default")
    const Session* stats_from = nullptr;  // whose kernel figures the file keeps (none: 0)
    std::string selection;                // how the syscalls were chosen, free text
    std::string host;                     // empty: gethostname()
  };
  // Events folded into coarser keys once the cap was reached.
  struct Folded {
    uint64_t total = 0;
    uint64_t pidless = 0;  // into pid 0/tid 0 keys
    uint64_t other = 0;    // into "[other]" keys
  };

  // An empty aggregation; past `max_keys` keys (0: the library's default, 524288) new keys
  // fold, every total stays exact.
  static Result<Flame> Create(size_t max_keys = 0) {
    ior_flame_opts o = IOR_OPTS_INIT(ior_flame_opts);
    o.max_keys = max_keys;
    ior_flame* f = nullptr;
    const int rc = ior_flame_new(&f, &o);
    if (rc != 0) return Error(rc);
    return Flame(f);
  }
  // Every record of a recording (written by WriteRecording() or `ior -flamegraph`). Errors:
  // -ENOENT, -EINVAL (not a recording), -EIO (truncated or corrupt).
  static Result<Flame> ReadRecording(const std::string& path) {
    ior_flame* f = nullptr;
    const int rc = ior_flame_read_recording(&f, path.c_str());
    if (rc != 0) return Error(rc);
    return Flame(f);
  }

  // Sums every batch `session` delivers from now on (a session feeds one flame at a time).
  Error Attach(Session& session) { return Error(ior_flame_attach(flame_.get(), session.get())); }
  // Stops `session` feeding its flame.
  static Error Detach(Session& session) { return Error(ior_flame_attach(nullptr, session.get())); }
  // Adds a record of your own (see ior_flame_record; set it up with IOR_OPTS_INIT).
  Error Add(const ior_flame_record& record) {
    return Error(ior_flame_add_record(flame_.get(), &record));
  }
  // Adds every key of `from`.
  Error Merge(const Flame& from) { return Error(ior_flame_merge(flame_.get(), from.get())); }

  // Calls `fn(const ior_flame_record&)` for every key, sorted; `fn` returns void, or an int
  // that stops the walk (and comes back as the Error's code) when non-zero. The record's
  // strings are valid during the call.
  template <typename F>
  Error ForEach(F&& fn) const {
    using Fn = std::remove_reference_t<F>;
    return Error(ior_flame_foreach(flame_.get(), &RecordTrampoline<Fn>, VoidPtr(fn)));
  }

  // Calls `fn(std::string_view stack, uint64_t value)` for every collapsed stack (frames
  // joined by ';', no line end), sorted; return as for ForEach().
  template <typename F>
  Error Collapsed(const StackOptions& options, F&& fn) const {
    using Fn = std::remove_reference_t<F>;
    ior_flame_stack_opts o = IOR_OPTS_INIT(ior_flame_stack_opts);
    o.fields = options.fields.empty() ? nullptr : options.fields.c_str();
    o.metric = static_cast<int>(options.metric);
    o.escape_terminal = options.escape_terminal ? 1 : 0;
    return Error(ior_flame_collapsed(flame_.get(), &o, &LineTrampoline<Fn>, VoidPtr(fn)));
  }
  // The collapsed stacks as text, "<stack> <value>\n" per line: what flamegraph.pl, inferno
  // and speedscope read.
  Result<std::string> CollapsedText(const StackOptions& options) const {
    std::string text;
    Error err = Collapsed(options, [&text](std::string_view stack, uint64_t value) {
      text.append(stack).append(" ").append(std::to_string(value)).append("\n");
    });
    if (!err.ok()) return err;
    return text;
  }
  Result<std::string> CollapsedText() const { return CollapsedText(StackOptions()); }

  // A self-contained interactive SVG flamegraph, written to the open descriptor `fd`.
  Error WriteSvg(int fd, const SvgOptions& options) const {
    ior_flame_svg_opts o = IOR_OPTS_INIT(ior_flame_svg_opts);
    o.fields = options.fields.empty() ? nullptr : options.fields.c_str();
    o.metric = static_cast<int>(options.metric);
    o.width = options.width;
    o.title = options.title.empty() ? nullptr : options.title.c_str();
    return Error(ior_flame_write_svg(flame_.get(), &o, fd));
  }
  Error WriteSvg(int fd) const { return WriteSvg(fd, SvgOptions()); }

  // Writes a recording into `dir` ("<host>-<name>-<time>.ior.zst", never overwriting) and
  // returns its path.
  Result<std::string> WriteRecording(const std::string& dir,
                                     const RecordingOptions& options) const {
    ior_flame_recording_opts o = IOR_OPTS_INIT(ior_flame_recording_opts);
    o.name = options.name.empty() ? nullptr : options.name.c_str();
    o.stats_from = options.stats_from != nullptr ? options.stats_from->get() : nullptr;
    o.selection = options.selection.empty() ? nullptr : options.selection.c_str();
    o.host = options.host.empty() ? nullptr : options.host.c_str();
    std::string path(4096, '\0');  // PATH_MAX; a longer path comes back cut
    const int len = ior_flame_write_recording(path.data(), path.size(), flame_.get(),
                                              dir.empty() ? nullptr : dir.c_str(), &o);
    if (len < 0) return Error(len);
    path.resize(static_cast<size_t>(len) < path.size() ? static_cast<size_t>(len)
                                                       : path.size() - 1);
    return path;
  }
  Result<std::string> WriteRecording(const std::string& dir) const {
    return WriteRecording(dir, RecordingOptions());
  }

  // What a recording says besides its records (from_recording 0 for a live flame); the
  // strings live as long as this flame.
  Result<ior_flame_info> Info() const {
    ior_flame_info info = IOR_OPTS_INIT(ior_flame_info);
    const int rc = ior_flame_info_get(flame_.get(), &info);
    if (rc != 0) return Error(rc);
    return info;
  }
  // The kernel's figures a recording keeps; Error -ENODATA for a flame not read from one.
  Result<Stats> GetStats() const {
    ior_stats* st = nullptr;
    const int rc = ior_flame_stats(&st, flame_.get());
    if (rc != 0) return Error(rc);
    return Stats(st);
  }

  // The exact sum of `metric` over every event, folded or not.
  uint64_t Total(FlameMetric metric) const {
    return ior_flame_total(flame_.get(), static_cast<ior_flame_metric>(metric));
  }
  size_t keys() const { return ior_flame_keys(flame_.get()); }
  Folded folded() const {
    Folded f;
    f.total = ior_flame_folded(flame_.get(), &f.pidless, &f.other);
    return f;
  }
  ior_flame* get() const { return flame_.get(); }

 private:
  explicit Flame(ior_flame* f) : flame_(f) {}
  template <typename Fn>
  static void* VoidPtr(Fn& fn) {
    return const_cast<void*>(static_cast<const void*>(&fn));
  }
  // A callback returning void goes on; one returning an int stops the walk when non-zero.
  template <typename Fn>
  static int RecordTrampoline(void* user_data, const ior_flame_record* record) {
    Fn& fn = *static_cast<Fn*>(user_data);
    if constexpr (std::is_void_v<std::invoke_result_t<Fn&, const ior_flame_record&>>) {
      fn(*record);
      return 0;
    } else {
      return static_cast<int>(fn(*record));
    }
  }
  template <typename Fn>
  static int LineTrampoline(void* user_data, const char* stack, uint64_t value) {
    Fn& fn = *static_cast<Fn*>(user_data);
    if constexpr (std::is_void_v<std::invoke_result_t<Fn&, std::string_view, uint64_t>>) {
      fn(std::string_view(stack), value);
      return 0;
    } else {
      return static_cast<int>(fn(std::string_view(stack), value));
    }
  }

  FlamePtr flame_;
};

}  // namespace ior::abi

#endif  // IOR_IOR_FLAME_HPP_
