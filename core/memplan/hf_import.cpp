#include "memplan/hf_import.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/json_reader.h"
#include "memplan/model_json.h"
#include "memplan/plan_json.h"
#include "memplan/units.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {

// Families whose Hugging Face config classes we know; each fixes the defaults that a
// config.json may leave out (the defaults of the matching transformers config class).
enum class Family { Llama, Mistral, Mixtral, Qwen2, Gemma, Phi, Gpt2, Bert, Falcon, Other };

Family familyOf(const std::string& modelType) {
    struct Entry {
        const char* type;
        Family family;
    };
    static const Entry kTable[] = {
        {"llama", Family::Llama},
        {"mistral", Family::Mistral},
        {"mixtral", Family::Mixtral},
        {"qwen2", Family::Qwen2},
        {"gemma", Family::Gemma},
        {"gemma2", Family::Gemma},
        {"gemma3_text", Family::Gemma},
        {"phi", Family::Phi},
        {"qwen2_vl", Family::Qwen2},
        {"qwen2_5_vl", Family::Qwen2},
        {"qwen2_5_vl_text", Family::Qwen2},
        {"phi-msft", Family::Phi},
        {"gpt2", Family::Gpt2},
        {"bert", Family::Bert},
        {"falcon", Family::Falcon},
        {"mllama_text_model", Family::Llama}, // Llama 3.2 Vision's language model
        {"RefinedWeb", Family::Falcon},
        {"RefinedWebModel", Family::Falcon},
    };
    for (const auto& e : kTable)
        if (modelType == e.type)
            return e.family;
    return Family::Other;
}

constexpr int64_t kMaxWidth = 10'000'000;
constexpr int64_t kMaxLayers = 100'000;
constexpr int64_t kMaxVocab = 100'000'000;
constexpr int64_t kMaxPositions = 1'000'000'000;
constexpr int64_t kMaxExperts = 100'000;

// Typed access to the fields of one config.json. A field set to null counts as absent,
// as transformers treats it (e.g. GPT-2's "n_inner": null).
class Fields {
public:
    Fields(const json& j, std::string file)
        : j_(j)
        , file_(std::move(file)) {}

    const std::string& file() const { return file_; }

    const json* find(const char* key) const {
        const auto it = j_.find(key);
        if (it == j_.end() || it->is_null())
            return nullptr;
        return &*it;
    }
    bool has(const char* key) const { return find(key) != nullptr; }

    // The first of `keys` that is present, or nullptr.
    const char* first(std::initializer_list<const char*> keys) const {
        for (const char* k : keys)
            if (has(k))
                return k;
        return nullptr;
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw InputError(file_, key, problem);
    }

    int64_t integer(const char* key, int64_t min, int64_t max) const {
        const json& v = *find(key);
        double d = 0;
        if (v.is_number_unsigned()) {
            const auto u = v.get<uint64_t>();
            if (u > static_cast<uint64_t>(max))
                fail(key, "value " + std::to_string(u) + " is out of range [" +
                              formatNumber(static_cast<double>(min)) + ", " +
                              formatNumber(static_cast<double>(max)) + "]");
            d = static_cast<double>(u);
        } else if (v.is_number()) {
            d = v.get<double>();
        } else {
            fail(key, std::string("expected a whole number, got ") + v.type_name());
        }
        if (!std::isfinite(d) || d != std::floor(d))
            fail(key, "expected a whole number, got " + v.dump());
        if (d < static_cast<double>(min) || d > static_cast<double>(max))
            fail(key, "value " + v.dump() + " is out of range [" +
                          formatNumber(static_cast<double>(min)) + ", " +
                          formatNumber(static_cast<double>(max)) + "]");
        return static_cast<int64_t>(d);
    }

    // The first present of `keys` as an integer; `fallback` when none is present, or an error
    // naming the first key when there is no fallback.
    int64_t integer(std::initializer_list<const char*> keys, int64_t min, int64_t max,
                    std::optional<int64_t> fallback) const {
        if (const char* k = first(keys))
            return integer(k, min, max);
        if (fallback)
            return *fallback;
        missing(keys);
    }

    double probability(const char* key) const {
        const json& v = *find(key);
        if (!v.is_number())
            fail(key, std::string("expected a number, got ") + v.type_name());
        const double d = v.get<double>();
        if (!std::isfinite(d) || d < 0.0 || d >= 1.0)
            fail(key, "expected a probability in [0, 1), got " + v.dump());
        return d;
    }

    bool boolean(const char* key, bool fallback) const {
        const json* v = find(key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            fail(key, std::string("expected true or false, got ") + v->type_name());
        return v->get<bool>();
    }

    std::string string(const char* key, const std::string& fallback) const {
        const json* v = find(key);
        if (!v)
            return fallback;
        if (!v->is_string())
            fail(key, std::string("expected a string, got ") + v->type_name());
        return v->get<std::string>();
    }

    [[noreturn]] void missing(std::initializer_list<const char*> keys) const {
        std::string also;
        for (auto it = keys.begin() + 1; it != keys.end(); ++it)
            also += (also.empty() ? "" : ", ") + std::string(*it);
        fail(*keys.begin(), also.empty() ? std::string("missing required field")
                                         : "missing required field (also looked for " + also + ")");
    }

private:
    const json& j_;
    std::string file_;
};

// From layer_types: 0 when every layer slides, N when exactly every N-th layer (the N-th,
// 2N-th, ...) attends fully, -1 when absent or irregular (then the window applies as given).
int64_t fullAttentionPeriod(const Fields& f) {
    const json* types = f.find("layer_types");
    if (!types || !types->is_array() || types->empty())
        return -1;
    std::vector<std::size_t> full;
    for (std::size_t i = 0; i < types->size(); ++i) {
        const json& t = (*types)[i];
        if (!t.is_string())
            f.fail("layer_types", "expected a list of layer kinds (strings)");
        if (t.get<std::string>() == "full_attention")
            full.push_back(i);
    }
    if (full.empty())
        return 0;
    const auto period = static_cast<int64_t>(full.front() + 1);
    for (std::size_t k = 0; k < full.size(); ++k)
        if (full[k] != (k + 1) * static_cast<std::size_t>(period) - 1)
            return -1;
    if (types->size() - 1 - full.back() >= static_cast<std::size_t>(period))
        return -1;
    return period;
}

// Activation names that mean a gated (GLU-style) MLP when the family does not decide.
bool isGatedActivation(const std::string& act) {
    return act == "silu" || act == "swish" || act == "swiglu" || act == "geglu" || act == "reglu";
}

ModelSpec import(const json& j, const std::string& file) {
    if (!j.is_object())
        throw InputError(file, "(document)",
                         std::string("expected a JSON object, got ") + j.type_name());
    const Fields f(j, file);

    const std::string modelType = f.string("model_type", "");
    const Family fam = familyOf(modelType);
    const bool gptStyle = fam == Family::Gpt2 || modelType == "phi-msft";

    ModelSpec m;
    m.preset.clear();
    m.params.reset();

    m.name = f.string("_name_or_path", "");
    while (m.name.size() > 1 && m.name.back() == '/')
        m.name.pop_back();
    if (m.name.empty())
        m.name = modelType.empty() ? std::string("imported model") : modelType;

    m.layers = f.integer({"num_hidden_layers", "n_layer", "num_layers"}, 1, kMaxLayers, {});
    m.hidden = f.integer({"hidden_size", "n_embd", "d_model"}, 1, kMaxWidth, {});
    m.heads = f.integer({"num_attention_heads", "n_head", "num_heads"}, 1, kMaxWidth, {});

    // Feed-forward width. GPT-2 style configs leave n_inner unset (4 x width); Falcon's
    // config class only gained ffn_hidden_size late and defaults it to 4 x width; BERT's
    // intermediate_size defaults to 3072 in BertConfig, but every released BERT states it.
    std::optional<int64_t> ffnDefault;
    if (gptStyle || fam == Family::Falcon)
        ffnDefault = 4 * m.hidden;
    m.ffn = f.integer({"intermediate_size", "n_inner", "ffn_hidden_size", "ffn_dim", "d_ff"}, 1,
                      kMaxWidth, ffnDefault);

    // Key/value heads.
    if (fam == Family::Falcon) {
        const bool newArch = f.boolean("new_decoder_architecture", modelType == "RefinedWeb");
        if (newArch)
            m.kv_heads = f.integer({"num_kv_heads", "n_head_kv"}, 1, kMaxWidth, m.heads);
        else if (f.boolean("multi_query", true))
            m.kv_heads = 1;
        else
            m.kv_heads = m.heads;
    } else {
        const int64_t kvDefault = f.boolean("multi_query", false) ? 1 : m.heads;
        m.kv_heads = f.integer({"num_key_value_heads", "num_kv_heads", "n_head_kv"}, 1, kMaxWidth,
                               kvDefault);
    }

    if (f.has("head_dim")) {
        m.head_dim = f.integer("head_dim", 1, kMaxWidth);
    } else {
        if (m.hidden % m.heads != 0)
            f.fail("head_dim", "missing, and hidden size " + std::to_string(m.hidden) +
                                   " is not a multiple of the head count " +
                                   std::to_string(m.heads));
        m.head_dim = m.hidden / m.heads;
    }
    if (m.heads % m.kv_heads != 0) {
        const char* kvKey = f.first({"num_key_value_heads", "num_kv_heads", "n_head_kv"});
        f.fail(kvKey ? kvKey : "num_key_value_heads",
               "key/value heads (" + std::to_string(m.kv_heads) +
                   ") must divide the attention heads (" + std::to_string(m.heads) + ")");
    }

    m.vocab = f.integer({"vocab_size", "n_vocab", "padded_vocab_size"}, 1, kMaxVocab, {});

    // Output layer tied to the token embedding: the config class defaults. PretrainedConfig
    // itself defaults to true; Llama, Mistral, Mixtral, Qwen2 and Phi override it to false.
    bool tiedDefault = true;
    switch (fam) {
    case Family::Llama:
    case Family::Mistral:
    case Family::Mixtral:
    case Family::Qwen2:
    case Family::Phi:
        tiedDefault = false;
        break;
    default:
        break;
    }
    m.tied_embeddings = f.boolean("tie_word_embeddings", tiedDefault);

    // MLP form.
    switch (fam) {
    case Family::Llama:
    case Family::Mistral:
    case Family::Mixtral:
    case Family::Qwen2:
    case Family::Gemma: // GeGLU: gated although hidden_act reads "gelu"
        m.mlp = MlpKind::Gated;
        break;
    case Family::Phi:
    case Family::Gpt2:
    case Family::Bert:
    case Family::Falcon:
        m.mlp = MlpKind::Plain;
        break;
    case Family::Other: {
        const char* actKey = f.first({"hidden_act", "activation_function", "hidden_activation"});
        const std::string act = actKey ? f.string(actKey, "") : std::string("silu");
        m.mlp = isGatedActivation(act) ? MlpKind::Gated : MlpKind::Plain;
        break;
    }
    }

    // Mixture of experts.
    m.experts = f.integer({"num_local_experts", "num_experts", "n_routed_experts"}, 1, kMaxExperts,
                          int64_t{1});
    if (m.experts > 1) {
        m.experts_per_token =
            f.integer({"num_experts_per_tok", "num_selected_experts", "moe_top_k"}, 1, kMaxExperts,
                      std::min<int64_t>(2, m.experts));
        if (m.experts_per_token > m.experts) {
            const char* key = f.first({"num_experts_per_tok", "num_selected_experts", "moe_top_k"});
            f.fail(key ? key : "num_experts_per_tok",
                   "experts per token (" + std::to_string(m.experts_per_token) +
                       ") exceeds the expert count (" + std::to_string(m.experts) + ")");
        }
        // Qwen2/3-MoE and DeepSeek name each routed expert's width moe_intermediate_size and
        // keep intermediate_size for their dense layers or shared expert.
        if (f.has("moe_intermediate_size"))
            m.ffn = f.integer("moe_intermediate_size", 1, kMaxWidth);
        // Shared experts every token passes: DeepSeek's n_shared_experts of the routed width,
        // Qwen2-MoE's one shared_expert_intermediate_size MLP.
        if (f.has("shared_expert_intermediate_size")) {
            m.shared_ffn = f.integer("shared_expert_intermediate_size", 0, kMaxWidth);
            // Qwen2MoeSparseMoeBlock / Qwen3NextSparseMoeBlock: shared_expert_gate.
            m.shared_expert_gate = m.shared_ffn > 0;
        } else if (f.has("n_shared_experts"))
            m.shared_ffn = f.integer("n_shared_experts", 0, kMaxExperts) * m.ffn;
        // DeepSeek's first_k_dense_replace leading layers keep one dense MLP of
        // intermediate_size.
        if (f.has("first_k_dense_replace") && f.has("intermediate_size")) {
            m.dense_layers = f.integer("first_k_dense_replace", 0, m.layers - 1);
            if (m.dense_layers > 0)
                m.dense_ffn = f.integer("intermediate_size", 1, kMaxWidth);
        }
    } else {
        m.experts_per_token = 1;
    }

    // Encoder-only models have no vocabulary-sized output; BERT's count is BertModel's
    // (embeddings, encoder, pooler).
    m.lm_head = fam != Family::Bert;
    m.pooler = fam == Family::Bert;

    // Normalisation.
    switch (fam) {
    case Family::Phi:
    case Family::Gpt2:
    case Family::Bert:
    case Family::Falcon:
        m.norm = NormKind::LayerNorm;
        break;
    case Family::Other:
        if (f.has("rms_norm_eps"))
            m.norm = NormKind::RmsNorm;
        else if (f.first({"layer_norm_eps", "layer_norm_epsilon", "layernorm_epsilon"}))
            m.norm = NormKind::LayerNorm;
        else
            m.norm = NormKind::RmsNorm;
        break;
    default:
        m.norm = NormKind::RmsNorm;
        break;
    }

    // Biases. Llama's attention_bias also puts a bias on o_proj, which the qkv form leaves
    // out (hidden parameters per layer, negligible).
    switch (fam) {
    case Family::Qwen2:
        m.bias = BiasKind::Qkv;
        break;
    case Family::Phi:
    case Family::Gpt2:
    case Family::Bert:
        m.bias = BiasKind::All;
        break;
    case Family::Falcon:
        m.bias = f.boolean("bias", false) ? BiasKind::All : BiasKind::None;
        break;
    case Family::Mistral:
    case Family::Mixtral:
        m.bias = BiasKind::None;
        break;
    default: {
        // gpt-oss: attention_bias covers q, k, v and o, and every expert's projections carry
        // biases too (transformers models/gpt_oss/modeling_gpt_oss.py, GptOssExperts).
        if (modelType == "gpt_oss") {
            m.bias = f.boolean("attention_bias", true) ? BiasKind::All : BiasKind::None;
            break;
        }
        const bool mlpBias = f.boolean("mlp_bias", false);
        const bool attnBias = f.boolean("attention_bias", false);
        const bool allBias = f.boolean("bias", false) || f.boolean("use_bias", false);
        m.bias = (allBias || (attnBias && mlpBias)) ? BiasKind::All
                 : attnBias                         ? BiasKind::Qkv
                                                    : BiasKind::None;
        break;
    }
    }
    m.lm_head_bias = fam == Family::Phi;

    // Positions.
    int64_t positionsDefault = 4096;
    switch (fam) {
    case Family::Gpt2:
    case Family::Bert:
        m.position = PositionKind::Learned;
        positionsDefault = fam == Family::Gpt2 ? 1024 : 512;
        break;
    case Family::Falcon:
        m.position = f.boolean("alibi", false) ? PositionKind::Alibi : PositionKind::Rope;
        positionsDefault = 2048;
        break;
    case Family::Phi:
        m.position = PositionKind::Rope; // partial rotary: still no parameters
        positionsDefault = 2048;
        break;
    case Family::Other: {
        const std::string kind = f.string("position_embedding_type", "");
        if (kind == "absolute")
            m.position = PositionKind::Learned;
        else if (kind == "alibi" || f.boolean("alibi", false))
            m.position = PositionKind::Alibi;
        else
            m.position = PositionKind::Rope;
        break;
    }
    default:
        m.position = PositionKind::Rope;
        break;
    }
    const std::initializer_list<const char*> kPositionKeys = {
        "max_position_embeddings", "n_positions", "n_ctx", "max_seq_len", "seq_length"};
    if (m.position == PositionKind::Learned && fam == Family::Other && !f.first(kPositionKeys))
        f.missing(kPositionKeys); // a learned table needs its length
    m.max_position = f.integer(kPositionKeys, 1, kMaxPositions, positionsDefault);

    m.type_vocab =
        f.integer({"type_vocab_size"}, 0, kMaxVocab, fam == Family::Bert ? int64_t{2} : int64_t{0});

    // Attention and MLP side by side on one normalised input.
    switch (fam) {
    case Family::Falcon:
        m.parallel_attention = f.boolean("parallel_attn", true);
        break;
    case Family::Phi:
        m.parallel_attention = true;
        break;
    case Family::Other:
        m.parallel_attention =
            f.boolean("parallel_attn", false) || f.boolean("use_parallel_residual", false);
        break;
    default:
        m.parallel_attention = false;
        break;
    }

    // Dropout: the largest probability among the fields the family uses; the config
    // classes of GPT-2 and BERT default theirs to 0.1, every other family here to 0.
    double dropout = (fam == Family::Gpt2 || fam == Family::Bert) ? 0.1 : 0.0;
    bool sawDropout = false;
    for (const char* key :
         {"attention_dropout", "attn_pdrop", "resid_pdrop", "embd_pdrop", "hidden_dropout",
          "hidden_dropout_prob", "attention_probs_dropout_prob", "dropout"}) {
        if (!f.has(key))
            continue;
        const double p = f.probability(key);
        dropout = sawDropout ? std::max(dropout, p) : p;
        sawDropout = true;
    }
    if (fam == Family::Gpt2 && sawDropout) {
        // GPT2Config defaults each of its three fields to 0.1; an absent one still applies.
        for (const char* key : {"attn_pdrop", "resid_pdrop", "embd_pdrop"})
            if (!f.has(key))
                dropout = std::max(dropout, 0.1);
    }
    if (fam == Family::Bert && sawDropout) {
        for (const char* key : {"hidden_dropout_prob", "attention_probs_dropout_prob"})
            if (!f.has(key))
                dropout = std::max(dropout, 0.1);
    }
    m.dropout = dropout;

    // Attention variants that shape the serving KV cache. Qwen2 configs carry a
    // sliding_window that only applies with use_sliding_window; Gemma 2 alternates local and
    // global layers without a key for it; Gemma 3 names the period (sliding_window_pattern).
    if (f.has("sliding_window") && f.boolean("use_sliding_window", true)) {
        m.sliding_window = f.integer("sliding_window", 1, kMaxPositions);
        m.sliding_window_pattern = f.integer({"sliding_window_pattern"}, 0, kMaxLayers,
                                             modelType == "gemma2" ? int64_t{2} : int64_t{0});
        // Newer configs list each layer's kind instead (layer_types: "sliding_attention" /
        // "full_attention"); a full layer every N-th layer is the pattern N.
        if (!f.has("sliding_window_pattern"))
            if (const int64_t period = fullAttentionPeriod(f); period >= 0)
                m.sliding_window_pattern = period;
    }
    // DeepSeek-V2/V3 multi-head latent attention (MLA).
    if (f.has("kv_lora_rank")) {
        m.kv_lora_rank = f.integer("kv_lora_rank", 1, kMaxWidth);
        m.qk_rope_head_dim = f.integer({"qk_rope_head_dim"}, 0, kMaxWidth, int64_t{0});
        m.q_lora_rank = f.integer({"q_lora_rank"}, 0, kMaxWidth, int64_t{0});
        m.qk_nope_head_dim = f.integer({"qk_nope_head_dim"}, 0, kMaxWidth, int64_t{0});
        m.v_head_dim = f.integer({"v_head_dim"}, 0, kMaxWidth, int64_t{0});
        // The attention output is heads x v_head_dim wide; head_dim, when the config leaves
        // it out, follows it (DeepSeek's hidden / heads is no head width of its own).
        if (!f.has("head_dim") && m.v_head_dim > 0)
            m.head_dim = m.v_head_dim;
    }

    // Hybrid linear attention (Qwen3-Next, Qwen3.5): Gated DeltaNet layers with a full-attention
    // layer every full_attention_interval-th (transformers Qwen3NextConfig; newer configs also
    // list layer_types "linear_attention" / "full_attention").
    if (f.has("linear_num_value_heads")) {
        LinearAttentionSpec& la = m.linear_attention;
        const int64_t period = fullAttentionPeriod(f);
        if (f.has("full_attention_interval"))
            la.full_attention_interval = f.integer("full_attention_interval", 1, kMaxLayers);
        else if (period > 0)
            la.full_attention_interval = period;
        else
            f.fail("layer_types", "linear-attention layers need a full-attention layer every "
                                  "N-th layer (full_attention_interval) to be modelled");
        if (f.has("layer_types") && period != la.full_attention_interval)
            f.fail("layer_types", "must attend fully every full_attention_interval-th layer (" +
                                      std::to_string(la.full_attention_interval) +
                                      "); irregular hybrids are not modelled");
        la.key_heads = f.integer({"linear_num_key_heads"}, 1, kMaxWidth, std::nullopt);
        la.value_heads = f.integer({"linear_num_value_heads"}, 1, kMaxWidth, std::nullopt);
        la.key_head_dim = f.integer({"linear_key_head_dim"}, 1, kMaxWidth, std::nullopt);
        la.value_head_dim = f.integer({"linear_value_head_dim"}, 1, kMaxWidth, std::nullopt);
        la.conv_kernel = f.integer({"linear_conv_kernel_dim"}, 1, 1024, int64_t{4});
        la.ssm_state_fp32 =
            f.has("mamba_ssm_dtype") && f.string("mamba_ssm_dtype", "") == "float32";
        // Qwen3-Next always gates its attention output (Qwen3NextAttention: q_proj is twice
        // as wide); Qwen3.5 names it attn_output_gate.
        m.attention_output_gate = modelType == "qwen3_next" || f.boolean("attn_output_gate", false);
    }

    // The same cross-field checks a plan's model object gets.
    validateModelShape(m, file, "");
    // Same limits both ways: what import-hf prints must read back as a plan's model.
    try {
        ModelSpec check;
        readModelShape(modelToJson(m, false), file, "model", check, false);
        validateModelShape(check, file, "model");
    } catch (const InputError& e) {
        throw InputError(file, "",
                         "the model does not fit a plan's limits: " + e.keyPath() + ": " +
                             e.problem());
    }
    return m;
}

// Runs `read`, naming the nested object in any error's key ("text_config.hidden_size").
template <typename F> auto within(const std::string& prefix, F&& read) {
    try {
        return read();
    } catch (const InputError& e) {
        throw InputError(e.file(), e.keyPath().empty() ? prefix : prefix + "." + e.keyPath(),
                         e.problem());
    }
}

// What a nested Gemma3TextConfig leaves out takes the config class's defaults (transformers
// models/gemma3/configuration_gemma3.py, Gemma3TextConfig.__init__); the released Gemma 3
// 4B-27B configs state only their widths, depth and window.
void fillGemma3TextDefaults(json& t) {
    const std::pair<const char*, json> kDefaults[] = {
        {"vocab_size", 262208},      {"hidden_size", 2304},
        {"intermediate_size", 9216}, {"num_hidden_layers", 26},
        {"num_attention_heads", 8},  {"num_key_value_heads", 4},
        {"head_dim", 256},           {"max_position_embeddings", 131072},
        {"sliding_window", 4096},    {"tie_word_embeddings", true}};
    for (const auto& [key, value] : kDefaults)
        if (!t.contains(key) || t[key].is_null())
            t[key] = value;
    if (!t.contains("layer_types") && !t.contains("sliding_window_pattern"))
        t["sliding_window_pattern"] = 6;
}

// A config's list of layer indices (fullatt_block_indexes, cross_attention_layers, ...):
// whole numbers below `below`, returned sorted without repeats; `fallback` when absent.
std::vector<int64_t> indexList(const Fields& f, const char* key, int64_t below,
                               std::vector<int64_t> fallback) {
    const json* list = f.find(key);
    if (!list) {
        std::erase_if(fallback, [&](int64_t i) { return i >= below; });
        return fallback;
    }
    if (!list->is_array())
        f.fail(key, std::string("expected a list of layer indices, got ") + list->type_name());
    std::vector<int64_t> out;
    for (const json& b : *list) {
        if (!b.is_number_integer() || b.get<int64_t>() < 0 || b.get<int64_t>() >= below)
            f.fail(key,
                   "expected layer indices below " + std::to_string(below) + ", got " + b.dump());
        out.push_back(b.get<int64_t>());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The vision tower of a vision_config: SigLIP (Gemma 3, transformers SiglipVisionConfig
// defaults) or Qwen2.5-VL's ViT (Qwen2_5_VLVisionConfig). Others are refused by name.
VisionSpec importVision(const json& vc, const json& top, const std::string& file) {
    if (!vc.is_object())
        throw InputError(file, "", std::string("expected an object, got ") + vc.type_name());
    const Fields f(vc, file);
    const Fields t(top, file);
    // Qwen2.5-VL's first configs leave the vision_config's model_type out.
    const std::string topType = t.string("model_type", "");
    const std::string type = f.string("model_type", topType == "qwen2_5_vl" ? topType : "");
    VisionSpec v;
    if (type == "siglip_vision_model") {
        v.layers = f.integer({"num_hidden_layers"}, 1, kMaxLayers, int64_t{12});
        v.hidden = f.integer({"hidden_size"}, 1, kMaxWidth, int64_t{768});
        v.ffn = f.integer({"intermediate_size"}, 1, kMaxWidth, int64_t{3072});
        v.heads = f.integer({"num_attention_heads"}, 1, kMaxWidth, int64_t{12});
        v.image_size = f.integer({"image_size"}, 1, kMaxWidth, int64_t{224});
        v.patch_size = f.integer({"patch_size"}, 1, kMaxWidth, int64_t{16});
        v.mlp = MlpKind::Plain;
        v.norm = NormKind::LayerNorm;
        v.position = PositionKind::Learned;
        // Gemma 3 pools the patches to mm_tokens_per_image (Gemma3Config default 256).
        if (topType == "gemma3")
            v.tokens_per_image = t.integer({"mm_tokens_per_image"}, 1, kMaxWidth, int64_t{256});
        return v;
    }
    if (type == "qwen2_5_vl" || type == "qwen2_5_vl_vision") {
        v.layers = f.integer({"depth"}, 1, kMaxLayers, {});
        v.hidden = f.integer({"hidden_size"}, 1, kMaxWidth, {});
        v.ffn = f.integer({"intermediate_size"}, 1, kMaxWidth, {});
        v.heads = f.integer({"num_heads"}, 1, kMaxWidth, {});
        v.patch_size = f.integer({"patch_size", "spatial_patch_size"}, 1, kMaxWidth, int64_t{14});
        v.temporal_patch_size = f.integer({"temporal_patch_size"}, 1, 1000, int64_t{2});
        v.merge = f.integer({"spatial_merge_size"}, 1, 1000, int64_t{2});
        v.mlp = isGatedActivation(f.string("hidden_act", "silu")) ? MlpKind::Gated : MlpKind::Plain;
        v.norm = NormKind::RmsNorm;
        v.position = PositionKind::Rope;
        v.projector_ffn = v.hidden * v.merge * v.merge; // Qwen2_5_VLPatchMerger
        // Window attention in every block but fullatt_block_indexes (Qwen2_5_VLVisionConfig
        // defaults: window_size 112, fullatt_block_indexes [7, 15, 23, 31]).
        v.window_size = f.integer({"window_size"}, 0, kMaxWidth, int64_t{112});
        v.full_attention_blocks = indexList(f, "fullatt_block_indexes", v.layers, {7, 15, 23, 31});
        // The image processor's bounds are not in config.json but in preprocessor_config.json;
        // the released Qwen2.5-VL checkpoints (3B to 72B) all state min_pixels 3136 and
        // max_pixels 12845056. The image side is the workload's; 448 px gives 256 tokens.
        v.min_pixels = 3136;
        v.max_pixels = 12845056;
        v.image_size = 448;
        return v;
    }
    if (type == "mllama_vision_model" || (type.empty() && topType == "mllama")) {
        // MllamaVisionConfig (transformers models/mllama/configuration_mllama.py) and its
        // defaults; the Hub configs name the head count attention_heads.
        v.layers = f.integer({"num_hidden_layers"}, 1, kMaxLayers, int64_t{32});
        v.global_layers = f.integer({"num_global_layers"}, 0, kMaxLayers, int64_t{8});
        v.hidden = f.integer({"hidden_size"}, 1, kMaxWidth, int64_t{1280});
        v.ffn = f.integer({"intermediate_size"}, 1, kMaxWidth, int64_t{5120});
        v.heads = f.integer({"attention_heads", "num_attention_heads"}, 1, kMaxWidth, int64_t{16});
        v.image_size = f.integer({"image_size"}, 1, kMaxWidth, int64_t{448});
        v.patch_size = f.integer({"patch_size"}, 1, kMaxWidth, int64_t{14});
        v.tiles = f.integer({"max_num_tiles"}, 1, 64, int64_t{4});
        v.intermediate_layers =
            indexList(f, "intermediate_layers_indices", v.layers, {3, 7, 15, 23, 30});
        v.mlp = MlpKind::Plain;
        v.norm = NormKind::LayerNorm;
        v.position = PositionKind::Learned;
        // The projector's input: the last hidden state and the intermediate ones, concatenated.
        if (f.has("vision_output_dim") &&
            f.integer({"vision_output_dim"}, 1, kMaxWidth, {}) !=
                static_cast<int64_t>(1 + v.intermediate_layers.size()) * v.hidden)
            f.fail("vision_output_dim", "expected (1 + len(intermediate_layers_indices)) x "
                                        "hidden_size = " +
                                            std::to_string((1 + v.intermediate_layers.size()) *
                                                           static_cast<std::size_t>(v.hidden)));
        return v;
    }
    f.fail("model_type", "vision tower \"" + type +
                             "\" is not modelled (memplan reads SigLIP, as in Gemma 3, "
                             "Qwen2.5-VL's and Llama 3.2 Vision's); describe the tower under "
                             "model.vision in a plan");
}

// A vision-language config: the language model in text_config (or at the top level, as
// Qwen2.5-VL's first configs have it) and the tower in vision_config.
ModelSpec importMultimodal(const json& j, const std::string& file) {
    const bool nested = j.contains("text_config") && j["text_config"].is_object();
    if (j.contains("text_config") && !nested)
        throw InputError(file, "text_config",
                         std::string("expected an object, got ") + j["text_config"].type_name());
    json text = nested ? j["text_config"] : j;
    text.erase("vision_config");
    text.erase("text_config");
    const std::string textType = text.contains("model_type") && text["model_type"].is_string()
                                     ? text["model_type"].get<std::string>()
                                     : std::string();
    if (textType == "gemma3_text")
        fillGemma3TextDefaults(text);
    if (nested && !text.contains("_name_or_path") && j.contains("_name_or_path"))
        text["_name_or_path"] = j["_name_or_path"];
    ModelSpec m =
        nested ? within("text_config", [&] { return import(text, file); }) : import(text, file);
    if (j.contains("vision_config") && !j["vision_config"].is_null()) {
        m.vision =
            within("vision_config", [&] { return importVision(j["vision_config"], j, file); });
        // Llama 3.2 Vision: the language model's cross_attention_layers (MllamaTextConfig
        // default [3, 8, 13, 18, 23, 28, 33, 38]) read the image tokens.
        if (m.vision.tiles > 0)
            m.vision.cross_attention_layers = within("text_config", [&] {
                return indexList(Fields(text, file), "cross_attention_layers", m.layers,
                                 {3, 8, 13, 18, 23, 28, 33, 38});
            });
        validateModelShape(m, file, "");
    }
    return m;
}

ModelSpec importAny(const json& j, const std::string& file) {
    if (j.is_object() && (j.contains("vision_config") || j.contains("text_config")))
        return importMultimodal(j, file);
    return import(j, file);
}

} // namespace

ModelSpec importHfConfig(std::string_view text, const std::string& file) {
    return importAny(parseJsonText(text, file), file);
}

ModelSpec importHfConfigFile(const std::filesystem::path& path) {
    return importHfConfig(readInputFile(path.generic_string()), path.generic_string());
}

bool isHfConfig(const json& j) {
    if (!j.is_object() || !(j.contains("model_type") || j.contains("architectures")))
        return false;
    for (const char* key : {"schema_version", "model", "training", "parallelism", "hardware"})
        if (j.contains(key))
            return false;
    return true;
}

Plan planForModel(const ModelSpec& model, const Plan& base) {
    Plan p = base;
    p.model = model;
    p.model.preset.clear();
    p.name = model.name;
    p.training.seq_len = std::min(p.training.seq_len, std::max<int64_t>(model.max_position, 1));
    // Heads that the tensor-parallel degree no longer divides: back to one GPU per replica.
    if (p.parallelism.tp > 1 && model.heads % p.parallelism.tp != 0) {
        p.parallelism.gpus = std::max<int64_t>(1, p.parallelism.gpus / p.parallelism.tp);
        p.parallelism.tp = 1;
        p.parallelism.sequence_parallel = false;
    }
    if (p.parallelism.pp > model.layers) {
        p.parallelism.gpus = std::max<int64_t>(1, p.parallelism.gpus / p.parallelism.pp);
        p.parallelism.pp = 1;
    }
    return p;
}

OpenedPlan openPlanOrHfConfig(const std::filesystem::path& path, const PresetLibrary& presets,
                              const Plan& base) {
    const std::string file = path.generic_string();
    const std::string text = readInputFile(file);
    const json j = parseJsonText(text, file);
    if (isHfConfig(j)) {
        Plan p = planForModel(importAny(j, file), base);
        validatePlan(p, file); // the result must be a plan that saves and opens again
        return {std::move(p), true};
    }
    return {parsePlan(text, file, presets), false};
}

} // namespace memplan
