#include "memplan/model_json.h"

#include "memplan/json_reader.h"
#include "memplan/param_count.h"
#include "memplan/plan_limits.h"

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {
// Largest sizes accepted for one dimension; generous (10x today's largest models) but
// small enough that products of a few of them stay far inside a double's exact range.
constexpr int64_t kMaxLayers = 100'000;
constexpr int64_t kMaxWidth = 10'000'000;
constexpr int64_t kMaxVocab = 100'000'000;
constexpr int64_t kMaxExperts = 100'000;
constexpr int64_t kMaxPositions = 1'000'000'000;

const char* const kShapeKeys[] = {"name",
                                  "layers",
                                  "hidden",
                                  "ffn",
                                  "heads",
                                  "kv_heads",
                                  "head_dim",
                                  "vocab",
                                  "tied_embeddings",
                                  "mlp",
                                  "experts",
                                  "experts_per_token",
                                  "lm_head",
                                  "norm",
                                  "bias",
                                  "lm_head_bias",
                                  "position",
                                  "max_position",
                                  "type_vocab",
                                  "pooler",
                                  "parallel_attention",
                                  "dropout",
                                  "sliding_window",
                                  "sliding_window_pattern",
                                  "kv_lora_rank",
                                  "qk_rope_head_dim",
                                  "q_lora_rank",
                                  "qk_nope_head_dim",
                                  "v_head_dim",
                                  "shared_ffn",
                                  "dense_layers",
                                  "dense_ffn"};
} // namespace

void readModelShape(const json& j, const std::string& file, const std::string& path, ModelSpec& m,
                    bool allowIdentity) {
    ObjectReader r(j, file, path);
    if (allowIdentity) {
        r.string("preset", m.preset);
        if (r.has("params")) {
            double p = 0;
            r.number("params", p, limits::kMinParams, limits::kMaxParams);
            m.params = p;
        }
    }
    r.string("name", m.name);
    r.integer("layers", m.layers, 1, kMaxLayers);
    r.integer("hidden", m.hidden, 1, kMaxWidth);
    r.integer("ffn", m.ffn, 1, kMaxWidth);
    r.integer("heads", m.heads, 1, kMaxWidth);
    r.integer("kv_heads", m.kv_heads, 1, kMaxWidth);
    r.integer("head_dim", m.head_dim, 1, kMaxWidth);
    r.integer("vocab", m.vocab, 1, kMaxVocab);
    r.boolean("tied_embeddings", m.tied_embeddings);
    r.enumeration("mlp", m.mlp);
    r.integer("experts", m.experts, 1, kMaxExperts);
    r.integer("experts_per_token", m.experts_per_token, 1, kMaxExperts);
    r.boolean("lm_head", m.lm_head);
    r.enumeration("norm", m.norm);
    r.enumeration("bias", m.bias);
    r.boolean("lm_head_bias", m.lm_head_bias);
    r.enumeration("position", m.position);
    r.integer("max_position", m.max_position, 1, kMaxPositions);
    r.integer("type_vocab", m.type_vocab, 0, kMaxVocab);
    r.boolean("pooler", m.pooler);
    r.boolean("parallel_attention", m.parallel_attention);
    r.number("dropout", m.dropout, 0.0, 0.99);
    r.integer("sliding_window", m.sliding_window, 0, kMaxPositions);
    r.integer("sliding_window_pattern", m.sliding_window_pattern, 0, kMaxLayers);
    r.integer("kv_lora_rank", m.kv_lora_rank, 0, kMaxWidth);
    r.integer("qk_rope_head_dim", m.qk_rope_head_dim, 0, kMaxWidth);
    r.integer("q_lora_rank", m.q_lora_rank, 0, kMaxWidth);
    r.integer("qk_nope_head_dim", m.qk_nope_head_dim, 0, kMaxWidth);
    r.integer("v_head_dim", m.v_head_dim, 0, kMaxWidth);
    r.integer("shared_ffn", m.shared_ffn, 0, kMaxWidth);
    r.integer("dense_layers", m.dense_layers, 0, kMaxLayers);
    r.integer("dense_ffn", m.dense_ffn, 0, kMaxWidth);
    r.rejectUnknownKeys();
}

bool hasShapeKeys(const json& j) {
    for (const char* k : kShapeKeys)
        if (std::string_view(k) != "name" && j.contains(k))
            return true;
    return false;
}

json modelToJson(const ModelSpec& m, bool withIdentity) {
    json j = json::object();
    if (withIdentity) {
        if (!m.preset.empty())
            j["preset"] = m.preset;
        if (m.params)
            j["params"] = static_cast<int64_t>(*m.params);
    }
    if (!m.name.empty())
        j["name"] = m.name;
    j["layers"] = m.layers;
    j["hidden"] = m.hidden;
    j["ffn"] = m.ffn;
    j["heads"] = m.heads;
    j["kv_heads"] = m.kv_heads;
    j["head_dim"] = m.head_dim;
    j["vocab"] = m.vocab;
    j["tied_embeddings"] = m.tied_embeddings;
    j["mlp"] = keyOf(m.mlp);
    j["experts"] = m.experts;
    j["experts_per_token"] = m.experts_per_token;
    j["lm_head"] = m.lm_head;
    j["norm"] = keyOf(m.norm);
    j["bias"] = keyOf(m.bias);
    j["lm_head_bias"] = m.lm_head_bias;
    j["position"] = keyOf(m.position);
    j["max_position"] = m.max_position;
    j["type_vocab"] = m.type_vocab;
    j["pooler"] = m.pooler;
    j["parallel_attention"] = m.parallel_attention;
    j["dropout"] = m.dropout;
    // Written only when set, so plans and presets without them read back unchanged.
    if (m.sliding_window > 0) {
        j["sliding_window"] = m.sliding_window;
        j["sliding_window_pattern"] = m.sliding_window_pattern;
    }
    if (m.kv_lora_rank > 0) {
        j["kv_lora_rank"] = m.kv_lora_rank;
        j["qk_rope_head_dim"] = m.qk_rope_head_dim;
        if (m.qk_nope_head_dim > 0 || m.v_head_dim > 0 || m.q_lora_rank > 0) {
            j["q_lora_rank"] = m.q_lora_rank;
            j["qk_nope_head_dim"] = m.qk_nope_head_dim;
            j["v_head_dim"] = m.v_head_dim;
        }
    }
    if (m.shared_ffn > 0)
        j["shared_ffn"] = m.shared_ffn;
    if (m.dense_layers > 0) {
        j["dense_layers"] = m.dense_layers;
        j["dense_ffn"] = m.dense_ffn;
    }
    return j;
}

void validateModelShape(const ModelSpec& m, const std::string& file, const std::string& path) {
    auto key = [&](const char* k) {
        return path.empty() ? std::string(k) : path + "." + k;
    };
    if (m.heads % m.kv_heads != 0)
        throw InputError(file, key("kv_heads"),
                         "must divide heads (" + std::to_string(m.heads) + "), got " +
                             std::to_string(m.kv_heads));
    if (m.experts_per_token > m.experts)
        throw InputError(file, key("experts_per_token"),
                         "must not exceed experts (" + std::to_string(m.experts) + ")");
    if (countParameters(m).total > 1e15)
        throw InputError(file, path.empty() ? std::string("(model)") : path,
                         "the shape implies more than 10^15 parameters");
    if (m.sliding_window_pattern > 0 && m.sliding_window == 0)
        throw InputError(file, key("sliding_window_pattern"),
                         "needs sliding_window (the window in tokens) to be set too");
    if (m.qk_rope_head_dim > 0 && m.kv_lora_rank == 0)
        throw InputError(file, key("qk_rope_head_dim"),
                         "is part of latent attention (MLA) and needs kv_lora_rank too");
    for (const auto& [k, v] :
         {std::pair{"q_lora_rank", m.q_lora_rank},
          std::pair{"qk_nope_head_dim", m.qk_nope_head_dim}, std::pair{"v_head_dim", m.v_head_dim}})
        if (v > 0 && m.kv_lora_rank == 0)
            throw InputError(file, key(k),
                             "is part of latent attention (MLA) and needs kv_lora_rank too");
    if ((m.qk_nope_head_dim > 0) != (m.v_head_dim > 0))
        throw InputError(file, key(m.qk_nope_head_dim > 0 ? "v_head_dim" : "qk_nope_head_dim"),
                         "MLA's parameters need both qk_nope_head_dim and v_head_dim");
    if (m.shared_ffn > 0 && m.experts < 2)
        throw InputError(file, key("shared_ffn"), "a shared expert needs experts > 1");
    if (m.dense_layers > 0 && m.experts < 2)
        throw InputError(file, key("dense_layers"), "dense leading layers need experts > 1");
    if (m.dense_layers >= m.layers && m.dense_layers > 0)
        throw InputError(file, key("dense_layers"),
                         "must be fewer than layers (" + std::to_string(m.layers) + ")");
    if (m.dense_layers > 0 && m.dense_ffn == 0)
        throw InputError(file, key("dense_ffn"), "needs a width when dense_layers is set");
    if (m.dense_ffn > 0 && m.dense_layers == 0)
        throw InputError(file, key("dense_layers"), "dense_ffn needs dense_layers too");
    if (m.heads * m.head_dim > 64 * m.hidden)
        throw InputError(file, key("head_dim"),
                         "heads x head_dim is implausibly large for hidden " +
                             std::to_string(m.hidden));
}

} // namespace memplan
