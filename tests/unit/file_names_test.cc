// FileNames (lib/file_names.h): names by identity, and renames that move a name and everything
// below it, found through the ordered index of path names rather than a look at every name.
#include "file_names.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace ior::internal {
namespace {

FileIdentity Id(uint64_t ino) { return FileIdentity{ino, 8}; }

std::string NameOf(FileNames& names, uint64_t ino) {
  const FileName* n = names.Find(Id(ino));
  return n == nullptr ? "<none>" : n->name;
}

TEST(FileNamesTest, RenameMovesTheNameAndWhatIsBelowItOnly) {
  FileNames names(0, 0);
  names.Put(Id(1), "/d/a", FileStatus::kPath);
  names.Put(Id(2), "/d/a/x", FileStatus::kPath);
  names.Put(Id(3), "/d/a/sub/y", FileStatus::kPath);
  // Names that share the prefix's bytes but are not below it ('-' and '.' sort before '/').
  names.Put(Id(4), "/d/a-x", FileStatus::kPath);
  names.Put(Id(5), "/d/a.txt", FileStatus::kPath);
  names.Put(Id(6), "/d/ab", FileStatus::kPath);
  names.Put(Id(7), "/d", FileStatus::kPath);
  // Not a path the kernel walked: a rename never rewrites it.
  names.Put(Id(8), "/d/a/kernel", FileStatus::kKernelName);

  names.Rename("/d/a", "/e/b");
  EXPECT_EQ(NameOf(names, 1), "/e/b");
  EXPECT_EQ(NameOf(names, 2), "/e/b/x");
  EXPECT_EQ(NameOf(names, 3), "/e/b/sub/y");
  EXPECT_EQ(NameOf(names, 4), "/d/a-x");
  EXPECT_EQ(NameOf(names, 5), "/d/a.txt");
  EXPECT_EQ(NameOf(names, 6), "/d/ab");
  EXPECT_EQ(NameOf(names, 7), "/d");
  EXPECT_EQ(NameOf(names, 8), "/d/a/kernel");

  // The index follows: the moved names move again, the old ones are gone from it.
  names.Rename("/e/b/sub", "/f");
  EXPECT_EQ(NameOf(names, 3), "/f/y");
  names.Rename("/d/a", "/g");  // nothing is /d/a any more
  EXPECT_EQ(NameOf(names, 2), "/e/b/x");
  // Into a deeper directory of the same prefix: every name moves once.
  names.Rename("/e", "/e/e");
  EXPECT_EQ(NameOf(names, 1), "/e/e/b");
  EXPECT_EQ(NameOf(names, 2), "/e/e/b/x");
}

TEST(FileNamesTest, ANewNameOrStatusReplacesTheOldOneInTheIndex) {
  FileNames names(0, 0);
  names.Put(Id(1), "/old", FileStatus::kPath);
  names.Put(Id(1), "/new", FileStatus::kPath);  // the identity was named again elsewhere
  names.Rename("/old", "/moved");
  EXPECT_EQ(NameOf(names, 1), "/new");
  names.Put(Id(1), "/new", FileStatus::kRelative);
  names.Rename("/new", "/moved");
  EXPECT_EQ(NameOf(names, 1), "/new");  // a relative name is never rewritten
  names.Put(Id(1), "/new", FileStatus::kPath);
  names.Rename("/new", "/moved");
  EXPECT_EQ(NameOf(names, 1), "/moved");
  // Two identities may carry one name (a file replaced while the old one stays open).
  names.Put(Id(2), "/moved", FileStatus::kPath);
  names.Rename("/moved", "/twice");
  EXPECT_EQ(NameOf(names, 1), "/twice");
  EXPECT_EQ(NameOf(names, 2), "/twice");
}

TEST(FileNamesTest, EvictedNamesLeaveTheIndexAndSurvivorsStillMove) {
  FileNames names(0, 0, /*max_names=*/100);
  for (uint64_t i = 1; i <= 150; ++i)
    names.Put(Id(i), absl::StrCat("/dir/f", i), FileStatus::kPath);
  EXPECT_LE(names.size(), 100u);
  names.Rename("/dir", "/moved");  // must not touch an evicted entry
  size_t moved = 0;
  for (uint64_t i = 1; i <= 150; ++i) {
    const std::string n = NameOf(names, i);
    if (n == "<none>") continue;
    EXPECT_EQ(n, absl::StrCat("/moved/f", i));
    ++moved;
  }
  EXPECT_EQ(moved, names.size());
}

}  // namespace
}  // namespace ior::internal
