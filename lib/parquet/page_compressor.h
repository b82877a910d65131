// Compression of page bodies with the codec of the file (zstd or none).
#ifndef IOR_LIB_PARQUET_PAGE_COMPRESSOR_H_
#define IOR_LIB_PARQUET_PAGE_COMPRESSOR_H_

#include <memory>
#include <string>
#include <string_view>

#include "parquet/metadata.h"

namespace ior::internal::parquet {

// Owns one zstd compression context, reused for every page (so compression allocates nothing
// per page once warm). Not thread-safe.
class PageCompressor {
 public:
  // `level`: zstd's level (1 is fast and already compresses trace columns well).
  PageCompressor(Codec codec, int level);
  ~PageCompressor();
  PageCompressor(const PageCompressor&) = delete;
  PageCompressor& operator=(const PageCompressor&) = delete;

  Codec codec() const { return codec_; }

  // Sets `out` to the compressed `in`: a view of the compressor's own buffer (valid until the
  // next call), or `in` itself without a codec. False only if zstd fails (it does not for
  // valid parameters and a bounded output); the caller must then treat the file as failed,
  // since the codec is fixed per column chunk.
  bool Compress(std::string_view in, std::string_view* out);

 private:
  Codec codec_;
  int level_;
  void* cctx_ = nullptr;  // ZSTD_CCtx, kept out of the header
  // Output buffer; grown, never zero-filled (a std::string would clear it on every resize).
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
};

}  // namespace ior::internal::parquet

#endif  // IOR_LIB_PARQUET_PAGE_COMPRESSOR_H_
