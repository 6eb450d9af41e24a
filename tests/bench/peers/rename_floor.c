// The floor for renaming N files: a bare renameat(2) loop over precomputed names, nothing else.
// Usage: rename_floor COUNT   (in a directory holding "Sales Report NNNNNN.CSV", 0..COUNT-1)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  long count = strtol(argv[1], NULL, 10);
  char from[64], to[64];
  for (long i = 0; i < count; ++i) {
    snprintf(from, sizeof from, "Sales Report %06ld.CSV", i);
    snprintf(to, sizeof to, "sales_report_%06ld.csv", i);
    if (renameat(AT_FDCWD, from, AT_FDCWD, to) != 0) {
      perror(from);
      return 1;
    }
  }
  return 0;
}
