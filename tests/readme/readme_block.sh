#!/bin/sh
# readme_block.sh README LANG TEXT [OUT]: prints (or writes to OUT) the first ```LANG fenced
# block of README whose body contains TEXT, as it is written (without the fences); fails if
# there is none. The README snippet tests (C, C++) extract their programs with it, so that the
# README cannot drift from the library.
set -eu
readme=$1
lang=$2
text=$3
out=${4:-/dev/stdout}
block=$(awk -v lang="$lang" -v text="$text" '
  $0 == "```" lang { inside = 1; block = ""; next }
  /^```$/ && inside { inside = 0; if (index(block, text) > 0) { printf "%s", block; found = 1; exit } next }
  inside { block = block $0 "\n" }
  END { exit found ? 0 : 1 }' "$readme") || {
  echo "FAIL: no \`\`\`$lang block containing '$text' in $readme" >&2
  exit 1
}
printf '%s\n' "$block" > "$out"
