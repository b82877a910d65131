// A native, self-contained, interactive SVG flamegraph of a FlameAggregator (no external
// script or font): the root at the bottom, one frame per stack element of the collapsed model
// (ior/flame_collapsed.h), siblings sorted by name, widths proportional to the weight.
//
// In a browser: hovering a frame shows its name, value and share of the total; a click zooms
// into it (it becomes the full width, its ancestors stay as context); "Reset zoom" (or Escape)
// goes back; "Search" (or Ctrl-F, or '/') highlights the frames whose name matches a regular
// expression and shows the share of the total they cover. Frames are coloured by type: process
// (comm), syscall (hue by syscall family), directory, file, pid/tid, flags, placeholders.
//
// Frames narrower than FlameSvgOptions::min_frame_px are merged per parent into one
// "[N small frames]" frame whose children are not drawn, so that the file stays small and fast
// to open whatever the number of keys (about width × depth frames at most).
//
// Threads: only reads the aggregator. Never prints, never throws.
#ifndef IOR_INCLUDE_IOR_FLAME_SVG_H_
#define IOR_INCLUDE_IOR_FLAME_SVG_H_

#include <string>

#include "ior/flame.h"
#include "ior/flame_collapsed.h"

namespace ior {

struct FlameSvgOptions {
  FlameStackOptions stack;  // fields and weight; escape_terminal is forced on (SVG is XML)
  std::string title;        // empty: "I/O Traces (<fields> by <weight>)"
  int width = 1200;         // pixels
  int frame_height = 16;
  double min_frame_px = 1.0;
};

// The SVG document (UTF-8). An empty aggregator gives a valid SVG that says so.
std::string RenderFlameSvg(const FlameAggregator& flame, const FlameSvgOptions& options);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_FLAME_SVG_H_
