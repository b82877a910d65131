// Decodes an event's named fields (fd, paths' companions, timeouts, extents, ...) from its raw
// arguments and the user memory the kernel side copied, following the syscall's plan.
#ifndef IOR_LIB_EVENT_FIELDS_H_
#define IOR_LIB_EVENT_FIELDS_H_

#include <cstdint>

#include "ior/event.h"

namespace ior::internal {

// `e` has nr, args and ret set; `mem` points at the copied user memory (16 bytes) and
// `have_mem` says whether the copy succeeded. Fills every named field, bytes included.
void DecodeNamedFields(const uint8_t* mem, bool have_mem, Event* e);

}  // namespace ior::internal

#endif  // IOR_LIB_EVENT_FIELDS_H_
