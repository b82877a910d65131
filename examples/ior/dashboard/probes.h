// The probes view (o, or O on the Flame tab): the twelve syscall families with how many of
// their syscalls are traced; space or Enter switches a family on or off, live, through the
// session's SetSelection (calls of syscalls that stay selected are never missed).
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_

#include <string>
#include <vector>

#include "canvas.h"
#include "ior/selection.h"

namespace ior::dashboard {

struct ProbesState {
  Selection selection;  // what the view shows and edits
  Selection applied;    // what the session runs with
  int cursor = 0;
};

void DrawProbes(Canvas& canvas, int top, int height, ProbesState& state);
// True if the key changed state.selection (the caller applies it to the session).
bool HandleProbesKey(int key, ProbesState& state);

// The families with at least one syscall traced under `selection`, in display order.
std::vector<std::string> TracedFamilies(const Selection& selection);

// `selection` with family `name` switched on or off. An empty selection (the FS family by
// default) is first written out as families = {"FS"} so that adding one keeps the others.
Selection WithFamily(const Selection& selection, const std::string& name, bool on);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_
