// Reads the kernel's BPF ring buffer directly from its memory mapping.
//
// libbpf's ring_buffer__consume() publishes the consumer position after every record. The
// producing programs read that position on every reservation, so on a busy trace each record
// costs the traced task a cache miss on a line the consumer just wrote. This reader hands
// every available record to the callback and publishes the position once per pass.
#ifndef IOR_LIB_RING_READER_H_
#define IOR_LIB_RING_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"

namespace ior::internal {

class RingReader {
 public:
  // Called for each record; `data` is valid during the call only.
  using Callback = void (*)(void* ctx, const void* data, size_t size);

  // Maps the ring buffer map `map_fd` of `ring_bytes` (its max_entries).
  static absl::StatusOr<std::unique_ptr<RingReader>> Create(int map_fd, size_t ring_bytes);
  ~RingReader();
  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;

  // Hands every committed record to `callback`, then publishes the new consumer position.
  // Stops at a record still being written. Returns the number of records (discarded ones
  // included).
  size_t Consume(Callback callback, void* ctx);

  // The map's file descriptor, readable (epoll) when the kernel wakes consumers.
  int fd() const { return map_fd_; }

 private:
  RingReader(int map_fd, size_t ring_bytes, void* consumer, void* producer, size_t page)
      : map_fd_(map_fd),
        mask_(ring_bytes - 1),
        consumer_page_(consumer),
        producer_page_(producer),
        page_(page),
        ring_bytes_(ring_bytes) {}

  int map_fd_;  // not owned
  uint64_t mask_;
  void* consumer_page_;  // read-write: the consumer position
  void* producer_page_;  // read-only: the producer position, then the data mapped twice
  size_t page_;
  size_t ring_bytes_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_RING_READER_H_
