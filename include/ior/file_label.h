// The text that names an event's file, as every sink shows it.
//
// The library carries a file as structure (Event::file_status, file_ref, old_file_ref,
// file_ino); this is the one rendering the sinks share:
//   a path or kernel name      /etc/hostname, pipe:[123], TCP:[127.0.0.1:5000->127.0.0.1:41234]
//   rename, link, symlink      old -> new
//   only the identity known    E:ino:<inode>
//   no file                    "" (the CSV writes its own placeholder, N:file)
#ifndef IOR_INCLUDE_IOR_FILE_LABEL_H_
#define IOR_INCLUDE_IOR_FILE_LABEL_H_

#include <string>
#include <string_view>

#include "ior/event.h"

namespace ior {

// The label of `event`, which must belong to `batch`. Points into the batch or into `scratch`
// (which must not be NULL and is overwritten when a label has to be composed); valid until
// either changes.
std::string_view FileLabel(const EventBatch& batch, const Event& event, std::string* scratch);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_FILE_LABEL_H_
