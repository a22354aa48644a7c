/*
 * An LD_PRELOAD library that makes one write of a process fail, as a full or broken disk would.
 *
 *   FAULT_ROOT=/dir      only calls on files below this folder count (the host under test)
 *   FAULT_AT=N           the N-th counted call fails (1 = the first)
 *   FAULT_ERRNO=ENOSPC   the error it fails with: ENOSPC, EIO, EDQUOT, EACCES, EPERM, EROFS
 *   FAULT_PARTIAL=1      a failing write() first writes half of its bytes (a short write), and every counted
 *                        call after it fails (the disk stays full)
 *   FAULT_ONLY=link      count only this kind of call: open, write, sync, rename, link, mkdir (default: all)
 *   FAULT_MATCH=text     count only calls on paths that contain this text
 *   FAULT_LOG=/file      appends "N kind path" for every counted call (to list a run's write points)
 *
 * Counted calls are those that change what is on disk: opening a file to write or create it, writing to it,
 * flushing it (fsync, fdatasync), renaming, hard-linking and creating folders. Reads and removals never fail.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long counter = 0;
static int failed_partially = 0;

static const char *root(void) { return getenv("FAULT_ROOT"); }

static int under_root(const char *path) {
  const char *r = root();
  if (!r || !path) return 0;
  size_t n = strlen(r);
  return strncmp(path, r, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static int at_path(int dirfd, const char *path, char *out) {
  if (!path) return 0;
  if (path[0] == '/' || dirfd == AT_FDCWD) {
    if (path[0] == '/') snprintf(out, PATH_MAX, "%s", path);
    else {
      char cwd[PATH_MAX];
      if (!getcwd(cwd, sizeof cwd)) return 0;
      snprintf(out, PATH_MAX, "%s/%s", cwd, path);
    }
    return 1;
  }
  char link[64], dir[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
  ssize_t len = readlink(link, dir, sizeof dir - 1);
  if (len < 0) return 0;
  dir[len] = '\0';
  snprintf(out, PATH_MAX, "%s/%s", dir, path);
  return 1;
}

static int fd_path(int fd, char *out) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = readlink(link, out, PATH_MAX - 1);
  if (len < 0) return 0;
  out[len] = '\0';
  return 1;
}

static int errno_value(void) {
  const char *name = getenv("FAULT_ERRNO");
  if (!name || !strcmp(name, "ENOSPC")) return ENOSPC;
  if (!strcmp(name, "EIO")) return EIO;
  if (!strcmp(name, "EDQUOT")) return EDQUOT;
  if (!strcmp(name, "EACCES")) return EACCES;
  if (!strcmp(name, "EPERM")) return EPERM;
  if (!strcmp(name, "EROFS")) return EROFS;
  return EIO;
}

/* Counts a call on `path` of `kind`; 1 when it is the one to fail. */
static int should_fail(const char *kind, const char *path) {
  if (!under_root(path)) return 0;
  const char *only = getenv("FAULT_ONLY");
  if (only && strcmp(only, kind)) return 0;
  const char *match = getenv("FAULT_MATCH");
  if (match && !strstr(path, match)) return 0;
  if (__atomic_load_n(&failed_partially, __ATOMIC_SEQ_CST)) return 1;
  long n = __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
  const char *log = getenv("FAULT_LOG");
  if (log) {
    static int (*real_open)(const char *, int, ...) = NULL;
    if (!real_open) real_open = dlsym(RTLD_NEXT, "open");
    int fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      char line[PATH_MAX + 64];
      int len = snprintf(line, sizeof line, "%ld %s %s\n", n, kind, path);
      ssize_t ignored = write(fd, line, (size_t)len);
      (void)ignored;
      close(fd);
    }
  }
  const char *at = getenv("FAULT_AT");
  return at && atol(at) == n;
}

static int fd_fails(const char *kind, int fd) {
  char path[PATH_MAX];
  return fd_path(fd, path) && should_fail(kind, path);
}

#define REAL(name) static __typeof__(name) *real_##name = NULL; if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)
#define FAIL(value) do { errno = errno_value(); return value; } while (0)

static int writes_on_open(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0; }

static int open_common(int dirfd, const char *path, int flags) {
  char full[PATH_MAX];
  return writes_on_open(flags) && at_path(dirfd, path, full) && should_fail("open", full);
}

/* The mode argument of an open that creates (it is there only then). */
#define MODE_OF(flags) ({ mode_t mode_ = 0; if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode_ = va_arg(ap, mode_t); va_end(ap); } mode_; })

int open(const char *path, int flags, ...) {
  REAL(open);
  mode_t mode = MODE_OF(flags);
  return open_common(AT_FDCWD, path, flags) ? (errno = errno_value(), -1) : real_open(path, flags, mode);
}
int open64(const char *path, int flags, ...) {
  REAL(open64);
  mode_t mode = MODE_OF(flags);
  return open_common(AT_FDCWD, path, flags) ? (errno = errno_value(), -1) : real_open64(path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
  REAL(openat);
  mode_t mode = MODE_OF(flags);
  return open_common(dirfd, path, flags) ? (errno = errno_value(), -1) : real_openat(dirfd, path, flags, mode);
}
int openat64(int dirfd, const char *path, int flags, ...) {
  REAL(openat64);
  mode_t mode = MODE_OF(flags);
  return open_common(dirfd, path, flags) ? (errno = errno_value(), -1) : real_openat64(dirfd, path, flags, mode);
}

/* A write that fails: with FAULT_PARTIAL, half of it is written first and only what follows fails. */
static ssize_t failing_write(int fd, const void *buf, size_t count, off_t offset, int positioned) {
  if (getenv("FAULT_PARTIAL") && !failed_partially && count > 1) {
    __atomic_store_n(&failed_partially, 1, __ATOMIC_SEQ_CST);
    REAL(write);
    REAL(pwrite);
    return positioned ? real_pwrite(fd, buf, count / 2, offset) : real_write(fd, buf, count / 2);
  }
  FAIL(-1);
}

ssize_t write(int fd, const void *buf, size_t count) {
  REAL(write);
  if (fd > 2 && fd_fails("write", fd)) return failing_write(fd, buf, count, 0, 0);
  return real_write(fd, buf, count);
}
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite);
  if (fd > 2 && fd_fails("write", fd)) return failing_write(fd, buf, count, offset, 1);
  return real_pwrite(fd, buf, count, offset);
}
ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite64);
  if (fd > 2 && fd_fails("write", fd)) return failing_write(fd, buf, count, offset, 1);
  return real_pwrite64(fd, buf, count, offset);
}
ssize_t writev(int fd, const struct iovec *iov, int n) {
  REAL(writev);
  if (fd > 2 && n > 0 && fd_fails("write", fd)) return failing_write(fd, iov[0].iov_base, iov[0].iov_len, 0, 0);
  return real_writev(fd, iov, n);
}
ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t offset) {
  REAL(pwritev);
  if (fd > 2 && n > 0 && fd_fails("write", fd)) return failing_write(fd, iov[0].iov_base, iov[0].iov_len, offset, 1);
  return real_pwritev(fd, iov, n, offset);
}
ssize_t pwritev64(int fd, const struct iovec *iov, int n, off_t offset) {
  REAL(pwritev64);
  if (fd > 2 && n > 0 && fd_fails("write", fd)) return failing_write(fd, iov[0].iov_base, iov[0].iov_len, offset, 1);
  return real_pwritev64(fd, iov, n, offset);
}
ssize_t pwritev2(int fd, const struct iovec *iov, int n, off_t offset, int flags) {
  REAL(pwritev2);
  if (fd > 2 && n > 0 && fd_fails("write", fd)) return failing_write(fd, iov[0].iov_base, iov[0].iov_len, offset, 1);
  return real_pwritev2(fd, iov, n, offset, flags);
}
int fsync(int fd) {
  REAL(fsync);
  if (fd_fails("sync", fd)) FAIL(-1);
  return real_fsync(fd);
}
int fdatasync(int fd) {
  REAL(fdatasync);
  if (fd_fails("sync", fd)) FAIL(-1);
  return real_fdatasync(fd);
}
int rename(const char *from, const char *to) {
  REAL(rename);
  char full[PATH_MAX];
  if (at_path(AT_FDCWD, to, full) && should_fail("rename", full)) FAIL(-1);
  return real_rename(from, to);
}
int renameat(int fromfd, const char *from, int tofd, const char *to) {
  REAL(renameat);
  char full[PATH_MAX];
  if (at_path(tofd, to, full) && should_fail("rename", full)) FAIL(-1);
  return real_renameat(fromfd, from, tofd, to);
}
int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned int flags) {
  REAL(renameat2);
  char full[PATH_MAX];
  if (at_path(tofd, to, full) && should_fail("rename", full)) FAIL(-1);
  return real_renameat2(fromfd, from, tofd, to, flags);
}
int link(const char *from, const char *to) {
  REAL(link);
  char full[PATH_MAX];
  if (at_path(AT_FDCWD, to, full) && should_fail("link", full)) FAIL(-1);
  return real_link(from, to);
}
int linkat(int fromfd, const char *from, int tofd, const char *to, int flags) {
  REAL(linkat);
  char full[PATH_MAX];
  if (at_path(tofd, to, full) && should_fail("link", full)) FAIL(-1);
  return real_linkat(fromfd, from, tofd, to, flags);
}
int mkdir(const char *path, mode_t mode) {
  REAL(mkdir);
  char full[PATH_MAX];
  if (at_path(AT_FDCWD, path, full) && should_fail("mkdir", full)) FAIL(-1);
  return real_mkdir(path, mode);
}
int mkdirat(int dirfd, const char *path, mode_t mode) {
  REAL(mkdirat);
  char full[PATH_MAX];
  if (at_path(dirfd, path, full) && should_fail("mkdir", full)) FAIL(-1);
  return real_mkdirat(dirfd, path, mode);
}
