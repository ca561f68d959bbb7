// Llama 3.2 Vision (transformers models/mllama): the tiled tower's and the cross-attention
// layers' parameters counted here tensor by tensor from the module shapes, the image tokens of
// a tiled image, the cross-attention layers' saved tensors, the tower's activations (frozen or
// trainable), the KV cache of self-attention layers (by sequence) and of cross-attention layers
// (by image tokens), and the plan keys.
//
// Sources, all in transformers src/transformers/models/mllama/ (the shapes have not changed
// since the release, v4.45):
//  - modeling_mllama.py MllamaVisionModel.__init__: a bias-free Conv2d patch embedding, a
//    class embedding, gated_positional_embedding (MllamaPrecomputedPositionEmbedding: a gate,
//    num_patches x hidden, and nn.Embedding(max_aspect_ratio_id + 1, tiles x num_patches x
//    hidden)), pre/post_tile_positional_embedding (MllamaPrecomputedAspectRatioEmbedding:
//    nn.Embedding(max_aspect_ratio_id + 1, tiles x hidden) and a gate), layernorm_pre/post,
//    `num_hidden_layers` local and `num_global_layers` gated MllamaVisionEncoderLayers
//    (q/k/v/o without bias, MllamaVisionMLP fc1/fc2 with bias, two LayerNorms, gate_attn and
//    gate_ffn when gated); num_patches = (image_size / patch_size)^2 + 1.
//  - MllamaVisionModel.forward: each tile's tokens padded to a multiple of 8
//    (num_padding_patches), the padding sliced off again, the intermediate layers' outputs
//    concatenated to the last (vision_output_dim = (1 + len(intermediate_layers_indices)) x
//    hidden).
//  - MllamaForConditionalGeneration.multi_modal_projector: nn.Linear(vision_output_dim,
//    text hidden, bias=True).
//  - MllamaTextModel.__init__: embed_tokens has vocab_size + 8 rows; the layers listed in
//    cross_attention_layers are MllamaCrossAttentionDecoderLayers (MllamaTextCrossAttention:
//    q/k/v/o as a self-attention layer's, q_norm and k_norm over head_dim; the scalar gates
//    cross_attn_attn_gate and cross_attn_mlp_gate).
//  - MllamaTextCrossAttention.forward: keys and values from cross_attention_states (every
//    image token: images x tiles x num_patches), k_norm, then past_key_value.update caches them
//    at kv_heads width; no rotary embedding. MllamaTextModel.forward skips a cross-attention
//    layer when there is neither an image nor a cached one.
//  - image_processing_mllama.py get_all_supported_aspect_ratios: every (w, h) tile grid with
//    w x h <= max_image_tiles; max_aspect_ratio_id is their count.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include "memplan/hf_import.h"
#include "memplan/model.h"
#include "memplan/model_json.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/vision.h"

#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {
const std::filesystem::path kHfDir = std::filesystem::path(MEMPLAN_TEST_DATA) / "hf";
const char* const kPreset = "llama-3.2-11b-vision";

// Tokens of one tile: its patches and the class token.
double tileTokens(double imageSize, double patchSize) {
    const double side = imageSize / patchSize;
    return side * side + 1;
}

// Supported tile grids plus the padding row of the aspect-ratio embeddings.
double aspectRatioRows(int tiles) {
    int grids = 0;
    for (int w = 1; w <= tiles; ++w)
        for (int h = 1; h <= tiles; ++h)
            grids += w * h <= tiles ? 1 : 0;
    return grids + 1.0;
}

// The tower and projector's tensors for a vision spec, from the module shapes above.
double towerTensors(const VisionSpec& v, double lmHidden) {
    const double h = static_cast<double>(v.hidden), f = static_cast<double>(v.ffn);
    const double P =
        tileTokens(static_cast<double>(v.image_size), static_cast<double>(v.patch_size));
    const double T = static_cast<double>(v.tiles);
    const double A = aspectRatioRows(static_cast<int>(v.tiles));
    const double p = static_cast<double>(v.patch_size);
    double n = h * 3 * p * p;                   // patch_embedding (Conv2d, no bias)
    n += h;                                     // class_embedding
    n += 1 + P * h + A * (T * P * h);           // gated_positional_embedding
    n += 2 * (A * (T * h) + 1);                 // pre/post_tile_positional_embedding
    n += 2 * (2 * h);                           // layernorm_pre, layernorm_post
    const double layer = 4 * h * h              // q/k/v/o_proj
                         + (f * h + f)          // fc1
                         + (h * f + h)          // fc2
                         + 2 * (2 * h);         // input_layernorm, post_attention_layernorm
    n += static_cast<double>(v.layers) * layer; // transformer
    n += static_cast<double>(v.global_layers) * (layer + 2); // global_transformer + gates
    const double outputDim = (1 + static_cast<double>(v.intermediate_layers.size())) * h;
    return n + outputDim * lmHidden + lmHidden; // multi_modal_projector
}
} // namespace

class TestMllama : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "m.json", lib_); }

    double partAt(const Plan& p, std::string_view when, std::string_view label) {
        return bytesAt(evaluate(p, lib_), when, Component::Activations, label);
    }
    const ModelSpec& preset() { return lib_.findModel(kPreset)->model; }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(lib_.findModel(kPreset));
    }

    // --- Parameters ------------------------------------------------------------------

    void parameters_data() {
        QTest::addColumn<QString>("vision"); // changes to the preset's vision object (JSON)
        QTest::addRow("released") << "{}";
        QTest::addRow("2 tiles (3 grids)") << R"({"tiles": 2})";
        QTest::addRow("8 tiles (20 grids)") << R"({"tiles": 8})";
        QTest::addRow("448 px tiles") << R"({"image_size": 448})";
        QTest::addRow("two intermediate layers") << R"({"intermediate_layers": [3, 7]})";
        QTest::addRow("4 global layers") << R"({"global_layers": 4})";
        QTest::addRow("two cross-attention layers") << R"({"cross_attention_layers": [3, 8]})";
    }
    void parameters() {
        QFETCH(QString, vision);
        json j = {{"model", {{"preset", kPreset}, {"vision", json::parse(vision.toStdString())}}}};
        const Plan p = parse(j);
        const ModelSpec& m = p.model;
        const ParamCounts c = countParameters(m);
        const double tower = towerTensors(m.vision, static_cast<double>(m.hidden));
        QCOMPARE(c.vision, tower);
        // The language model: the text shape's count plus 8 embedding rows and, per
        // cross-attention layer, q_norm and k_norm (head_dim each) and two scalar gates.
        ModelSpec text = m;
        text.vision = VisionSpec{};
        const double crossLayers = static_cast<double>(m.vision.cross_attention_layers.size());
        const double extra = 8.0 * static_cast<double>(m.hidden) +
                             crossLayers * (2.0 * static_cast<double>(m.head_dim) + 2);
        QCOMPARE(c.total, countParameters(text).total + extra + tower);
        QCOMPARE(static_cast<double>(crossAttentionLayers(m)), crossLayers);
    }

    // --- Image tokens ------------------------------------------------------------------

    // Each image brings tiles x (patches + class token) tokens to the cross-attention layers
    // and none to the sequence; the tower runs over every tile padded to a multiple of 8.
    void imageTokens_data() {
        QTest::addColumn<int>("imageSize");
        QTest::addColumn<int>("tiles");
        QTest::addColumn<int>("images");
        QTest::addRow("560 px, 4 tiles, 1 image") << 560 << 4 << 1;
        QTest::addRow("560 px, 4 tiles, 3 images") << 560 << 4 << 3;
        QTest::addRow("448 px, 4 tiles") << 448 << 4 << 1;
        QTest::addRow("448 px, 1 tile, 2 images") << 448 << 1 << 2;
        QTest::addRow("no image") << 560 << 4 << 0;
    }
    void imageTokens() {
        QFETCH(int, imageSize);
        QFETCH(int, tiles);
        QFETCH(int, images);
        const Plan p = parse(
            {{"model",
              {{"preset", kPreset},
               {"vision", {{"image_size", imageSize}, {"tiles", tiles}, {"images", images}}}}}});
        const VisionSpec& v = p.model.vision;
        const double perTile = tileTokens(imageSize, 14);
        const double padded = std::ceil(perTile / 8) * 8;
        QCOMPARE(static_cast<double>(visionTokensPerImage(v)), tiles * perTile);
        QCOMPARE(static_cast<double>(visionPatchesPerImage(v)), tiles * padded);
        QCOMPARE(static_cast<double>(crossAttentionTokensPerSequence(p.model)),
                 images * tiles * perTile);
        QCOMPARE(imageTokensPerSequence(p.model), int64_t{0});
    }

    // --- KV cache ------------------------------------------------------------------------

    // Self-attention layers cache every token of the sequence; cross-attention layers cache
    // the image tokens' keys and values once, at prefill, and they do not grow while tokens
    // are generated.
    void kvCache_data() {
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("imageSize");
        QTest::addColumn<int>("microBatch");
        QTest::addColumn<int>("tp");
        QTest::addRow("1 image, 560 px") << 1 << 560 << 1 << 1;
        QTest::addRow("2 images, 448 px, batch 4") << 2 << 448 << 4 << 1;
        QTest::addRow("1 image, tp 2") << 1 << 560 << 2 << 2;
        QTest::addRow("no image") << 0 << 560 << 2 << 1;
    }
    void kvCache() {
        QFETCH(int, images);
        QFETCH(int, imageSize);
        QFETCH(int, microBatch);
        QFETCH(int, tp);
        const double seq = 1000, generated = 200;
        const Plan p = parse(
            {{"model",
              {{"preset", kPreset}, {"vision", {{"images", images}, {"image_size", imageSize}}}}},
             {"training",
              {{"method", "inference"},
               {"precision", "bf16-pure"},
               {"seq_len", seq},
               {"new_tokens", generated},
               {"micro_batch", microBatch}}},
             {"parallelism", {{"gpus", tp}, {"tp", tp}}}});
        const ModelSpec& m = p.model;
        const double kvWidth = static_cast<double>(m.kv_heads * m.head_dim) / tp; // per GPU
        const double cross = static_cast<double>(m.vision.cross_attention_layers.size());
        const double self = static_cast<double>(m.layers) - cross;
        const double imageTokens = images * 4 * tileTokens(imageSize, 14);
        const double crossCache = cross * microBatch * imageTokens * 2 * kvWidth * 2;
        const Evaluation e = evaluate(p, lib_);
        const Moment* prefill = findMoment(e, "prefill");
        const Moment* end = findMoment(e, "end of generation");
        QVERIFY(prefill && end);
        QCOMPARE(partBytes(*end, Component::Activations, "KV cache"),
                 (seq + generated) * microBatch * 2 * kvWidth * 2 * self);
        QCOMPARE(partBytes(*prefill, Component::Activations, "cross-attention KV cache"),
                 crossCache);
        QCOMPARE(partBytes(*end, Component::Activations, "cross-attention KV cache"), crossCache);
    }

    // --- Activations -----------------------------------------------------------------------

    // The cross-attention layers against the same model read as a text-only one (40
    // self-attention layers): per cross-attention layer, the text's keys and values give way to
    // the image tokens' (and so do the copies repeat_kv makes for eager attention), the eager
    // scores span the image tokens, q_norm and k_norm keep their fp32 inputs and, as their
    // weights train, their 16-bit outputs, and the two tanh gates keep the attention and MLP
    // outputs. Once per micro-batch: the projected image states that k_proj and v_proj read
    // and, for the fused kernel, the text x image-token mask. Full recomputation keeps each
    // layer's input alone, as for any layer.
    void crossAttentionActivations_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<QString>("checkpointing");
        QTest::addColumn<QString>("attention");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("microBatch");
        QTest::addRow("pytorch, none, flash, 1 image") << "pytorch"
                                                       << "none"
                                                       << "flash" << 1 << 1;
        QTest::addRow("pytorch, none, flash, 2 images x 2") << "pytorch"
                                                            << "none"
                                                            << "flash" << 2 << 2;
        QTest::addRow("hf-trainer, none, flash, 1 image") << "hf-trainer"
                                                          << "none"
                                                          << "flash" << 1 << 1;
        QTest::addRow("pytorch, none, eager, 1 image") << "pytorch"
                                                       << "none"
                                                       << "eager" << 1 << 1;
        QTest::addRow("hf-trainer, selective, eager") << "hf-trainer"
                                                      << "selective"
                                                      << "eager" << 1 << 2;
        QTest::addRow("pytorch, full, flash, 1 image") << "pytorch"
                                                       << "full"
                                                       << "flash" << 1 << 1;
        QTest::addRow("hf-trainer, full, eager, 2 images") << "hf-trainer"
                                                           << "full"
                                                           << "eager" << 2 << 1;
    }
    void crossAttentionActivations() {
        QFETCH(QString, framework);
        QFETCH(QString, checkpointing);
        QFETCH(QString, attention);
        QFETCH(int, images);
        QFETCH(int, microBatch);
        const double s = 512;
        const json training = {{"method", "full"},
                               {"framework", framework.toStdString()},
                               {"precision", "bf16-pure"},
                               {"seq_len", s},
                               {"micro_batch", microBatch},
                               {"checkpointing", checkpointing.toStdString()},
                               {"attention", attention.toStdString()}};
        const Plan withImages =
            parse({{"model", {{"preset", kPreset}, {"vision", {{"images", images}}}}},
                   {"training", training}});
        json text = planToJson(withImages);
        text["model"].erase("vision");
        text["model"].erase("preset");
        const Plan textOnly = parse(text);

        const ModelSpec& m = withImages.model;
        const double b = microBatch, w = 2; // bf16
        const double h = static_cast<double>(m.hidden);
        const double q = static_cast<double>(m.heads * m.head_dim);
        const double kv = static_cast<double>(m.kv_heads * m.head_dim);
        const double a = static_cast<double>(m.heads);
        const double I = images * 4 * tileTokens(560, 14); // image tokens per sequence
        const bool eager = attention == "eager";
        const bool none = checkpointing == "none";
        const bool full = checkpointing == "full";
        // A self-attention layer's kernel gets repeat_kv's copies of K and V under eager
        // attention, and under SDPA unless transformers passes enable_gqa (the hf-trainer
        // profile: causal training without a mask). A cross-attention layer always passes its
        // mask, so its kernel always gets the copies.
        const bool selfCopies = eager || framework == "pytorch";
        double perLayer = 0;
        if (!full) {
            perLayer += 2 * q * w * b * I; // image K and V, copied
            perLayer -= (2 * kv + (selfCopies ? 2 * (q - kv) : 0)) * w * b * s; // text K and V
            if (eager && none)
                perLayer += a * b * s * (I - s) * (4 + w);          // fp32 softmax + 16-bit copy
            perLayer += s * b * q * (4 + w) + I * b * kv * (4 + w); // q_norm, k_norm
            perLayer += 2 * s * b * h * w;                          // the tanh gates
        }
        const double crossLayers = static_cast<double>(m.vision.cross_attention_layers.size());
        const char* fwd = "end of forward";
        QCOMPARE(partAt(withImages, fwd, "saved layer activations") -
                     partAt(textOnly, fwd, "saved layer activations"),
                 crossLayers * perLayer);
        const double shared = (full ? 0.0 : I * b * h * w) + (eager ? 0.0 : s * b * I * w);
        QCOMPARE(partAt(withImages, fwd, "image states (cross-attention)"), shared);
        QCOMPARE(partAt(textOnly, fwd, "image states (cross-attention)"), 0.0);
    }

    // Without an image the cross-attention layers are skipped: they keep nothing of their own.
    void noImageNoCrossActivations() {
        const json training = {{"method", "full"}, {"precision", "bf16-pure"}, {"seq_len", 512}};
        const Plan p = parse({{"model", {{"preset", kPreset}, {"vision", {{"images", 0}}}}},
                              {"training", training}});
        QCOMPARE(partAt(p, "end of forward", "image states (cross-attention)"), 0.0);
    }

    // A trainable tower keeps, under full recomputation, each local and global layer's input
    // over every padded tile token and the projector's input (the last and intermediate
    // hidden states concatenated, padding sliced off); a frozen tower keeps nothing and its
    // parameters leave the trainable count.
    void towerActivations_data() {
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("microBatch");
        QTest::addColumn<int>("imageSize");
        QTest::addRow("1 image") << 1 << 1 << 560;
        QTest::addRow("2 images x 2") << 2 << 2 << 560;
        QTest::addRow("448 px") << 1 << 3 << 448;
    }
    void towerActivations() {
        QFETCH(int, images);
        QFETCH(int, microBatch);
        QFETCH(int, imageSize);
        json j = {
            {"model",
             {{"preset", kPreset},
              {"vision", {{"images", images}, {"image_size", imageSize}, {"trainable", true}}}}},
            {"training",
             {{"method", "full"},
              {"precision", "bf16-pure"},
              {"seq_len", 256},
              {"micro_batch", microBatch},
              {"checkpointing", "full"}}}};
        const Plan p = parse(j);
        const VisionSpec& v = p.model.vision;
        const double perTile = tileTokens(imageSize, 14);
        const double padded = std::ceil(perTile / 8) * 8;
        const double n = images * microBatch * 4.0; // tiles in the micro-batch
        const double h = static_cast<double>(v.hidden);
        const double expected =
            static_cast<double>(v.layers + v.global_layers) * n * padded * h * 2 +
            n * perTile * (1 + static_cast<double>(v.intermediate_layers.size())) * h * 2;
        QCOMPARE(partAt(p, "end of forward", "vision tower activations"), expected);

        j["model"]["vision"]["trainable"] = false;
        const Plan frozen = parse(j);
        QCOMPARE(partAt(frozen, "end of forward", "vision tower activations"), 0.0);
        const Evaluation et = evaluate(p, lib_), ef = evaluate(frozen, lib_);
        QCOMPARE(et.params_trainable, et.params_total);
        QCOMPARE(ef.params_trainable, et.params_total - countParameters(p.model).vision);
    }

    // The global layers' tanh gates keep the attention and MLP outputs (each a tile token x
    // hidden tensor) for the gates' gradients: against the same tower with its global layers
    // counted as local ones, that is all that differs.
    void globalLayerGates_data() {
        QTest::addColumn<QString>("attention");
        QTest::addColumn<int>("images");
        QTest::addRow("flash, 1 image") << "flash" << 1;
        QTest::addRow("eager, 2 images") << "eager" << 2;
    }
    void globalLayerGates() {
        QFETCH(QString, attention);
        QFETCH(int, images);
        json j = {
            {"model", {{"preset", kPreset}, {"vision", {{"images", images}, {"trainable", true}}}}},
            {"training",
             {{"method", "full"},
              {"precision", "bf16-pure"},
              {"seq_len", 256},
              {"attention", attention.toStdString()},
              {"checkpointing", "none"}}}};
        const Plan gated = parse(j);
        j["model"]["vision"]["layers"] = 40;
        j["model"]["vision"]["global_layers"] = 0;
        const Plan ungated = parse(j);
        const double tokens = images * 4 * std::ceil(tileTokens(560, 14) / 8) * 8;
        QCOMPARE(partAt(gated, "end of forward", "vision tower activations") -
                     partAt(ungated, "end of forward", "vision tower activations"),
                 8 * 2 * tokens * 1280 * 2.0);
    }

    // --- Plan keys and import -------------------------------------------------------------

    void roundTrip() {
        const Plan p = parse({{"model", {{"preset", kPreset}, {"vision", {{"images", 2}}}}}});
        const Plan back = parse(planToJson(p));
        QCOMPARE(back.model.vision.tiles, int64_t{4});
        QCOMPARE(back.model.vision.global_layers, int64_t{8});
        QVERIFY(back.model.vision.intermediate_layers == p.model.vision.intermediate_layers);
        QVERIFY(back.model.vision.cross_attention_layers == p.model.vision.cross_attention_layers);
        QCOMPARE(countParameters(back.model).total, countParameters(p.model).total);
        // Written only for a tiled tower: other towers' files read back unchanged.
        const json qwen = modelToJson(lib_.findModel("qwen2.5-vl-7b")->model, false);
        for (const char* key :
             {"tiles", "global_layers", "intermediate_layers", "cross_attention_layers"})
            QVERIFY2(!qwen.at("vision").contains(key), key);
    }

    // Linear-attention layers next to cross-attention layers are not modelled: refused.
    void linearAttentionRefused() {
        const auto c = test::catchInputError([&] {
            parse({{"model",
                    {{"preset", kPreset},
                     {"linear_attention",
                      {{"full_attention_interval", 4},
                       {"key_heads", 16},
                       {"value_heads", 32},
                       {"key_head_dim", 128},
                       {"value_head_dim", 128}}}}}});
        });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key),
                 QStringLiteral("model.linear_attention.full_attention_interval"));
    }

    // Serving with vLLM is not modelled for cross-attention layers: refused, naming them.
    void servingRefused() {
        const auto c = test::catchInputError([&] {
            parse({{"model", {{"preset", kPreset}}},
                   {"hardware", {{"gpu", "h100-sxm-80gb"}}},
                   {"training", {{"method", "serving"}, {"precision", "bf16-pure"}}}});
        });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key),
                 QStringLiteral("model.vision.cross_attention_layers"));
        QCOMPARE(QString::fromStdString(c.file), QStringLiteral("m.json"));
    }

    void importsRecordedConfig() {
        ModelSpec imported;
        try {
            imported = importHfConfigFile(kHfDir / kPreset / "config.json");
        } catch (const InputError& e) {
            QFAIL(e.what());
        }
        json a = modelToJson(imported, false), b = modelToJson(preset(), false);
        a.erase("name");
        b.erase("name");
        QCOMPARE(QString::fromStdString(a.dump()), QString::fromStdString(b.dump()));
        QCOMPARE(countParameters(imported).total, 10670220835.0);
    }

    void badKeys_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON
        QTest::addColumn<QString>("path");
        QTest::addRow("negative tiles") << kPreset << "tiles"
                                        << "-1"
                                        << "model.vision.tiles";
        QTest::addRow("huge tiles") << kPreset << "tiles"
                                    << "1e9"
                                    << "model.vision.tiles";
        QTest::addRow("tiles not a number") << kPreset << "tiles"
                                            << "\"four\""
                                            << "model.vision.tiles";
        QTest::addRow("tiles with merged patches") << kPreset << "merge"
                                                   << "2"
                                                   << "model.vision.tiles";
        QTest::addRow("negative global layers") << kPreset << "global_layers"
                                                << "-2"
                                                << "model.vision.global_layers";
        QTest::addRow("global layers on an untiled tower") << "qwen2.5-vl-7b"
                                                           << "global_layers"
                                                           << "8"
                                                           << "model.vision.global_layers";
        QTest::addRow("intermediate layer beyond the tower") << kPreset << "intermediate_layers"
                                                             << "[3, 32]"
                                                             << "model.vision.intermediate_layers";
        QTest::addRow("intermediate layers descending") << kPreset << "intermediate_layers"
                                                        << "[7, 3]"
                                                        << "model.vision.intermediate_layers[1]";
        QTest::addRow("intermediate layers on an untiled tower")
            << "gemma-3-4b"
            << "intermediate_layers"
            << "[3]"
            << "model.vision.intermediate_layers";
        QTest::addRow("cross-attention layer beyond the model")
            << kPreset << "cross_attention_layers"
            << "[3, 40]"
            << "model.vision.cross_attention_layers";
        QTest::addRow("cross-attention layers repeated")
            << kPreset << "cross_attention_layers"
            << "[3, 3]"
            << "model.vision.cross_attention_layers[1]";
        QTest::addRow("cross-attention layers not a list") << kPreset << "cross_attention_layers"
                                                           << "3"
                                                           << "model.vision.cross_attention_layers";
        QTest::addRow("cross-attention layer negative") << kPreset << "cross_attention_layers"
                                                        << "[-1]"
                                                        << "model.vision.cross_attention_layers[0]";
        QTest::addRow("cross-attention layers without a tower")
            << "llama-3.1-8b"
            << "cross_attention_layers"
            << "[3]"
            << "model.vision.cross_attention_layers";
    }
    void badKeys() {
        QFETCH(QString, base);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, path);
        json j = {{"model", {{"preset", base.toStdString()}}}};
        j["model"]["vision"][key.toStdString()] = json::parse(value.toStdString());
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), path);
        QCOMPARE(QString::fromStdString(c.file), QStringLiteral("m.json"));
    }
};

QTEST_APPLESS_MAIN(TestMllama)
#include "tst_mllama.moc"
