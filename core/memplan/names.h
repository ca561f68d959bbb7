// The one table of names for every enum: the plan file's spelling and a display label.
// JSON I/O, the CLI and the window all read these, so a value is spelled in one place.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/segments.h"

#include <optional>
#include <span>
#include <string_view>

namespace memplan {

template <typename E> struct NameEntry {
    E value;
    std::string_view key;   // spelling in plan files and on the command line
    std::string_view label; // short English label for tables and charts
};

std::span<const NameEntry<MlpKind>> names(MlpKind);
std::span<const NameEntry<NormKind>> names(NormKind);
std::span<const NameEntry<BiasKind>> names(BiasKind);
std::span<const NameEntry<PositionKind>> names(PositionKind);
std::span<const NameEntry<Method>> names(Method);
std::span<const NameEntry<Recipe>> names(Recipe);
std::span<const NameEntry<Accounting>> names(Accounting);
std::span<const NameEntry<Optimizer>> names(Optimizer);
std::span<const NameEntry<Checkpointing>> names(Checkpointing);
std::span<const NameEntry<Attention>> names(Attention);
std::span<const NameEntry<Loss>> names(Loss);
std::span<const NameEntry<OptimizerImpl>> names(OptimizerImpl);
std::span<const NameEntry<Framework>> names(Framework);
std::span<const NameEntry<QuantType>> names(QuantType);
std::span<const NameEntry<Dtype>> names(Dtype);
std::span<const NameEntry<TensorClass>> names(TensorClass);
std::span<const NameEntry<Sharding>> names(Sharding);
std::span<const NameEntry<Offload>> names(Offload);
std::span<const NameEntry<Component>> names(Component);
std::span<const NameEntry<Phase>> names(Phase);
std::span<const NameEntry<Segment>> names(Segment);
std::span<const NameEntry<KvCacheDtype>> names(KvCacheDtype);
std::span<const NameEntry<All2AllBackend>> names(All2AllBackend);
std::span<const NameEntry<ReferenceMode>> names(ReferenceMode);
std::span<const NameEntry<ModelRole>> names(ModelRole);
std::span<const NameEntry<Verdict>> names(Verdict);

template <typename E> std::string_view keyOf(E v) {
    for (const auto& e : names(E{}))
        if (e.value == v)
            return e.key;
    return {};
}
template <typename E> std::string_view labelOf(E v) {
    for (const auto& e : names(E{}))
        if (e.value == v)
            return e.label;
    return {};
}
template <typename E> std::optional<E> fromKey(std::string_view key) {
    for (const auto& e : names(E{}))
        if (e.key == key)
            return e.value;
    return std::nullopt;
}

// Comma-separated list of allowed keys, for error messages.
template <typename E> std::string allowedKeys() {
    std::string out;
    for (const auto& e : names(E{})) {
        if (!out.empty())
            out += ", ";
        out += e.key;
    }
    return out;
}

} // namespace memplan
