#include "parquet/footer_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/error.h"
#include "parquet/thrift_compact.h"

namespace ior::internal::parquet {
namespace {

// Nesting deeper than this is not a footer this project writes (nor any sane one).
constexpr int kMaxDepth = 32;

// A Thrift compact-protocol reader over a byte range. Errors are sticky: after the first, every
// read returns zeros and ok() is false.
class CompactReader {
 public:
  explicit CompactReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }

  uint8_t Byte() {
    if (pos_ >= in_.size()) return Fail();
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = Byte();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  int64_t Int() {
    const uint64_t z = Varint();
    return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  }
  std::string_view Binary() {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // A field header: its type (0 = stop) and id, given the previous id of the struct.
  uint8_t FieldHeader(int16_t* id) {
    const uint8_t b = Byte();
    const uint8_t type = b & 0x0f;
    if (type == 0) return 0;
    const int delta = b >> 4;
    *id = delta != 0 ? static_cast<int16_t>(*id + delta) : static_cast<int16_t>(Int());
    return type;
  }
  // A list header: element type and size.
  uint8_t ListHeader(uint64_t* size) {
    const uint8_t b = Byte();
    *size = (b >> 4) == 15 ? Varint() : (b >> 4);
    if (*size > in_.size()) Fail();  // each element takes at least one byte
    return b & 0x0f;
  }
  // Skips an element of a list, set or map: there a bool takes one byte (in a struct its value
  // is in the field header).
  void SkipElement(uint8_t type, int depth) {
    if (type == 1 || type == 2) {
      Byte();
    } else {
      Skip(type, depth);
    }
  }
  // Skips a value of compact type `type`.
  void Skip(uint8_t type, int depth = 0) {
    if (depth > kMaxDepth) {
      Fail();
      return;
    }
    switch (static_cast<ThriftType>(type)) {
      case ThriftType::kBoolTrue:
      case ThriftType::kBoolFalse:
        return;  // the value is in the header (in lists: one byte, handled below)
      case ThriftType::kByte:
        Byte();
        return;
      case ThriftType::kI16:
      case ThriftType::kI32:
      case ThriftType::kI64:
        Varint();
        return;
      case ThriftType::kDouble:
        for (int i = 0; i < 8; ++i) Byte();
        return;
      case ThriftType::kBinary:
        Binary();
        return;
      case ThriftType::kList:
      case ThriftType::kSet: {
        uint64_t n = 0;
        const uint8_t element = ListHeader(&n);
        for (uint64_t i = 0; i < n && ok_; ++i) SkipElement(element, depth + 1);
        return;
      }
      case ThriftType::kMap: {
        const uint64_t n = Varint();
        if (n == 0) return;
        // Each entry takes at least two bytes: a corrupt count must not loop for long.
        if (n > in_.size()) {
          Fail();
          return;
        }
        const uint8_t kv = Byte();
        for (uint64_t i = 0; i < n && ok_; ++i) {
          SkipElement(kv >> 4, depth + 1);
          SkipElement(kv & 0x0f, depth + 1);
        }
        return;
      }
      case ThriftType::kStruct: {
        int16_t id = 0;
        while (ok_) {
          const uint8_t t = FieldHeader(&id);
          if (t == 0) return;
          Skip(t, depth + 1);
        }
        return;
      }
    }
    Fail();
  }

 private:
  uint8_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

constexpr uint8_t kList = static_cast<uint8_t>(ThriftType::kList);
constexpr uint8_t kStruct = static_cast<uint8_t>(ThriftType::kStruct);
constexpr uint8_t kBinary = static_cast<uint8_t>(ThriftType::kBinary);

// SchemaElement: its name (4) and whether it has children (5: a group, not a leaf).
void ReadSchemaElement(CompactReader& r, FooterInfo* info, bool root) {
  int16_t id = 0;
  std::string name;
  bool group = false;
  while (r.ok()) {
    const uint8_t t = r.FieldHeader(&id);
    if (t == 0) break;
    if (id == 4 && t == kBinary) {
      name = std::string(r.Binary());
    } else if (id == 5) {
      group = r.Int() > 0;
    } else {
      r.Skip(t);
    }
  }
  if (!root && !group) info->columns.push_back(std::move(name));
}

void ReadKeyValue(CompactReader& r, FooterInfo* info) {
  int16_t id = 0;
  std::string key;
  std::string value;
  while (r.ok()) {
    const uint8_t t = r.FieldHeader(&id);
    if (t == 0) break;
    if (id == 1 && t == kBinary) {
      key = std::string(r.Binary());
    } else if (id == 2 && t == kBinary) {
      value = std::string(r.Binary());
    } else {
      r.Skip(t);
    }
  }
  info->key_value.emplace_back(std::move(key), std::move(value));
}

}  // namespace

absl::StatusOr<FooterInfo> DecodeFooter(std::string_view footer) {
  CompactReader r(footer);
  FooterInfo info;
  int16_t id = 0;
  while (r.ok()) {
    const uint8_t t = r.FieldHeader(&id);
    if (t == 0) break;
    if (id == 2 && t == kList) {  // schema
      uint64_t n = 0;
      if (r.ListHeader(&n) != kStruct) return absl::InvalidArgumentError("bad Parquet schema");
      for (uint64_t i = 0; i < n && r.ok(); ++i) ReadSchemaElement(r, &info, i == 0);
    } else if (id == 3) {
      info.num_rows = r.Int();
    } else if (id == 4 && t == kList) {  // row groups
      uint64_t n = 0;
      const uint8_t element = r.ListHeader(&n);
      for (uint64_t i = 0; i < n && r.ok(); ++i) r.Skip(element);
      info.row_groups = n;
    } else if (id == 5 && t == kList) {  // key-value metadata
      uint64_t n = 0;
      if (r.ListHeader(&n) != kStruct) return absl::InvalidArgumentError("bad Parquet metadata");
      for (uint64_t i = 0; i < n && r.ok(); ++i) ReadKeyValue(r, &info);
    } else if (id == 6 && t == kBinary) {
      info.created_by = std::string(r.Binary());
    } else {
      r.Skip(t);
    }
  }
  if (!r.ok()) return absl::InvalidArgumentError("the Parquet footer is malformed or truncated");
  return info;
}

absl::StatusOr<FooterInfo> ReadFooter(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("cannot open ", path));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ErrnoStatus(errno, absl::StrCat("cannot stat ", path));
  const auto size = static_cast<uint64_t>(st.st_size);
  const auto not_parquet = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a complete Parquet file (no PAR1 magic at its ends)"));
  };
  if (size < 12) return not_parquet();
  char head[4];
  char tail[8];
  if (::pread(fd, head, 4, 0) != 4 || ::pread(fd, tail, 8, static_cast<off_t>(size - 8)) != 8) {
    return ErrnoStatus(errno, absl::StrCat("cannot read ", path));
  }
  if (std::string_view(head, 4) != "PAR1" || std::string_view(tail + 4, 4) != "PAR1") {
    return not_parquet();
  }
  uint32_t length = 0;
  for (int i = 0; i < 4; ++i)
    length |= static_cast<uint32_t>(static_cast<uint8_t>(tail[i])) << (8 * i);
  if (length > size - 12) return not_parquet();
  std::string footer(length, '\0');
  if (::pread(fd, footer.data(), length, static_cast<off_t>(size - 8 - length)) !=
      static_cast<ssize_t>(length)) {
    return ErrnoStatus(errno, absl::StrCat("cannot read ", path));
  }
  absl::StatusOr<FooterInfo> info = DecodeFooter(footer);
  if (!info.ok())
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", info.status().message()));
  return info;
}

}  // namespace ior::internal::parquet
