#include "memplan/json_reader.h"

#include "memplan/units.h"

#include <charconv>
#include <vector>

namespace memplan {

using nlohmann::json;

ObjectReader::ObjectReader(const json& object, std::string file, std::string path)
    : object_(object)
    , file_(std::move(file))
    , path_(std::move(path)) {
    requireObject(object_, file_, path_);
}

const json* ObjectReader::take(const char* key) {
    known_.insert(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
}

void ObjectReader::fail(const char* key, const std::string& problem) const {
    throw InputError(file_, pathOf(key), problem);
}

std::string describeNumber(double v) {
    if (std::isnan(v))
        return "NaN";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

namespace {
// Follows the parser's events to know the key path of the value being read, so that an error
// inside the parser (a number out of range) can still name the key.
class KeyPathTracker {
public:
    bool onEvent(int, json::parse_event_t event, json& parsed, const std::string& file) {
        switch (event) {
        case json::parse_event_t::object_start:
            frames_.push_back({false, {}, 0, {}});
            break;
        case json::parse_event_t::array_start:
            frames_.push_back({true, {}, 0, {}});
            break;
        case json::parse_event_t::key: {
            Frame& f = frames_.back();
            f.key = parsed.get<std::string>();
            if (!f.seen.insert(f.key).second)
                throw InputError(file, path(), "duplicate key");
            break;
        }
        case json::parse_event_t::value:
            if (!frames_.empty() && frames_.back().isArray)
                ++frames_.back().index;
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            frames_.pop_back();
            if (!frames_.empty() && frames_.back().isArray)
                ++frames_.back().index;
            break;
        }
        return true;
    }
    std::string path() const {
        std::string out;
        for (const Frame& f : frames_) {
            if (f.isArray)
                out += "[" + std::to_string(f.index) + "]";
            else if (!f.key.empty())
                out += (out.empty() ? "" : ".") + f.key;
        }
        return out;
    }

private:
    struct Frame {
        bool isArray;
        std::string key;
        int index;
        std::set<std::string> seen;
    };
    std::vector<Frame> frames_;
};

// A number as the user wrote it where JSON keeps it exactly (integers, however large), else
// the shortest text that reads back as the same double.
std::string literal(const json& v) {
    return v.is_number_integer() ? v.dump() : describeNumber(v.get<double>());
}

std::string withoutTag(const std::string& what) {
    // nlohmann's messages start with "[json.exception.parse_error.101] "; drop the tag.
    const auto close = what.find("] ");
    return what.rfind("[json.exception", 0) == 0 && close != std::string::npos
               ? what.substr(close + 2)
               : what;
}
} // namespace

json parseJsonText(std::string_view text, const std::string& file) {
    // The JSON parser stops at a NUL byte as if the text ended there; JSON text never holds
    // one (not even inside a string), so whatever follows it is refused, not ignored.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos)
        throw InputError(file, "",
                         "malformed JSON: trailing garbage: a NUL byte at byte " +
                             std::to_string(nul + 1) + " (binary data, not JSON text)");
    KeyPathTracker tracker;
    try {
        return json::parse(text.begin(), text.end(),
                           [&](int depth, json::parse_event_t event, json& parsed) {
                               return tracker.onEvent(depth, event, parsed, file);
                           });
    } catch (const json::parse_error& e) {
        throw InputError(file, "", "malformed JSON: " + withoutTag(e.what()));
    } catch (const json::out_of_range& e) {
        throw InputError(file, tracker.path(), "number out of range: " + withoutTag(e.what()));
    } catch (const json::exception& e) {
        throw InputError(file, tracker.path(), withoutTag(e.what()));
    }
}

void ObjectReader::integer(const char* key, int64_t& out, int64_t min, int64_t max) {
    const auto* v = take(key);
    if (!v)
        return;
    double d = 0;
    if (v->is_number_integer()) {
        if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
            fail(key, "value " + v->dump() + " is too large (at most " +
                          formatNumber(static_cast<double>(max)) + ")");
        const int64_t i = v->get<int64_t>();
        if (i < min || i > max)
            fail(key, "value " + std::to_string(i) + " is out of range [" +
                          formatNumber(static_cast<double>(min)) + ", " +
                          formatNumber(static_cast<double>(max)) + "]");
        out = i;
        return;
    }
    if (v->is_number_float()) {
        d = v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d))
            fail(key, "expected a whole number, got " + describeNumber(d));
        if (d < static_cast<double>(min) || d > static_cast<double>(max))
            fail(key, "value " + describeNumber(d) + " is out of range [" +
                          formatNumber(static_cast<double>(min)) + ", " +
                          formatNumber(static_cast<double>(max)) + "]");
        out = static_cast<int64_t>(d);
        return;
    }
    fail(key, std::string("expected a whole number, got ") + v->type_name());
}

void ObjectReader::number(const char* key, double& out, double min, double max) {
    const auto* v = take(key);
    if (!v)
        return;
    if (!v->is_number())
        fail(key, std::string("expected a number, got ") + v->type_name());
    const double d = v->get<double>();
    if (!std::isfinite(d))
        fail(key, "expected a finite number, got " + describeNumber(d));
    if (d < min || d > max)
        fail(key, "value " + literal(*v) + " is out of range [" + formatNumber(min) + ", " +
                      formatNumber(max) + "]");
    out = d;
}

void ObjectReader::optionalNumber(const char* key, std::optional<double>& out, double min,
                                  double max) {
    if (!has(key)) {
        known_.insert(key);
        return;
    }
    if (object_.at(key).is_null()) {
        known_.insert(key);
        out.reset();
        return;
    }
    double d = 0;
    number(key, d, min, max);
    out = d;
}

void ObjectReader::boolean(const char* key, bool& out) {
    const auto* v = take(key);
    if (!v)
        return;
    if (!v->is_boolean())
        fail(key, std::string("expected true or false, got ") + v->type_name());
    out = v->get<bool>();
}

void ObjectReader::string(const char* key, std::string& out) {
    const auto* v = take(key);
    if (!v)
        return;
    if (!v->is_string())
        fail(key, std::string("expected a string, got ") + v->type_name());
    out = v->get<std::string>();
}

const json* ObjectReader::object(const char* key) {
    const auto* v = take(key);
    if (v && !v->is_object())
        fail(key, std::string("expected an object, got ") + v->type_name());
    return v;
}

void ObjectReader::rejectUnknownKeys() const {
    for (const auto& [key, value] : object_.items()) {
        (void)value;
        if (!known_.count(key))
            throw InputError(file_, pathOf(key.c_str()), "unknown key");
    }
}

void requireObject(const json& j, const std::string& file, const std::string& path) {
    if (!j.is_object())
        throw InputError(file, path.empty() ? std::string("(document)") : path,
                         std::string("expected a JSON object, got ") + j.type_name());
}

} // namespace memplan
