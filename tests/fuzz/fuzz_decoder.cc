// One ring-buffer record of any bytes through the decoder (lib/decoder.cc), with and without
// file tracking: it must classify the record (event, control, malformed) without reading
// outside it, and every string reference of an event must resolve inside its batch.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "decoder.h"
#include "file_tracker.h"
#include "fuzz_fakes.h"
#include "ior/event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A heap copy of exactly `size` bytes (operator new aligns it as the ring aligns records):
  // ASan reports any read past the record.
  std::vector<uint8_t> record(data, data + size);
  ior::fuzz::FakeProc proc;
  ior::internal::CommCache comms(ior::fuzz::FakeComm);
  ior::internal::FileTracker files(&proc);
  for (ior::internal::FileTracker* tracker :
       {static_cast<ior::internal::FileTracker*>(nullptr), &files}) {
    ior::internal::Decoder decoder(&comms, tracker);
    ior::EventBatch batch;
    ior::Event e{};
    if (decoder.Decode(record.data(), record.size(), &e, &batch) !=
        ior::internal::DecodeResult::kEvent) {
      continue;
    }
    for (uint32_t ref : {e.path_ref[0], e.path_ref[1], e.file_ref, e.old_file_ref}) {
      if (ref > batch.strings().size()) __builtin_trap();
    }
    if (strnlen(e.comm, sizeof(e.comm)) == sizeof(e.comm)) __builtin_trap();
  }
  return 0;
}
