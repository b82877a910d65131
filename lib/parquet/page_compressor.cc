#include "parquet/page_compressor.h"

#include <zstd.h>

namespace ior::internal::parquet {

PageCompressor::PageCompressor(Codec codec, int level) : codec_(codec), level_(level) {
  if (codec_ == Codec::kZstd) cctx_ = ZSTD_createCCtx();
}

PageCompressor::~PageCompressor() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

bool PageCompressor::Compress(std::string_view in, std::string_view* out) {
  if (codec_ == Codec::kUncompressed) {
    *out = in;
    return true;
  }
  if (cctx_ == nullptr) return false;
  const size_t bound = ZSTD_compressBound(in.size());
  if (bound > capacity_) {
    buffer_ = std::make_unique_for_overwrite<char[]>(bound);
    capacity_ = bound;
  }
  const size_t n = ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), buffer_.get(), capacity_,
                                     in.data(), in.size(), level_);
  if (ZSTD_isError(n)) return false;
  *out = std::string_view(buffer_.get(), n);
  return true;
}

}  // namespace ior::internal::parquet
