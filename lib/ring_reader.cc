#include "ring_reader.h"

#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "absl/status/status.h"
#include "ior/error.h"

namespace ior::internal {
namespace {

// The kernel's record header (struct bpf_ringbuf_hdr): length with busy/discard bits, then
// the page offset the kernel uses to find the ring from a record.
constexpr size_t kHeaderSize = BPF_RINGBUF_HDR_SZ;

uint64_t LoadAcquire(const void* p) {
  return reinterpret_cast<const std::atomic<uint64_t>*>(p)->load(std::memory_order_acquire);
}

uint32_t LoadAcquire32(const void* p) {
  return reinterpret_cast<const std::atomic<uint32_t>*>(p)->load(std::memory_order_acquire);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RingReader>> RingReader::Create(int map_fd, size_t ring_bytes) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* consumer = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
  if (consumer == MAP_FAILED) {
    return ErrnoStatus(errno, "cannot map the ring buffer's consumer page");
  }
  // The data area follows the producer page and is mapped twice in a row, so that a record
  // that wraps around the end reads as one piece.
  void* producer =
      mmap(nullptr, page + 2 * ring_bytes, PROT_READ, MAP_SHARED, map_fd, static_cast<off_t>(page));
  if (producer == MAP_FAILED) {
    int err = errno;
    munmap(consumer, page);
    return ErrnoStatus(err, "cannot map the ring buffer's data");
  }
  return std::unique_ptr<RingReader>(new RingReader(map_fd, ring_bytes, consumer, producer, page));
}

RingReader::~RingReader() {
  munmap(consumer_page_, page_);
  munmap(producer_page_, page_ + 2 * ring_bytes_);
}

size_t RingReader::Consume(Callback callback, void* ctx) {
  auto* consumer_pos = reinterpret_cast<std::atomic<uint64_t>*>(consumer_page_);
  const char* data = static_cast<const char*>(producer_page_) + page_;
  uint64_t cons = consumer_pos->load(std::memory_order_relaxed);
  uint64_t prod = LoadAcquire(producer_page_);
  size_t records = 0;
  while (cons < prod) {
    const char* hdr = data + (cons & mask_);
    uint32_t len = LoadAcquire32(hdr);
    if (len & BPF_RINGBUF_BUSY_BIT) break;  // still being written
    bool discarded = (len & BPF_RINGBUF_DISCARD_BIT) != 0;
    len &= ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
    if (!discarded) callback(ctx, hdr + kHeaderSize, len);
    cons += (kHeaderSize + len + 7) & ~uint64_t{7};
    ++records;
    // Re-read the producer when caught up: the pass goes on while records keep coming.
    if (cons >= prod) prod = LoadAcquire(producer_page_);
  }
  if (records != 0) consumer_pos->store(cons, std::memory_order_release);
  return records;
}

}  // namespace ior::internal
