// A validating view of one JSON object: typed getters that name the file and key path in
// every error, range checks, and a final check that no unknown key was present.
#pragma once

#include "memplan/errors.h"
#include "memplan/names.h"

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace memplan {

class ObjectReader {
public:
    // Values above this are refused: beyond it a product of two sizes could overflow.
    static constexpr double kMaxCount = 1e15;

    ObjectReader(const nlohmann::json& object, std::string file, std::string path);

    bool has(const char* key) const { return object_.contains(key); }
    const std::string& file() const { return file_; }
    std::string pathOf(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

    // Each getter marks the key as known; it leaves `out` untouched when the key is absent.
    void integer(const char* key, int64_t& out, int64_t min, int64_t max);
    void number(const char* key, double& out, double min, double max);
    void optionalNumber(const char* key, std::optional<double>& out, double min, double max);
    void boolean(const char* key, bool& out);
    void string(const char* key, std::string& out);
    template <typename E> void enumeration(const char* key, E& out) {
        const auto* v = take(key);
        if (!v)
            return;
        if (!v->is_string())
            fail(key, "expected a string, one of: " + allowedKeys<E>());
        const auto parsed = fromKey<E>(v->get_ref<const std::string&>());
        if (!parsed)
            fail(key, "unknown value \"" + v->get<std::string>() +
                          "\"; expected one of: " + allowedKeys<E>());
        out = *parsed;
    }
    // A nested object; nullptr when absent. Throws when present but not an object.
    const nlohmann::json* object(const char* key);
    // The raw value, for keys with a custom form (e.g. lora.targets). nullptr when absent.
    const nlohmann::json* raw(const char* key) { return take(key); }
    // Marks a key as known without reading it.
    void ignore(const char* key) { known_.insert(key); }

    // Throws for the first key that no getter asked for.
    void rejectUnknownKeys() const;

    [[noreturn]] void fail(const char* key, const std::string& problem) const;

private:
    const nlohmann::json* take(const char* key);

    const nlohmann::json& object_;
    std::string file_;
    std::string path_;
    std::set<std::string> known_;
};

// Parses JSON text. Malformed text, numbers beyond a double's range and duplicate keys throw
// InputError naming the file and, where there is one, the key path ("training.lora.rank").
nlohmann::json parseJsonText(std::string_view text, const std::string& file);

// Shortest text that reads back as the same double ("0.0009765625", "1e+300").
std::string describeNumber(double v);

// Throws unless `j` is an object, naming the path ("" = the document).
void requireObject(const nlohmann::json& j, const std::string& file, const std::string& path);

} // namespace memplan
