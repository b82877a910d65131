/**
 * @file ior_common.h
 * @brief Definitions every libior C header shares: the export macro and the option-struct
 * helpers.
 *
 * Nothing here is called directly. Option structs (ior_session_opts) start with `size_t sz`
 * and are built with IOR_OPTS(), which fills in `sz` and zeroes every other field, so that a
 * program compiled against an older ior.h keeps working with a newer libior.so and the other
 * way round:
 *
 *   IOR_OPTS(ior_session_opts, opts, .batch_size = 256);
 *   ior_session *s = NULL;
 *   int err = ior_session_new(&s, &opts);
 *
 * Every header is plain C99, compiles on its own and may be included from C++.
 */
#ifndef IOR_IOR_COMMON_H_
#define IOR_IOR_COMMON_H_

#include <stddef.h>

/** Marks a declaration that libior.so exports. Everything else is hidden. */
#ifndef IOR_API
#if defined(__GNUC__) || defined(__clang__)
#define IOR_API __attribute__((visibility("default")))
#else
#define IOR_API
#endif
#endif

/**
 * Declares `TYPE NAME` with `sz` set to `sizeof(TYPE)` and every field not named in the
 * designated initializers that follow zeroed (zero means "the default"). At least one
 * initializer is needed in strict C99; for all defaults use IOR_OPTS_INIT() or pass NULL.
 * In C++ (C++20 designated initializers, in declaration order) GCC before 14 warns with
 * -Wextra about the fields not named; IOR_OPTS_INIT() plus assignments avoids that.
 */
#define IOR_OPTS(TYPE, NAME, ...) TYPE NAME = {.sz = sizeof(TYPE), __VA_ARGS__}

/** An initializer for an option struct with every field at its default. */
#ifdef __cplusplus
#define IOR_OPTS_INIT(TYPE)      \
  ([] {                          \
    TYPE ior_opts_{};            \
    ior_opts_.sz = sizeof(TYPE); \
    return ior_opts_;            \
  }())
#else
#define IOR_OPTS_INIT(TYPE) \
  { .sz = sizeof(TYPE) }
#endif

#endif /* IOR_IOR_COMMON_H_ */
