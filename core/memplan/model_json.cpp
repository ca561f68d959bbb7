#include "memplan/model_json.h"

#include "memplan/json_reader.h"
#include "memplan/param_count.h"
#include "memplan/plan_limits.h"
#include "memplan/vision.h"

#include <algorithm>
#include <iterator>

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
                                  "shared_expert_gate",
                                  "dense_layers",
                                  "dense_ffn",
                                  "vision",
                                  "linear_attention",
                                  "attention_output_gate"};

// Images per sequence and pixels per image a plan accepts.
constexpr int64_t kMaxImages = 10'000;
constexpr int64_t kMaxImageSide = 1'000'000;
constexpr int64_t kMaxPixels = kMaxImageSide * kMaxImageSide;

// Tiles per image a tiled tower may have (Llama 3.2 Vision: 4).
constexpr int64_t kMaxTiles = 64;

// A list of layer or block indices (`what`: "layer" or "block"): whole numbers, ascending,
// without repeats.
void readIndexList(ObjectReader& r, const char* name, const std::string& what,
                   std::vector<int64_t>& out) {
    const json* list = r.raw(name);
    if (!list)
        return;
    const std::string key = r.pathOf(name);
    if (!list->is_array())
        throw InputError(r.file(), key,
                         "expected a list of " + what + " indices, got " + list->type_name());
    if (list->size() > static_cast<std::size_t>(kMaxLayers))
        throw InputError(r.file(), key, "more entries than a model may have " + what + "s");
    out.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& b = (*list)[i];
        const std::string at = key + "[" + std::to_string(i) + "]";
        if (!b.is_number_integer())
            throw InputError(r.file(), at, "expected a whole " + what + " index, got " + b.dump());
        const int64_t index = b.get<int64_t>();
        if (index < 0 || index >= kMaxLayers)
            throw InputError(r.file(), at, what + " index " + b.dump() + " is out of range");
        if (!out.empty() && index <= out.back())
            throw InputError(r.file(), at, what + " indices must be ascending, without repeats");
        out.push_back(index);
    }
}

void readVision(const json& j, const std::string& file, const std::string& path, VisionSpec& v) {
    ObjectReader r(j, file, path);
    r.integer("layers", v.layers, 0, kMaxLayers);
    r.integer("hidden", v.hidden, 0, kMaxWidth);
    r.integer("ffn", v.ffn, 0, kMaxWidth);
    r.integer("heads", v.heads, 0, kMaxWidth);
    r.enumeration("mlp", v.mlp);
    r.enumeration("norm", v.norm);
    r.enumeration("position", v.position);
    r.integer("patch_size", v.patch_size, 1, kMaxImageSide);
    r.integer("temporal_patch_size", v.temporal_patch_size, 1, 1000);
    r.integer("image_size", v.image_size, 1, kMaxImageSide);
    r.integer("min_pixels", v.min_pixels, 0, kMaxPixels);
    r.integer("max_pixels", v.max_pixels, 0, kMaxPixels);
    r.integer("merge", v.merge, 1, 1000);
    r.integer("tokens_per_image", v.tokens_per_image, 0, kMaxPixels);
    r.integer("projector_ffn", v.projector_ffn, 0, kMaxWidth);
    r.integer("images", v.images, 0, kMaxImages);
    r.boolean("trainable", v.trainable);
    r.integer("window_size", v.window_size, 0, kMaxImageSide);
    readIndexList(r, "full_attention_blocks", "block", v.full_attention_blocks);
    r.integer("tiles", v.tiles, 0, kMaxTiles);
    r.integer("global_layers", v.global_layers, 0, kMaxLayers);
    readIndexList(r, "intermediate_layers", "layer", v.intermediate_layers);
    readIndexList(r, "cross_attention_layers", "layer", v.cross_attention_layers);
    r.rejectUnknownKeys();
}

json visionToJson(const VisionSpec& v) {
    json j{{"layers", v.layers},
           {"hidden", v.hidden},
           {"ffn", v.ffn},
           {"heads", v.heads},
           {"mlp", keyOf(v.mlp)},
           {"norm", keyOf(v.norm)},
           {"position", keyOf(v.position)},
           {"patch_size", v.patch_size},
           {"temporal_patch_size", v.temporal_patch_size},
           {"image_size", v.image_size},
           {"min_pixels", v.min_pixels},
           {"max_pixels", v.max_pixels},
           {"merge", v.merge},
           {"tokens_per_image", v.tokens_per_image},
           {"projector_ffn", v.projector_ffn},
           {"images", v.images},
           {"trainable", v.trainable}};
    // Window attention only where the tower has it (a text of defaults stays as it was).
    if (v.window_size > 0) {
        j["window_size"] = v.window_size;
        j["full_attention_blocks"] = v.full_attention_blocks;
    }
    // Llama 3.2 Vision's tiled tower and cross-attention layers, likewise.
    if (v.tiles > 0) {
        j["tiles"] = v.tiles;
        j["global_layers"] = v.global_layers;
        j["intermediate_layers"] = v.intermediate_layers;
    }
    if (!v.cross_attention_layers.empty())
        j["cross_attention_layers"] = v.cross_attention_layers;
    return j;
}

void readLinearAttention(const json& j, const std::string& file, const std::string& path,
                         LinearAttentionSpec& la) {
    ObjectReader r(j, file, path);
    r.integer("full_attention_interval", la.full_attention_interval, 0, kMaxLayers);
    r.integer("key_heads", la.key_heads, 0, kMaxWidth);
    r.integer("value_heads", la.value_heads, 0, kMaxWidth);
    r.integer("key_head_dim", la.key_head_dim, 0, kMaxWidth);
    r.integer("value_head_dim", la.value_head_dim, 0, kMaxWidth);
    r.integer("conv_kernel", la.conv_kernel, 1, 1024);
    r.boolean("ssm_state_fp32", la.ssm_state_fp32);
    r.rejectUnknownKeys();
}

json linearAttentionToJson(const LinearAttentionSpec& la) {
    return json{{"full_attention_interval", la.full_attention_interval},
                {"key_heads", la.key_heads},
                {"value_heads", la.value_heads},
                {"key_head_dim", la.key_head_dim},
                {"value_head_dim", la.value_head_dim},
                {"conv_kernel", la.conv_kernel},
                {"ssm_state_fp32", la.ssm_state_fp32}};
}

void validateLinearAttention(const ModelSpec& m, const std::string& file, const std::string& path) {
    const LinearAttentionSpec& la = m.linear_attention;
    if (la.full_attention_interval == 0)
        return;
    auto key = [&](const char* k) {
        return (path.empty() ? std::string("linear_attention.") : path + ".linear_attention.") + k;
    };
    for (const auto& [k, value] :
         {std::pair{"key_heads", la.key_heads}, std::pair{"value_heads", la.value_heads},
          std::pair{"key_head_dim", la.key_head_dim},
          std::pair{"value_head_dim", la.value_head_dim}})
        if (value == 0)
            throw InputError(file, key(k),
                             "linear-attention layers (full_attention_interval > 0) need it set");
    // Each key head serves value_heads / key_heads value heads (repeat_interleave in
    // Qwen3NextGatedDeltaNet.forward).
    if (la.value_heads % la.key_heads != 0)
        throw InputError(file, key("value_heads"),
                         "must be a multiple of key_heads (" + std::to_string(la.key_heads) +
                             "), got " + std::to_string(la.value_heads));
    if (la.full_attention_interval > m.layers)
        throw InputError(file, key("full_attention_interval"),
                         "must not exceed layers (" + std::to_string(m.layers) +
                             "): no layer would attend fully");
    if (m.sliding_window > 0)
        throw InputError(file,
                         path.empty() ? std::string("sliding_window") : path + ".sliding_window",
                         "sliding-window attention next to linear-attention layers is not "
                         "modelled");
    if (m.kv_lora_rank > 0)
        throw InputError(file, key("full_attention_interval"),
                         "linear-attention layers next to latent attention (MLA) are not "
                         "modelled");
    if (!m.vision.cross_attention_layers.empty())
        throw InputError(file, key("full_attention_interval"),
                         "linear-attention layers next to cross-attention layers are not "
                         "modelled");
}

void validateVision(const VisionSpec& v, const std::string& file, const std::string& path) {
    if (v.layers == 0)
        return;
    auto key = [&](const char* k) {
        return (path.empty() ? std::string("vision.") : path + ".vision.") + k;
    };
    for (const auto& [k, value] :
         {std::pair{"hidden", v.hidden}, std::pair{"ffn", v.ffn}, std::pair{"heads", v.heads}})
        if (value == 0)
            throw InputError(file, key(k), "a vision tower (vision.layers > 0) needs it set");
    if (v.hidden % v.heads != 0)
        throw InputError(file, key("heads"),
                         "must divide the tower's hidden size (" + std::to_string(v.hidden) +
                             "), got " + std::to_string(v.heads));
    if (v.position == PositionKind::Alibi)
        throw InputError(file, key("position"), "a vision tower's positions are learned or rope");
    if (v.min_pixels > 0 && v.max_pixels > 0 && v.min_pixels > v.max_pixels)
        throw InputError(file, key("min_pixels"),
                         "must not exceed max_pixels (" + std::to_string(v.max_pixels) + ")");
    if (v.position == PositionKind::Learned) {
        if (v.image_size % v.patch_size != 0)
            throw InputError(file, key("image_size"),
                             "a fixed-resolution tower needs a multiple of patch_size (" +
                                 std::to_string(v.patch_size) + "), got " +
                                 std::to_string(v.image_size));
        const int64_t perSide = v.image_size / v.patch_size;
        if (v.tokens_per_image == 0 && perSide % v.merge != 0)
            throw InputError(file, key("merge"),
                             "must divide the patches per side (" + std::to_string(perSide) + ")");
    }
    if (v.window_size > 0 && v.window_size < v.patch_size * v.merge)
        throw InputError(file, key("window_size"),
                         "a window must span at least one merged unit (patch_size x merge = " +
                             std::to_string(v.patch_size * v.merge) + " px), got " +
                             std::to_string(v.window_size));
    if (!v.full_attention_blocks.empty() && v.full_attention_blocks.back() >= v.layers)
        throw InputError(file, key("full_attention_blocks"),
                         "block " + std::to_string(v.full_attention_blocks.back()) +
                             " is beyond the tower's " + std::to_string(v.layers) + " blocks");
    if (!v.intermediate_layers.empty() && v.intermediate_layers.back() >= v.layers)
        throw InputError(file, key("intermediate_layers"),
                         "layer " + std::to_string(v.intermediate_layers.back()) +
                             " is beyond the tower's " + std::to_string(v.layers) + " layers");
    if (v.tiles > 0 && (v.position != PositionKind::Learned || v.merge != 1 ||
                        v.tokens_per_image != 0 || v.projector_ffn != 0))
        throw InputError(file, key("tiles"),
                         "a tiled tower (Llama 3.2 Vision's) has learned positions, merge 1, no "
                         "pooling and a one-linear projector");
    if (v.tiles == 0 && (v.global_layers > 0 || !v.intermediate_layers.empty()))
        throw InputError(file, key(v.global_layers > 0 ? "global_layers" : "intermediate_layers"),
                         "belongs to a tiled tower (vision.tiles > 0)");
    const int64_t patches = visionPatchesPerImage(v);
    if (v.tokens_per_image > patches)
        throw InputError(file, key("tokens_per_image"),
                         "must not exceed the patches per image (" + std::to_string(patches) + ")");
}
// model.scaled_from: the traits a derived shape keeps (ShapeBase), named and bounded as in
// model. The widths and the vocabulary are required, since a base without them could not be
// rebuilt; the kinds default as in model.
constexpr const char* kTraitKeys[] = {
    "name",  "layers",          "hidden", "ffn",  "heads", "kv_heads", "head_dim",
    "vocab", "tied_embeddings", "mlp",    "norm", "bias",  "position", "max_position"};
constexpr std::size_t kRequiredTraitKeys = 8; // layers .. vocab, after name

bool isTraitKey(const std::string& key) {
    return std::any_of(std::begin(kTraitKeys), std::end(kTraitKeys),
                       [&](const char* k) { return key == k; });
}

void readShapeBase(const json& j, const std::string& file, const std::string& path, ShapeBase& b) {
    const auto keyPath = [&](const std::string& key) {
        return path + "." + key;
    };
    for (std::size_t i = 1; i < kRequiredTraitKeys; ++i)
        if (!j.contains(kTraitKeys[i]))
            throw InputError(file, keyPath(kTraitKeys[i]),
                             "is required in a scaled model's traits");
    for (const auto& item : j.items())
        if (!isTraitKey(item.key()))
            throw InputError(file, keyPath(item.key()),
                             "is not one of a scaled model's traits (name, layers, hidden, ffn, "
                             "heads, kv_heads, head_dim, vocab, tied_embeddings, mlp, norm, bias, "
                             "position, max_position)");
    ModelSpec spec; // a trait not given takes model's default
    readModelShape(j, file, path, spec, false);
    validateModelShape(spec, file, path);
    b = shapeBaseOf(spec);
}

} // namespace

json shapeBaseToJson(const ShapeBase& b) {
    const json all = modelToJson(baseModel(b), false);
    json j = json::object();
    for (const char* key : kTraitKeys)
        if (all.contains(key))
            j[key] = all[key];
    return j;
}

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
        if (const json* b = r.object("scaled_from"))
            readShapeBase(*b, file, r.pathOf("scaled_from"), m.scaled_from);
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
    r.boolean("shared_expert_gate", m.shared_expert_gate);
    r.integer("dense_layers", m.dense_layers, 0, kMaxLayers);
    r.integer("dense_ffn", m.dense_ffn, 0, kMaxWidth);
    if (const json* v = r.object("vision"))
        readVision(*v, file, r.pathOf("vision"), m.vision);
    if (const json* la = r.object("linear_attention"))
        readLinearAttention(*la, file, r.pathOf("linear_attention"), m.linear_attention);
    r.boolean("attention_output_gate", m.attention_output_gate);
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
    if (m.shared_expert_gate)
        j["shared_expert_gate"] = true;
    if (m.dense_layers > 0) {
        j["dense_layers"] = m.dense_layers;
        j["dense_ffn"] = m.dense_ffn;
    }
    if (m.vision.layers > 0)
        j["vision"] = visionToJson(m.vision);
    if (m.linear_attention.full_attention_interval > 0)
        j["linear_attention"] = linearAttentionToJson(m.linear_attention);
    if (m.attention_output_gate)
        j["attention_output_gate"] = true;
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
    if (m.shared_expert_gate && m.shared_ffn == 0)
        throw InputError(file, key("shared_expert_gate"), "needs a shared expert (shared_ffn > 0)");
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
    validateVision(m.vision, file, path);
    const std::vector<int64_t>& cross = m.vision.cross_attention_layers;
    if (!cross.empty() && (m.vision.layers == 0 || cross.back() >= m.layers))
        throw InputError(file, key("vision.cross_attention_layers"),
                         m.vision.layers == 0
                             ? std::string("cross-attention layers need a vision tower")
                             : "layer " + std::to_string(cross.back()) + " is beyond the model's " +
                                   std::to_string(m.layers) + " layers");
    validateLinearAttention(m, file, path);
    if (m.heads * m.head_dim > 64 * m.hidden)
        throw InputError(file, key("head_dim"),
                         "heads x head_dim is implausibly large for hidden " +
                             std::to_string(m.hidden));
}

} // namespace memplan
