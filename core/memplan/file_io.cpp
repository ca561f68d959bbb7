#include "memplan/file_io.h"

#include "memplan/errors.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace memplan {

namespace {

std::string errnoText(int err) {
    return std::strerror(err);
}

std::string capText(std::uint64_t maxBytes) {
    if (maxBytes % (1u << 20) == 0)
        return std::to_string(maxBytes >> 20) + " MiB";
    return std::to_string(maxBytes) + " bytes";
}

const char* kindOf(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

// Closes a descriptor on scope exit unless released.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::string readInputDescriptor(int fd, const std::string& label, std::uint64_t maxBytes) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw InputError(label, "", "cannot read: " + errnoText(errno));
        }
        if (n == 0)
            return out;
        if (out.size() + static_cast<std::uint64_t>(n) > maxBytes)
            throw InputError(label, "", "larger than " + capText(maxBytes) + "; not a plan file");
        out.append(buf, static_cast<std::size_t>(n));
    }
}

std::string readInputFile(const std::string& path, std::uint64_t maxBytes) {
    if (path == "-")
        return readInputDescriptor(STDIN_FILENO, "<stdin>", maxBytes);
    if (path.empty())
        throw InputError(path, "", "no file name given");
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (f.fd < 0) {
        const int err = errno;
        if (err == ENOENT)
            throw InputError(path, "", "file not found");
        if (err == EISDIR)
            throw InputError(path, "", "is a directory");
        throw InputError(path, "", "cannot open: " + errnoText(err));
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0)
        throw InputError(path, "", "cannot read: " + errnoText(errno));
    if (S_ISDIR(st.st_mode))
        throw InputError(path, "", "is a directory");
    if (!S_ISREG(st.st_mode))
        throw InputError(path, "",
                         std::string("is ") + kindOf(st.st_mode) +
                             ", not a regular file; refusing to read it");
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
        throw InputError(path, "", "larger than " + capText(maxBytes) + "; not a plan file");
    const int flags = ::fcntl(f.fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
    return readInputDescriptor(f.fd, path, maxBytes); // the file may grow while read
}

bool sameFile(const std::string& a, const std::string& b) {
    struct stat sa {
    }, sb{};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

namespace {

std::string dirOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows a chain of symlinks to the path that is really written (which may not exist yet).
std::string resolveLinks(const std::string& path) {
    std::string current = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode))
            return current;
        char buf[PATH_MAX];
        const ssize_t n = ::readlink(current.c_str(), buf, sizeof buf - 1);
        if (n < 0)
            throw OutputError(path, "cannot follow the symbolic link: " + errnoText(errno));
        std::string target(buf, static_cast<std::size_t>(n));
        current = (!target.empty() && target[0] == '/') ? target : dirOf(current) + "/" + target;
    }
    throw OutputError(path, "too many levels of symbolic links");
}

// True when the permission bits let the effective user write the file. Checked from the bits
// rather than access(2), so that a read-only file is refused even for root.
bool modeAllowsWrite(const struct stat& st) {
    if (st.st_uid == ::geteuid())
        return st.st_mode & S_IWUSR;
    if (st.st_gid == ::getegid())
        return st.st_mode & S_IWGRP;
    return st.st_mode & S_IWOTH;
}

std::string tempName(const std::string& target) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return dirOf(target) + "/." + baseOf(target) + "." + std::to_string(::getpid()) + "-" +
           std::to_string(counter++) + "-" + std::to_string(rd() % 1000000) + ".part";
}

} // namespace

void writeFileAtomic(const std::string& path, std::string_view bytes) {
    if (path.empty())
        throw OutputError(path, "no file name given");
    const std::string target = resolveLinks(path);
    struct stat old {};
    const bool exists = ::stat(target.c_str(), &old) == 0;
    if (exists) {
        if (S_ISDIR(old.st_mode))
            throw OutputError(path, "is a directory");
        if (!S_ISREG(old.st_mode))
            throw OutputError(path, std::string("is ") + kindOf(old.st_mode) +
                                        ", not a regular file; refusing to replace it");
        if (!modeAllowsWrite(old))
            throw OutputError(path, "is read-only; not replacing it");
    }

    // Created with 0666 so the kernel applies the umask; kept private while being written.
    std::string temp;
    Fd f;
    for (int attempt = 0; attempt < 100 && f.fd < 0; ++attempt) {
        temp = tempName(target);
        f.fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (f.fd < 0 && errno != EEXIST)
            throw OutputError(path,
                              "cannot create a file in " + dirOf(target) + ": " + errnoText(errno));
    }
    if (f.fd < 0)
        throw OutputError(path, "cannot create a temporary file next to it");
    auto fail = [&](const std::string& what, int err) {
        ::close(f.fd);
        f.fd = -1;
        ::unlink(temp.c_str());
        throw OutputError(path, what + ": " + errnoText(err));
    };
    struct stat created {};
    if (::fstat(f.fd, &created) != 0)
        fail("cannot write", errno);
    const mode_t finalMode = exists ? (old.st_mode & 07777) : (created.st_mode & 07777);
    if (::fchmod(f.fd, S_IRUSR | S_IWUSR) != 0)
        fail("cannot write", errno);

    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot write", errno);
        if (n == 0)
            fail("cannot write", EIO);
        done += static_cast<std::size_t>(n);
    }
    if (exists && (old.st_uid != created.st_uid || old.st_gid != created.st_gid)) {
        // Keep the owner and group where allowed (best effort; fails quietly otherwise).
        if (::fchown(f.fd, old.st_uid, old.st_gid) != 0)
            (void)::fchown(f.fd, static_cast<uid_t>(-1), old.st_gid);
    }
    if (::fchmod(f.fd, finalMode) != 0)
        fail("cannot set permissions", errno);
    if (::fsync(f.fd) != 0)
        fail("cannot write to disk", errno);
    const int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        throw OutputError(path, "cannot write to disk: " + errnoText(err));
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        throw OutputError(path, "cannot replace the file: " + errnoText(err));
    }
    // Make the rename itself durable (best effort: some filesystems refuse fsync on folders).
    Fd dir{::open(dirOf(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0)
        ::fsync(dir.fd);
}

} // namespace memplan
