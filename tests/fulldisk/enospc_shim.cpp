// LD_PRELOAD shim that simulates a full disk for the files under one folder.
//   MEMPLAN_FULLDISK_DIR=/some/dir   writes to files under this folder are limited
//   MEMPLAN_FULLDISK_BYTES=N         size a file there may grow to before write() fails with ENOSPC
// Without MEMPLAN_FULLDISK_DIR every call passes straight through, so a test process can
// switch the full disk on and off with setenv(). Only write, pwrite and writev are limited:
// those are what the core writer and QFile use.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

namespace {

// True when fd is a file under MEMPLAN_FULLDISK_DIR; *left is then what it may still take.
bool limited(int fd, long long offset, long long* left) {
    const char* dir = std::getenv("MEMPLAN_FULLDISK_DIR");
    if (!dir || !*dir)
        return false;
    char link[64], target[PATH_MAX];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return false;
    target[n] = '\0';
    const size_t len = std::strlen(dir);
    if (std::strncmp(target, dir, len) != 0 || (target[len] != '/' && target[len] != '\0'))
        return false;
    const char* budget = std::getenv("MEMPLAN_FULLDISK_BYTES");
    if (offset < 0)
        offset = ::lseek(fd, 0, SEEK_CUR);
    *left = (budget ? std::atoll(budget) : 0) - (offset < 0 ? 0 : offset);
    return true;
}

// Bytes of `wanted` that may be written; sets ENOSPC and returns 0 when none may.
// offset < 0: the descriptor's current position.
size_t allowance(int fd, long long offset, size_t wanted) {
    long long left = 0;
    const bool limit = limited(fd, offset, &left);
    if (!limit || wanted == 0)
        return wanted;
    if (left <= 0) {
        errno = ENOSPC;
        return 0;
    }
    return wanted < static_cast<size_t>(left) ? wanted : static_cast<size_t>(left);
}

template <typename F> F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t count) {
    static auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
    const size_t allowed = allowance(fd, -1, count);
    if (count > 0 && allowed == 0)
        return -1;
    return next(fd, buf, allowed);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) {
    static auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite64");
    const size_t allowed = allowance(fd, offset, count);
    if (count > 0 && allowed == 0)
        return -1;
    return next(fd, buf, allowed, offset);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
    return pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
    static auto next = real<ssize_t (*)(int, const struct iovec*, int)>("writev");
    size_t total = 0;
    for (int i = 0; i < iovcnt; ++i)
        total += iov[i].iov_len;
    // All or nothing: simpler than a partial vector write, and callers must handle both.
    if (allowance(fd, -1, total) < total) {
        errno = ENOSPC;
        return -1;
    }
    return next(fd, iov, iovcnt);
}
}
