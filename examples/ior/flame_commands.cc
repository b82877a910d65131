#include "flame_commands.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ior/escape.h"
#include "ior/flame_collapsed.h"
#include "ior/flame_recording.h"
#include "ior/flame_svg.h"

namespace ior::cli {
namespace {

constexpr char kUsage[] =
    "Usage: ior collapsed [flags] FILE.ior.zst     collapsed stacks on stdout\n"
    "       ior svg [flags] FILE.ior.zst > out.svg  an interactive SVG flamegraph\n"
    "\n"
    "Reads a recording written by `ior -flamegraph`.\n"
    "\n"
    "Flags:\n"
    "  -fields LIST     frames, bottom to top, from comm, tracepoint, path, pid, tid, flags\n"
    "                   (default comm,tracepoint,path)\n"
    "  -count WEIGHT    count, duration, durationToPrev or bytes (default count)\n"
    "  -escape MODE     auto (escape control bytes and invalid UTF-8 when stdout is a\n"
    "                   terminal), always or never; LF and CR are always written as \\x0a\n"
    "                   and \\x0d (default auto; collapsed only)\n"
    "  -title TEXT      the SVG's title (svg only)\n"
    "  -width PX        the SVG's width in pixels (default 1200; svg only)\n"
    "\n"
    "Examples:\n"
    "  ior collapsed host-default-2025-05-24_21:42:50.ior.zst | flamegraph.pl > f.svg\n"
    "  ior collapsed -fields path,tracepoint -count bytes FILE.ior.zst\n"
    "  ior svg -count duration -title 'make -j2' FILE.ior.zst > flame.svg\n";

int Usage(const std::string& message) {
  std::fprintf(stderr, "ior: %s\ntry 'ior collapsed -help'\n", EscapeText(message).c_str());
  return 2;
}

int Fail(absl::string_view message) {
  std::fprintf(stderr, "ior: %.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

bool WriteAll(const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
         std::fflush(stdout) == 0;
}

}  // namespace

bool IsFlameCommand(std::string_view name) { return name == "collapsed" || name == "svg"; }

int RunFlameCommand(int argc, char** argv) {
  const std::string_view command = argv[0];
  const bool svg = command == "svg";
  FlameSvgOptions options;
  std::string escape = "auto";
  std::string file;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-help" || arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      std::string_view name = arg.substr(arg[1] == '-' ? 2 : 1);
      std::string value;
      if (size_t eq = name.find('='); eq != std::string_view::npos) {
        value = std::string(name.substr(eq + 1));
        name = name.substr(0, eq);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return Usage("flag -" + std::string(name) + " needs a value");
      }
      if (name == "fields") {
        absl::StatusOr<std::vector<FlameField>> fields = ParseFlameFields(value);
        if (!fields.ok()) return Usage("flag -fields: " + std::string(fields.status().message()));
        options.stack.fields = *fields;
      } else if (name == "count") {
        absl::StatusOr<FlameWeight> weight = ParseFlameWeight(value);
        if (!weight.ok()) return Usage("flag -count: " + std::string(weight.status().message()));
        options.stack.weight = *weight;
      } else if (name == "escape" && !svg) {
        if (value != "auto" && value != "always" && value != "never") {
          return Usage("flag -escape: '" + value + "' is not auto, always or never");
        }
        escape = value;
      } else if (name == "title" && svg) {
        options.title = value;
      } else if (name == "width" && svg) {
        char* end = nullptr;
        const long px = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || px < 200 || px > 100000) {
          return Usage("flag -width: '" + value + "' is not a number of pixels in 200..100000");
        }
        options.width = static_cast<int>(px);
      } else {
        return Usage("unknown flag -" + std::string(name) + " for 'ior " + std::string(command) +
                     "'");
      }
      continue;
    }
    if (!file.empty())
      return Usage("expected one recording, got '" + file + "' and '" + std::string(arg) + "'");
    file = std::string(arg);
  }
  if (file.empty()) return Usage("expected a recording: ior " + std::string(command) + " FILE");

  absl::StatusOr<Recording> recording = ReadRecording(file);
  if (!recording.ok()) return Fail(recording.status().message());
  std::string out;
  if (svg) {
    out = RenderFlameSvg(recording->flame, options);
  } else {
    options.stack.escape_terminal =
        escape == "always" || (escape == "auto" && isatty(STDOUT_FILENO) == 1);
    out = FormatCollapsed(recording->flame, options.stack);
  }
  if (!WriteAll(out)) return Fail("cannot write to stdout");
  return 0;
}

}  // namespace ior::cli
