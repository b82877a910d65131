// Chunks<T>: a column's values appended in mmap'd chunks of kChunkRows rows and moved out into
// one numpy array at the end, freeing each chunk as it is copied (see FrameBuilder in
// columns.h for why the peak matters).
#ifndef IOR_BINDINGS_PYTHON_COLUMN_CHUNKS_H_
#define IOR_BINDINGS_PYTHON_COLUMN_CHUNKS_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

namespace ior::python {

// Rows per chunk: big enough that the per-chunk overhead vanishes, small enough that the last,
// partly filled chunk of each column wastes little (reserved pages are not resident).
constexpr size_t kChunkRows = size_t{1} << 16;

// Values appended in chunks, moved out into one array at the end. (No bools: they are stored
// as uint8_t, the layout numpy's bool has, not as std::vector<bool>'s bits.)
//
// Chunks are mapped and unmapped directly rather than malloc'd: Finish() frees a column's
// chunks while it allocates the next arrays, and freed malloc memory mostly stays in the heap
// (glibc raises its mmap threshold after the first large free), which would keep every chunk
// resident next to the frame at the peak.
template <typename T>
class Chunks {
  static_assert(!std::is_same_v<T, bool>);

 public:
  Chunks() = default;
  ~Chunks() {
    for (T* chunk : chunks_) Unmap(chunk);
  }
  Chunks(const Chunks&) = delete;
  Chunks& operator=(const Chunks&) = delete;

  void Push(T value) {
    if (chunks_.empty() || used_ == kChunkRows) {
      chunks_.push_back(Map());
      used_ = 0;
    }
    chunks_.back()[used_++] = value;
  }

  // Copies every value to `out`, converted to Out, and frees the chunks as it goes.
  template <typename Out>
  void MoveTo(Out* out) {
    for (size_t i = 0; i < chunks_.size(); ++i) {
      const size_t n = i + 1 == chunks_.size() ? used_ : kChunkRows;
      if constexpr (std::is_same_v<Out, T>) {
        std::memcpy(out, chunks_[i], n * sizeof(T));
        out += n;
      } else {
        for (size_t k = 0; k < n; ++k) *out++ = static_cast<Out>(chunks_[i][k]);
      }
      Unmap(chunks_[i]);
    }
    chunks_.clear();
    used_ = 0;
  }

 private:
  static constexpr size_t kBytes = kChunkRows * sizeof(T);

  static T* Map() {
    void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  static void Unmap(T* chunk) { munmap(chunk, kBytes); }

  std::vector<T*> chunks_;
  size_t used_ = 0;  // values in the last chunk
};

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_COLUMN_CHUNKS_H_
