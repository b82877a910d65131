#include "ior/flame_svg.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "flame_svg_script.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

// What a frame shows, for its colour and for the legend.
enum class FrameType : uint8_t {
  kRoot,
  kProcess,
  kSyscall,
  kDirectory,
  kFile,
  kId,
  kFlags,
  kOther
};

struct Node {
  uint32_t parent;
  uint32_t name;  // index into Tree::names
  FrameType type;
  uint8_t family;  // FrameType::kSyscall: ior::Family
  uint64_t value = 0;
  std::vector<uint32_t> children;
};

struct Tree {
  std::vector<Node> nodes;
  std::vector<std::string> names;
  absl::flat_hash_map<std::string, uint32_t> name_ids;
  absl::flat_hash_map<std::pair<uint32_t, uint32_t>, uint32_t> child;  // (parent, name) → node

  uint32_t Name(const std::string& s) {
    auto [it, added] = name_ids.emplace(s, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(s);
    return it->second;
  }
  uint32_t Child(uint32_t parent, uint32_t name, FrameType type, uint8_t family) {
    auto [it, added] = child.emplace(std::make_pair(parent, name), 0);
    if (added) {
      it->second = static_cast<uint32_t>(nodes.size());
      nodes.push_back(Node{parent, name, type, family, 0, {}});
      nodes[parent].children.push_back(it->second);
    }
    return it->second;
  }
};

FrameType TypeOf(const FlameFrame& f, bool last_path_frame) {
  if (f.placeholder) return FrameType::kOther;
  switch (f.field) {
    case FlameField::kComm:
      return f.text == kFlameOtherLabel ? FrameType::kOther : FrameType::kProcess;
    case FlameField::kTracepoint:
      return FrameType::kSyscall;
    case FlameField::kPath:
      if (f.text == kFlameOtherLabel) return FrameType::kOther;
      return last_path_frame ? FrameType::kFile : FrameType::kDirectory;
    case FlameField::kPid:
    case FlameField::kTid:
      return FrameType::kId;
    case FlameField::kFlags:
      return FrameType::kFlags;
  }
  return FrameType::kOther;
}

uint8_t FamilyOf(std::string_view tracepoint) {
  constexpr std::string_view kPrefix = "enter_";
  if (tracepoint.substr(0, kPrefix.size()) == kPrefix) tracepoint.remove_prefix(kPrefix.size());
  const SyscallInfo* info = FindSyscall(tracepoint);
  return info != nullptr ? static_cast<uint8_t>(info->family) : static_cast<uint8_t>(Family::kMisc);
}

uint32_t Hash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

// Hue, saturation and lightness ranges per type; the name picks a shade so that neighbours
// differ.
std::string Colour(const Node& node, std::string_view name) {
  const uint32_t h = Hash(name);
  const int jitter = static_cast<int>(h % 16);
  int hue, sat, light;
  switch (node.type) {
    case FrameType::kRoot:
      return "rgb(200,200,200)";
    case FrameType::kProcess:
      hue = 205 + jitter / 2, sat = 65, light = 62 + jitter / 2;
      break;
    case FrameType::kSyscall: {
      // One hue per family (the order of ior::Family).
      static constexpr int kFamilyHue[] = {185, 280, 340, 250, 310, 55, 0, 95, 25, 160, 15, 220};
      hue = kFamilyHue[std::min<size_t>(node.family, std::size(kFamilyHue) - 1)] + jitter / 4;
      sat = 80, light = 55 + jitter / 2;
      break;
    }
    case FrameType::kDirectory:
      hue = 115 + jitter / 2, sat = 45, light = 58 + jitter;
      break;
    case FrameType::kFile:
      hue = 45 + jitter / 2, sat = 90, light = 55 + jitter;
      break;
    case FrameType::kId:
      hue = 265, sat = 40, light = 70 + jitter / 2;
      break;
    case FrameType::kFlags:
      hue = 200, sat = 15, light = 65 + jitter / 2;
      break;
    case FrameType::kOther:
    default:
      return "rgb(170,170,170)";
  }
  return absl::StrFormat("hsl(%d,%d%%,%d%%)", hue, sat, light);
}

void AppendXml(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string Xml(std::string_view s) {
  std::string out;
  AppendXml(s, &out);
  return out;
}

std::string_view UnitOf(FlameWeight w) {
  switch (w) {
    case FlameWeight::kCount:
      return "calls";
    case FlameWeight::kDuration:
    case FlameWeight::kDurationToPrev:
      return "ns";
    case FlameWeight::kBytes:
      return "bytes";
  }
  return "";
}

struct Layout {
  const Tree& tree;
  const FlameSvgOptions& options;
  double scale;  // pixels per weight unit
  double pad;
  int bottom;  // y of the root frame's top
  uint64_t total;
  std::string_view unit;
  std::string* out;
  size_t frames = 0;
  int max_depth = 0;

  void Frame(std::string_view name, FrameType type, std::string_view fill, uint64_t x,
             uint64_t value, int depth) {
    const double px = static_cast<double>(x) * scale + pad;
    const double w = static_cast<double>(value) * scale;
    const int y = bottom - depth * options.frame_height;
    const double pct = total ? 100.0 * static_cast<double>(value) / static_cast<double>(total) : 0;
    (void)type;
    std::string label;
    const int fit = static_cast<int>((w - 6) / (0.59 * 12));
    if (fit >= 3) {
      label = name.size() <= static_cast<size_t>(fit)
                  ? std::string(name)
                  : std::string(name.substr(0, static_cast<size_t>(fit - 2))) + "..";
    }
    absl::StrAppendFormat(out,
                          "<g class=\"f\" data-x=\"%d\" data-v=\"%d\" data-d=\"%d\" data-n=\"%s\">"
                          "<title>%s (%d %s, %.2f%%)</title>"
                          "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" "
                          "rx=\"2\"/><text x=\"%.2f\" y=\"%d\">%s</text></g>\n",
                          x, value, depth, Xml(name), Xml(name), value, unit, pct, px, y, w,
                          options.frame_height - 1, fill, px + 3, y + options.frame_height - 4,
                          Xml(label));
    ++frames;
    max_depth = std::max(max_depth, depth);
  }

  // Draws `id` at [x, x + value) and its children; narrow children are merged into one frame.
  void Draw(uint32_t id, uint64_t x, int depth) {
    const Node& node = tree.nodes[id];
    const std::string& name = node.type == FrameType::kRoot ? tree.names[0] : tree.names[node.name];
    Frame(name, node.type, Colour(node, name), x, node.value, depth);
    std::vector<uint32_t> children = node.children;
    std::sort(children.begin(), children.end(), [this](uint32_t a, uint32_t b) {
      return tree.names[tree.nodes[a].name] < tree.names[tree.nodes[b].name];
    });
    uint64_t cx = x;
    uint64_t small_value = 0;
    size_t small_count = 0;
    const double min_value = options.min_frame_px / scale;
    for (uint32_t c : children) {
      const uint64_t v = tree.nodes[c].value;
      if (static_cast<double>(v) < min_value) {
        small_value += v;
        ++small_count;
        continue;
      }
      Draw(c, cx, depth + 1);
      cx += v;
    }
    if (small_count > 0 && static_cast<double>(small_value) * scale >= 0.1) {
      Frame(absl::StrCat("[", small_count, " small frames]"), FrameType::kOther, "rgb(170,170,170)",
            cx, small_value, depth + 1);
    }
  }
};

}  // namespace

std::string RenderFlameSvg(const FlameAggregator& flame, const FlameSvgOptions& options) {
  FlameStackOptions stack = options.stack;
  stack.escape_terminal = true;  // XML takes no control characters and only valid UTF-8

  Tree tree;
  tree.Name("all");
  tree.nodes.push_back(Node{0, 0, FrameType::kRoot, 0, 0, {}});
  std::vector<FlameFrame> frames;
  int depth = 0;
  flame.ForEach([&](const FlameRecord& r) {
    const uint64_t v = FlameWeightOf(r.counters, stack.weight);
    if (v == 0) return;
    FlameFrames(r, stack, &frames);
    depth = std::max(depth, static_cast<int>(frames.size()));
    uint32_t node = 0;
    tree.nodes[0].value += v;
    for (size_t i = 0; i < frames.size(); ++i) {
      const bool last_path = frames[i].field == FlameField::kPath &&
                             (i + 1 == frames.size() || frames[i + 1].field != FlameField::kPath);
      const FrameType type = TypeOf(frames[i], last_path);
      const uint8_t family = type == FrameType::kSyscall ? FamilyOf(frames[i].text) : 0;
      node = tree.Child(node, tree.Name(frames[i].text), type, family);
      tree.nodes[node].value += v;
    }
  });

  std::string fields;
  for (FlameField f : stack.fields) {
    if (!fields.empty()) fields += ";";
    fields += FlameFieldName(f);
  }
  const std::string title = options.title.empty()
                                ? absl::StrCat("I/O Traces (", fields, " by ",
                                               std::string(FlameWeightName(stack.weight)), ")")
                                : options.title;
  const int width = std::max(options.width, 200);
  const double pad = 10;
  const double drawable = width - 2 * pad;
  const int fh = std::max(options.frame_height, 8);
  const int top = 56;  // title, buttons, legend
  const int height = top + (depth + 1) * fh + 34;
  const uint64_t total = tree.nodes[0].value;
  const std::string_view unit = UnitOf(stack.weight);

  std::string out;
  out.reserve(1 << 20);
  absl::StrAppendFormat(
      &out,
      "<?xml version=\"1.0\" standalone=\"no\"?>\n"
      "<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
      "xmlns=\"http://www.w3.org/2000/svg\" data-total=\"%d\" data-unit=\"%s\" "
      "data-width=\"%.2f\" data-pad=\"%.2f\" data-fh=\"%d\" data-fontw=\"%.3f\">\n"
      "<style>text{font-family:Verdana,sans-serif;font-size:12px;fill:#000}"
      "#title{font-size:17px}.f text{pointer-events:none}.f:hover rect{stroke:#000;"
      "stroke-width:0.5}#reset,#search{cursor:pointer;fill:#0645ad}.legend{font-size:11px}"
      "</style>\n"
      "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f4\"/>\n"
      "<text id=\"title\" x=\"%d\" y=\"22\" text-anchor=\"middle\">%s</text>\n"
      "<text id=\"reset\" x=\"%.0f\" y=\"22\" opacity=\"0\">Reset zoom</text>\n"
      "<text id=\"search\" x=\"%.0f\" y=\"22\" text-anchor=\"end\">Search</text>\n"
      "<text id=\"matched\" x=\"%.0f\" y=\"%d\" text-anchor=\"end\"></text>\n"
      "<text id=\"details\" x=\"%.0f\" y=\"%d\"> </text>\n",
      width, height, width, height, total, unit, drawable, pad, fh, 0.59 * 12, width, height,
      width / 2, Xml(title), pad, width - pad, width - pad, height - 12, pad, height - 12);

  // Legend: one swatch per frame type.
  static constexpr struct {
    std::string_view label;
    std::string_view fill;
  } kLegend[] = {
      {"process", "hsl(209,65%,66%)"},      {"syscall (hue by family)", "hsl(25,80%,58%)"},
      {"directory", "hsl(119,45%,64%)"},    {"file", "hsl(49,90%,61%)"},
      {"pid/tid", "hsl(265,40%,73%)"},      {"flags", "hsl(200,15%,68%)"},
      {"other, merged", "rgb(170,170,170)"}};
  double lx = pad;
  for (const auto& l : kLegend) {
    absl::StrAppendFormat(&out,
                          "<rect x=\"%.0f\" y=\"34\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                          "<text class=\"legend\" x=\"%.0f\" y=\"43\">%s</text>\n",
                          lx, l.fill, lx + 14, l.label);
    lx += 14 + 7.0 * static_cast<double>(l.label.size()) + 18;
  }

  if (total == 0) {
    absl::StrAppendFormat(&out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">No data</text>\n",
                          width / 2, top + 20);
  } else {
    Layout layout{
        tree, options, drawable / static_cast<double>(total), pad, top + depth * fh, total,
        unit, &out};
    layout.Draw(0, 0, 0);
  }
  out.append("<script type=\"text/ecmascript\"><![CDATA[");
  out.append(internal::kFlameSvgScript);
  out.append("]]></script>\n</svg>\n");
  return out;
}

}  // namespace ior
