// Vision-language models: the tower's parameters against the checkpoints' tensors, image tokens
// from the image size (transformers' smart_resize, Gemma 3's pooling), the language model's
// longer sequence in activations and KV cache, a frozen or trainable tower, and the plan keys.
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/result_json.h"
#include "memplan/vision.h"

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {

// One tensor of a checkpoint: its element count.
double tensor(std::initializer_list<double> dims) {
    double n = 1;
    for (double d : dims)
        n *= d;
    return n;
}

// SigLIP so400m as Gemma 3 loads it (transformers Gemma3ForConditionalGeneration,
// vision_tower.vision_model.* and multi_modal_projector.*), tensor by tensor.
double gemmaVisionTensors(double lmHidden) {
    const double h = 1152, f = 4304;
    double n = tensor({h, 3, 14, 14}) + tensor({h}) // patch_embedding weight, bias
               + tensor({4096, h});                 // position_embedding (64 x 64 patches)
    const double layer = 2 * tensor({h})            // layer_norm1
                         + 4 * (tensor({h, h}) + tensor({h})) // q, k, v, out_proj
                         + 2 * tensor({h})                    // layer_norm2
                         + tensor({f, h}) + tensor({f})       // fc1
                         + tensor({h, f}) + tensor({h});      // fc2
    n += 27 * layer + 2 * tensor({h});                        // post_layernorm
    n += tensor({h}) + tensor({h, lmHidden}); // mm_soft_emb_norm, mm_input_projection_weight
    return n;
}

// Qwen2.5-VL 7B's visual.* tensors (Qwen2_5_VisionTransformerPretrainedModel).
double qwenVisionTensors() {
    const double h = 1280, f = 3420;
    double n = tensor({h, 3, 2, 14, 14}); // patch_embed.proj (Conv3d, no bias)
    const double layer = 2 * tensor({h})  // norm1, norm2 (RMSNorm)
                         + tensor({3 * h, h}) + tensor({3 * h}) // attn.qkv
                         + tensor({h, h}) + tensor({h})         // attn.proj
                         + 2 * (tensor({f, h}) + tensor({f}))   // gate_proj, up_proj
                         + tensor({h, f}) + tensor({h});        // down_proj
    n += 32 * layer;
    n += tensor({h})                              // merger.ln_q
         + tensor({5120, 5120}) + tensor({5120})  // merger.mlp.0
         + tensor({3584, 5120}) + tensor({3584}); // merger.mlp.2
    return n;
}
} // namespace

class TestVision : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "v.json", lib_); }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    // --- Parameters ------------------------------------------------------------------

    void towerParameters_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("tensors");
        QTest::addRow("gemma-3-4b") << "gemma-3-4b" << gemmaVisionTensors(2560);
        QTest::addRow("gemma-3-12b") << "gemma-3-12b" << gemmaVisionTensors(3840);
        QTest::addRow("gemma-3-27b") << "gemma-3-27b" << gemmaVisionTensors(5376);
        QTest::addRow("qwen2.5-vl-7b") << "qwen2.5-vl-7b" << qwenVisionTensors();
    }
    void towerParameters() {
        QFETCH(QString, preset);
        QFETCH(double, tensors);
        const ModelPreset* p = lib_.findModel(preset.toStdString());
        QVERIFY(p);
        const ParamCounts c = countParameters(p->model);
        QCOMPARE(c.vision, tensors);
        // The tower is part of the total, and only of it: the text-only shape counts the rest.
        ModelSpec text = p->model;
        text.vision = VisionSpec{};
        QCOMPARE(c.total, countParameters(text).total + tensors);
    }

    // --- Image tokens ----------------------------------------------------------------

    // Qwen2.5-VL resizes each image (transformers image_processing_qwen2_vl.py smart_resize,
    // factor 28, min_pixels 3136, max_pixels 12845056 from the checkpoint's preprocessor
    // config); the expected sides are what that function returns. Gemma 3 always sees 896 px.
    void imageTokens_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("imageSize");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("patches");
        QTest::addColumn<int>("tokens");
        QTest::addRow("qwen 448") << "qwen2.5-vl-7b" << 448 << 448 << 32 * 32 << 256;
        QTest::addRow("qwen 1000 rounds up") << "qwen2.5-vl-7b" << 1000 << 1008 << 72 * 72 << 1296;
        QTest::addRow("qwen 1022 rounds down") << "qwen2.5-vl-7b" << 1022 << 1008 << 5184 << 1296;
        QTest::addRow("qwen 40 below min_pixels") << "qwen2.5-vl-7b" << 40 << 56 << 16 << 4;
        QTest::addRow("qwen 8000 above max_pixels")
            << "qwen2.5-vl-7b" << 8000 << 3584 << 256 * 256 << 16384;
        QTest::addRow("gemma fixed 896, pooled") << "gemma-3-4b" << 896 << 896 << 4096 << 256;
    }
    void imageTokens() {
        QFETCH(QString, preset);
        QFETCH(int, imageSize);
        QFETCH(int, side);
        QFETCH(int, patches);
        QFETCH(int, tokens);
        VisionSpec v = lib_.findModel(preset.toStdString())->model.vision;
        v.image_size = imageSize;
        QCOMPARE(visionImageSide(v), int64_t{side});
        QCOMPARE(visionPatchesPerImage(v), int64_t{patches});
        QCOMPARE(visionTokensPerImage(v), int64_t{tokens});
    }

    // --- The language model's sequence: KV cache and activations --------------------

    void kvCacheHoldsImageTokens_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("imageSize");
        QTest::addRow("qwen no image") << "qwen2.5-vl-7b" << 0 << 448;
        QTest::addRow("qwen 1 x 448") << "qwen2.5-vl-7b" << 1 << 448;
        QTest::addRow("qwen 3 x 1000") << "qwen2.5-vl-7b" << 3 << 1000;
        QTest::addRow("gemma 4b 2 images") << "gemma-3-4b" << 2 << 896;
    }
    void kvCacheHoldsImageTokens() {
        QFETCH(QString, preset);
        QFETCH(int, images);
        QFETCH(int, imageSize);
        const int64_t seq = 1024;
        json j = {{"model",
                   {{"preset", preset.toStdString()},
                    {"vision", {{"images", images}, {"image_size", imageSize}}}}},
                  {"training",
                   {{"method", "inference"},
                    {"precision", "bf16-pure"},
                    {"seq_len", seq},
                    {"micro_batch", 2}}}};
        const Plan p = parse(j);
        const Evaluation e = evaluate(p, lib_);
        const Moment* prefill = findMoment(e, "prefill");
        QVERIFY(prefill);
        const ModelSpec& m = p.model;
        const double tokens =
            static_cast<double>(seq + images * visionTokensPerImage(m.vision)) * 2;
        QCOMPARE(partBytes(*prefill, Component::Activations, "KV cache"),
                 tokens * 2 * static_cast<double>(m.layers * m.kv_heads * m.head_dim) * 2);
    }

    // Image tokens lengthen the language model's sequence: the same plan with seq_len grown by
    // the image tokens and no tower keeps the same layer activations.
    void layerActivationsCountImageTokens_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("checkpointing");
        QTest::addColumn<QString>("attention");
        QTest::addRow("qwen none flash") << "qwen2.5-vl-7b"
                                         << "none"
                                         << "flash";
        QTest::addRow("qwen none eager") << "qwen2.5-vl-7b"
                                         << "none"
                                         << "eager";
        QTest::addRow("qwen full flash") << "qwen2.5-vl-7b"
                                         << "full"
                                         << "flash";
        // Gemma 3: 256 pooled tokens per image, sliding-window layers next to global ones.
        QTest::addRow("gemma 4b none flash") << "gemma-3-4b"
                                             << "none"
                                             << "flash";
        QTest::addRow("gemma 27b none eager") << "gemma-3-27b"
                                              << "none"
                                              << "eager";
        QTest::addRow("gemma 12b selective eager") << "gemma-3-12b"
                                                   << "selective"
                                                   << "eager";
    }
    void layerActivationsCountImageTokens() {
        QFETCH(QString, preset);
        QFETCH(QString, checkpointing);
        QFETCH(QString, attention);
        const json training = {{"method", "lora"},
                               {"seq_len", 512},
                               {"checkpointing", checkpointing.toStdString()},
                               {"attention", attention.toStdString()}};
        const Plan withImages =
            parse({{"model", {{"preset", preset.toStdString()}, {"vision", {{"images", 2}}}}},
                   {"training", training}});
        json text = planToJson(withImages);
        text["model"].erase("vision");
        text["model"].erase("preset");
        text["training"]["seq_len"] = 512 + 2 * visionTokensPerImage(withImages.model.vision);
        const Plan textOnly = parse(text);
        const Evaluation a = evaluate(withImages, lib_);
        const Evaluation b = evaluate(textOnly, lib_);
        const Moment* ma = findMoment(a, "end of forward");
        const Moment* mb = findMoment(b, "end of forward");
        QVERIFY(ma && mb);
        const double saved = partBytes(*ma, Component::Activations, "saved layer activations");
        QVERIFY(saved > 0);
        QCOMPARE(saved, partBytes(*mb, Component::Activations, "saved layer activations"));
        // A frozen tower keeps nothing for backward.
        QCOMPARE(partBytes(*ma, Component::Activations, "vision tower activations"), 0.0);
    }

    // A trainable tower keeps its layers' activations over every patch of every image; with
    // full recomputation only each layer's input (patches x hidden, 16-bit) and the
    // projector's inputs (its norm's fp32 input and the first linear's input, then the
    // activation's input and output of a two-layer projector).
    void towerActivations_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("microBatch");
        QTest::addRow("qwen 1 image") << "qwen2.5-vl-7b" << 1 << 1;
        QTest::addRow("qwen 4 images x 2") << "qwen2.5-vl-7b" << 4 << 2;
        QTest::addRow("gemma 12b 2 images") << "gemma-3-12b" << 2 << 1;
    }
    void towerActivations() {
        QFETCH(QString, preset);
        QFETCH(int, images);
        QFETCH(int, microBatch);
        json j = {{"model",
                   {{"preset", preset.toStdString()},
                    {"vision", {{"images", images}, {"trainable", true}}}}},
                  {"training",
                   {{"method", "full"},
                    {"precision", "bf16-pure"},
                    {"seq_len", 256},
                    {"micro_batch", microBatch},
                    {"checkpointing", "full"}}}};
        const Plan p = parse(j);
        const VisionSpec& v = p.model.vision;
        const double b = images * microBatch;
        const double patches = static_cast<double>(visionPatchesPerImage(v));
        const double tokens = static_cast<double>(visionTokensPerImage(v)) * b;
        const double expected =
            static_cast<double>(v.layers) * patches * b * static_cast<double>(v.hidden) * 2 +
            tokens * static_cast<double>(v.merge * v.merge * v.hidden) * (4 + 2) +
            tokens * static_cast<double>(v.projector_ffn) * 2 * 2;
        const Evaluation e = evaluate(p, lib_);
        const Moment* fwd = findMoment(e, "end of forward");
        QVERIFY(fwd);
        QCOMPARE(partBytes(*fwd, Component::Activations, "vision tower activations"), expected);
        // Frozen: none, and the tower's parameters leave the trainable count.
        j["model"]["vision"]["trainable"] = false;
        const Evaluation frozen = evaluate(parse(j), lib_);
        QCOMPARE(partBytes(*findMoment(frozen, "end of forward"), Component::Activations,
                           "vision tower activations"),
                 0.0);
        const double tower = countParameters(p.model).vision;
        QCOMPARE(e.params_trainable, e.params_total);
        QCOMPARE(frozen.params_trainable, e.params_total - tower);
        QVERIFY(frozen.per_gpu[static_cast<std::size_t>(Component::OptimizerStates)].bytes <
                e.per_gpu[static_cast<std::size_t>(Component::OptimizerStates)].bytes);
    }

    // Qwen2.5-VL's window attention (transformers modeling_qwen2_5_vl.py, get_window_index and
    // the block loop of Qwen2_5_VisionTransformerPretrainedModel.forward): a windowed block's
    // eager scores cover each window's patches against themselves, a full block's every
    // patch of the image against every other. The windows are counted here by walking the
    // grid of merged units; the difference to the same tower without windows is the windowed
    // blocks' unkept scores at 6 bytes each under bf16 (the fp32 softmax output and its
    // 16-bit copy for the matmul with V). Flash attention keeps per-token tensors only.
    void windowAttention_data() {
        QTest::addColumn<QString>("attention");
        QTest::addColumn<int>("imageSize");
        QTest::addColumn<int>("windowSize");
        QTest::addColumn<QList<int>>("fullBlocks");
        const QList<int> qwen = {7, 15, 23, 31};
        QTest::addRow("eager 448, 16 whole windows") << "eager" << 448 << 112 << qwen;
        QTest::addRow("eager 700, edge windows") << "eager" << 700 << 112 << qwen;
        QTest::addRow("eager 1000, every block windowed") << "eager" << 1000 << 112 << QList<int>{};
        QTest::addRow("eager 1000, 224 px windows") << "eager" << 1000 << 224 << qwen;
        QTest::addRow("eager image inside one window") << "eager" << 56 << 112 << qwen;
        QTest::addRow("eager every block full")
            << "eager" << 448 << 112
            << QList<int>{0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
        QTest::addRow("flash 1000") << "flash" << 1000 << 112 << qwen;
        QTest::addRow("flash 56") << "flash" << 56 << 112 << qwen;
    }
    void windowAttention() {
        QFETCH(QString, attention);
        QFETCH(int, imageSize);
        QFETCH(int, windowSize);
        QFETCH(QList<int>, fullBlocks);
        const int images = 2, microBatch = 2;
        json blocks = json::array();
        for (int b : fullBlocks)
            blocks.push_back(b);
        json j = {{"model",
                   {{"preset", "qwen2.5-vl-7b"},
                    {"vision",
                     {{"images", images},
                      {"image_size", imageSize},
                      {"trainable", true},
                      {"window_size", windowSize},
                      {"full_attention_blocks", blocks}}}}},
                  {"training",
                   {{"method", "full"},
                    {"precision", "bf16-pure"},
                    {"attention", attention.toStdString()},
                    {"checkpointing", "none"},
                    {"seq_len", 128},
                    {"micro_batch", microBatch}}}};
        const Plan windowed = parse(j);
        j["model"]["vision"]["window_size"] = 0;
        const Plan full = parse(j);
        const VisionSpec& v = windowed.model.vision;

        // The windows: merged units (merge x merge patches) grouped by unit row / w and
        // column / w, w = window_size / merge / patch.
        const int64_t units = visionImageSide(v) / (v.patch_size * v.merge);
        const int64_t w = windowSize / v.merge / v.patch_size;
        std::map<std::pair<int64_t, int64_t>, double> patchesIn;
        for (int64_t r = 0; r < units; ++r)
            for (int64_t c = 0; c < units; ++c)
                patchesIn[{r / w, c / w}] += static_cast<double>(v.merge * v.merge);
        double windowPairs = 0;
        for (const auto& [window, n] : patchesIn)
            windowPairs += n * n;
        const double patches = static_cast<double>(visionPatchesPerImage(v));
        const double windowedBlocks = static_cast<double>(v.layers - fullBlocks.size());
        QCOMPARE(static_cast<double>(visionWindowedBlocks(v)), windowedBlocks);
        QCOMPARE(visionWindowedScorePairs(v), windowPairs);
        const double saved = attention == "eager"
                                 ? windowedBlocks * static_cast<double>(v.heads) * images *
                                       microBatch * (patches * patches - windowPairs) * 6
                                 : 0.0;

        const auto tower = [&](const Plan& p) {
            return partBytes(*findMoment(evaluate(p, lib_), "end of forward"),
                             Component::Activations, "vision tower activations");
        };
        QVERIFY(tower(full) > 0);
        QCOMPARE(tower(full) - tower(windowed), saved);
        // The windows change the tower alone: the language model's layers see the same tokens.
        QCOMPARE(partBytes(*findMoment(evaluate(windowed, lib_), "end of forward"),
                           Component::Activations, "saved layer activations"),
                 partBytes(*findMoment(evaluate(full, lib_), "end of forward"),
                           Component::Activations, "saved layer activations"));
    }

    // The CLI and the window state the windows among the plan's assumptions.
    void windowAssumption_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("windowSize");
        QTest::addColumn<bool>("stated");
        QTest::addRow("qwen windows") << "qwen2.5-vl-7b" << 112 << true;
        QTest::addRow("qwen 224 px windows") << "qwen2.5-vl-7b" << 224 << true;
        QTest::addRow("qwen without windows") << "qwen2.5-vl-7b" << 0 << false;
        QTest::addRow("gemma has none") << "gemma-3-4b" << 0 << false;
    }
    void windowAssumption() {
        QFETCH(QString, preset);
        QFETCH(int, windowSize);
        QFETCH(bool, stated);
        json j = {{"model", {{"preset", preset.toStdString()}}}};
        if (windowSize > 0 || preset.startsWith("qwen"))
            j["model"]["vision"]["window_size"] = windowSize;
        const Plan p = parse(j);
        const VisionSpec& v = p.model.vision;
        const int64_t side = windowSize / v.merge / v.patch_size * v.merge;
        const std::string expected =
            "vision tower: " + std::to_string(v.layers - int64_t(v.full_attention_blocks.size())) +
            " of " + std::to_string(v.layers) + " blocks attend within windows of " +
            std::to_string(windowSize) + " x " + std::to_string(windowSize) + " px (up to " +
            std::to_string(side * side) + " patches), the others over the whole image";
        const auto list = assumptions(p, evaluate(p, lib_));
        QCOMPARE(std::count(list.begin(), list.end(), expected), stated ? 1 : 0);
        for (const std::string& a : list)
            QVERIFY(a.rfind("vision tower:", 0) != 0 || stated);
    }

    // Adapters go on the language model whatever vision.trainable says.
    void loraLeavesTowerFrozen_data() {
        QTest::addColumn<bool>("trainable");
        QTest::addRow("trainable") << true;
        QTest::addRow("frozen") << false;
    }
    void loraLeavesTowerFrozen() {
        QFETCH(bool, trainable);
        const Plan p =
            parse({{"model", {{"preset", "gemma-3-4b"}, {"vision", {{"trainable", trainable}}}}},
                   {"training", {{"method", "lora"}}}});
        json text = planToJson(p);
        text["model"].erase("vision");
        text["model"].erase("preset");
        QCOMPARE(evaluate(p, lib_).params_trainable, evaluate(parse(text), lib_).params_trainable);
    }

    // --- Plan keys ------------------------------------------------------------------

    void roundTrip() {
        for (const char* id : {"gemma-3-27b", "qwen2.5-vl-7b"}) {
            Plan p = parse({{"model", {{"preset", id}, {"vision", {{"images", 3}}}}}});
            const Plan back = parse(planToJson(p));
            QCOMPARE(back.model.vision.images, int64_t{3});
            QCOMPARE(countParameters(back.model).vision, countParameters(p.model).vision);
            QCOMPARE(imageTokensPerSequence(back.model), imageTokensPerSequence(p.model));
            QCOMPARE(back.model.vision.window_size, p.model.vision.window_size);
            QVERIFY(back.model.vision.full_attention_blocks ==
                    p.model.vision.full_attention_blocks);
        }
    }

    void badVision_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON
        QTest::addColumn<QString>("path");
        QTest::addRow("heads do not divide") << "heads"
                                             << "17"
                                             << "model.vision.heads";
        QTest::addRow("min above max") << "min_pixels"
                                       << "20000000"
                                       << "model.vision.min_pixels";
        QTest::addRow("unknown key") << "pixels"
                                     << "3"
                                     << "model.vision.pixels";
        QTest::addRow("negative images") << "images"
                                         << "-1"
                                         << "model.vision.images";
        QTest::addRow("zero patch") << "patch_size"
                                    << "0"
                                    << "model.vision.patch_size";
        QTest::addRow("not a number") << "layers"
                                      << "\"many\""
                                      << "model.vision.layers";
        QTest::addRow("window below a merged unit") << "window_size"
                                                    << "20"
                                                    << "model.vision.window_size";
        QTest::addRow("full block beyond the tower") << "full_attention_blocks"
                                                     << "[7, 32]"
                                                     << "model.vision.full_attention_blocks";
        QTest::addRow("full blocks descending") << "full_attention_blocks"
                                                << "[15, 7]"
                                                << "model.vision.full_attention_blocks[1]";
        QTest::addRow("full blocks not a list") << "full_attention_blocks"
                                                << "7"
                                                << "model.vision.full_attention_blocks";
        QTest::addRow("fractional full block") << "full_attention_blocks"
                                               << "[7.5]"
                                               << "model.vision.full_attention_blocks[0]";
        QTest::addRow("huge image") << "image_size"
                                    << "1e12"
                                    << "model.vision.image_size";
    }
    void badVision() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, path);
        json j = {{"model", {{"preset", "qwen2.5-vl-7b"}}}};
        j["model"]["vision"][key.toStdString()] = json::parse(value.toStdString());
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), path);
        QCOMPARE(QString::fromStdString(c.file), QStringLiteral("v.json"));
    }

    void badFixedResolution_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("path");
        QTest::addRow("image not a multiple of the patch")
            << "image_size" << 900 << "model.vision.image_size";
        QTest::addRow("no width") << "hidden" << 0 << "model.vision.hidden";
        QTest::addRow("more tokens than patches")
            << "tokens_per_image" << 5000 << "model.vision.tokens_per_image";
    }
    void badFixedResolution() {
        QFETCH(QString, key);
        QFETCH(int, value);
        QFETCH(QString, path);
        json j = {{"model", {{"preset", "gemma-3-4b"}}}};
        j["model"]["vision"][key.toStdString()] = value;
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), path);
    }
};

QTEST_APPLESS_MAIN(TestVision)
#include "tst_vision.moc"
