#include "memplan/json_reader.h"

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

static std::string describeNumber(double v) {
    if (std::isnan(v))
        return "NaN";
    std::string s = std::to_string(v);
    // Trim trailing zeros of std::to_string's fixed notation.
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
    }
    return s;
}

void ObjectReader::integer(const char* key, int64_t& out, int64_t min, int64_t max) {
    const auto* v = take(key);
    if (!v)
        return;
    double d = 0;
    if (v->is_number_integer()) {
        if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
            fail(key, "value is too large (at most " + std::to_string(max) + ")");
        const int64_t i = v->get<int64_t>();
        if (i < min || i > max)
            fail(key, "value " + std::to_string(i) + " is out of range [" + std::to_string(min) +
                          ", " + std::to_string(max) + "]");
        out = i;
        return;
    }
    if (v->is_number_float()) {
        d = v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d))
            fail(key, "expected a whole number, got " + describeNumber(d));
        if (d < static_cast<double>(min) || d > static_cast<double>(max))
            fail(key, "value " + describeNumber(d) + " is out of range [" + std::to_string(min) +
                          ", " + std::to_string(max) + "]");
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
        fail(key, "value " + describeNumber(d) + " is out of range [" + describeNumber(min) +
                      ", " + describeNumber(max) + "]");
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
