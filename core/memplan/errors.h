// Errors a user can cause: each names the file and the key path that is wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace memplan {

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string keyPath, std::string problem)
        : std::runtime_error(compose(file, keyPath, problem))
        , file_(std::move(file))
        , keyPath_(std::move(keyPath))
        , problem_(std::move(problem)) {}

    const std::string& file() const { return file_; }
    const std::string& keyPath() const { return keyPath_; }
    const std::string& problem() const { return problem_; }

private:
    static std::string compose(const std::string& file, const std::string& key,
                               const std::string& problem) {
        std::string out = file.empty() ? std::string("<input>") : file;
        if (!key.empty())
            out += ": " + key;
        return out + ": " + problem;
    }
    std::string file_, keyPath_, problem_;
};

// A file could not be written (full disk, read-only target, ...). The old file is unchanged.
class OutputError : public std::runtime_error {
public:
    OutputError(std::string file, std::string problem)
        : std::runtime_error((file.empty() ? std::string("<output>") : file) + ": " + problem)
        , file_(std::move(file))
        , problem_(std::move(problem)) {}

    const std::string& file() const { return file_; }
    const std::string& problem() const { return problem_; }

private:
    std::string file_, problem_;
};

} // namespace memplan
