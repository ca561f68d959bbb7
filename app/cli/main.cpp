#include "cli.h"
#ifdef MEMPLAN_WITH_HUB
#include "hub_import.h"
#endif

#include <cerrno>
#include <cstring>
#include <iostream>
#include <streambuf>

#include <unistd.h>

namespace {

// Standard output through write(2), remembering why the first write failed (ENOSPC on a full
// disk or /dev/full, EPIPE on a closed pipe): output that never arrives is an error.
class StdoutBuf : public std::streambuf {
public:
    StdoutBuf() { setp(buf_, buf_ + sizeof buf_); }
    ~StdoutBuf() override { sync(); }
    int error() const { return error_; }

protected:
    int sync() override { return flush() ? 0 : -1; }
    int_type overflow(int_type c) override {
        if (!flush())
            return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }

private:
    bool flush() {
        const char* p = pbase();
        while (p < pptr()) {
            const ssize_t n = ::write(STDOUT_FILENO, p, static_cast<std::size_t>(pptr() - p));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (!error_)
                    error_ = n < 0 ? errno : EIO;
                setp(buf_, buf_ + sizeof buf_); // drop what cannot be written
                return false;
            }
            p += n;
        }
        setp(buf_, buf_ + sizeof buf_);
        return true;
    }
    char buf_[1 << 16];
    int error_ = 0;
};

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
#ifdef MEMPLAN_WITH_HUB
    memplan::cli::installHubImport();
#endif
    StdoutBuf buffer;
    std::ostream out(&buffer);
    const int status = memplan::cli::run(args, out, std::cerr);
    out.flush();
    if (buffer.error()) {
        std::cerr << "memplan-cli: cannot write to standard output: "
                  << std::strerror(buffer.error()) << "\n";
        return memplan::cli::BadInput;
    }
    return status;
}
