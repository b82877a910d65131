/* ior-start-error: starts a session with the default options (every process) through the C
 * ABI and prints what ior_session_start() returned: "<code> <ior_strerror> | <ior_last_error>"
 * (or "0" when it started). Exits 0 either way: not_root_test.sh runs it as an unprivileged
 * user and reads the typed error. */
#include <ior/ior.h>
#include <stdio.h>

int main(void) {
  ior_session *s = NULL;
  int err = ior_session_new(&s, NULL);
  if (err == 0) err = ior_session_start(s);
  if (err == 0) {
    printf("0\n");
  } else {
    printf("%d %s | %s\n", err, ior_strerror(err), ior_last_error());
  }
  ior_session_free(s);
  return 0;
}
