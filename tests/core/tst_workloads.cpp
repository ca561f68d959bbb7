// Serving (vLLM's budget) and post-training with several models: each formula against an
// independent count, the bundled presets' KV-cache sizes, and the invariants of issue 15.
#include "bundled_presets.h"
#include "catch_input_error.h"

#include "memplan/linear_attention.h"
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/post_training.h"
#include "memplan/presets.h"
#include "memplan/result_json.h"
#include "memplan/serving.h"
#include "memplan/units.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;

namespace {

double ceilDiv(double a, double b) {
    return std::ceil(a / b);
}

// Bytes one sequence of `len` tokens keeps in the KV cache, counted layer by layer from the
// shape alone: 2 (K and V) x kv_heads x head_dim x bytes per token, a sliding-window layer
// keeping at most its window and the chunk being prefilled (`inFlight` tokens).
double independentSequenceBytes(const ModelSpec& m, double len, double bytes, double inFlight = 0) {
    double total = 0;
    for (int64_t i = 0; i < m.layers; ++i) {
        const bool sliding = m.sliding_window > 0 && (m.sliding_window_pattern == 0 ||
                                                      (i + 1) % m.sliding_window_pattern != 0);
        const double kept =
            sliding ? std::min<double>(len, static_cast<double>(m.sliding_window) - 1 + inFlight)
                    : len;
        total += 2.0 * static_cast<double>(m.kv_heads * m.head_dim) * bytes * kept;
    }
    return total;
}
} // namespace

class TestWorkloads : public QObject {
    Q_OBJECT

    PresetLibrary lib_;

    Plan parse(const json& j) { return parsePlanJson(j, "w.json", lib_); }
    Evaluation eval(const Plan& p) { return evaluate(p, lib_); }

    json servingPlan(const std::string& model, const std::string& gpu) {
        return {{"schema_version", 1},
                {"model", {{"preset", model}}},
                {"training", {{"method", "serving"}, {"precision", "bf16-pure"}}},
                {"serving", {{"max_model_len", 8192}}},
                {"hardware", {{"gpu", gpu}}}};
    }

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(lib_.models().size() >= 10);
    }

    // --- KV cache ---------------------------------------------------------------------

    // Every bundled preset: the KV bytes one sequence needs, from vLLM's pages, match the
    // layer-by-layer count (exactly for page-aligned lengths of full attention; within the
    // extra page vLLM keeps per sliding group otherwise).
    void presetKvCache_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("kvDtype");
        QTest::addColumn<int>("tp");
        for (const auto& [id, preset] : lib_.models()) {
            if (!preset.model.lm_head)
                continue; // encoder-only: nothing to serve
            if (!preset.model.vision.cross_attention_layers.empty())
                continue; // cross-attention layers: serving refused (tst_mllama)
            QTest::addRow("%s bf16", id.c_str()) << QString::fromStdString(id) << "auto" << 1;
            QTest::addRow("%s fp8", id.c_str()) << QString::fromStdString(id) << "fp8" << 1;
            if (preset.model.heads % 8 == 0)
                QTest::addRow("%s tp8", id.c_str()) << QString::fromStdString(id) << "auto" << 8;
        }
    }
    void presetKvCache() {
        QFETCH(QString, preset);
        QFETCH(QString, kvDtype);
        QFETCH(int, tp);
        json j = servingPlan(preset.toStdString(), "h200");
        const int64_t maxPos = lib_.findModel(preset.toStdString())->model.max_position;
        j["serving"]["max_model_len"] = std::min<int64_t>(8192, maxPos);
        j["serving"]["kv_cache_dtype"] = kvDtype.toStdString();
        j["parallelism"] = {{"gpus", tp}, {"tp", tp}};
        const Plan p = parse(j);
        const Evaluation e = eval(p);
        QVERIFY(e.serving.present);
        const ModelSpec& m = p.model;
        const double bytes = kvDtype == "fp8" ? 1.0 : 2.0;
        QCOMPARE(e.serving.kv_element_bytes, bytes);
        // TP: each rank holds kv_heads / tp heads (at least one).
        ModelSpec perRank = m;
        perRank.kv_heads = std::max<int64_t>(1, m.kv_heads / tp);
        const double len = static_cast<double>(e.serving.max_model_len);
        const double independent = independentSequenceBytes(perRank, len, bytes);
        const double paged = e.serving.blocks_per_sequence * e.serving.bytes_per_block;
        if (m.kv_lora_rank > 0) {
            // MLA: one latent vector and the RoPE key per token and layer, on every TP rank.
            QCOMPARE(e.serving.kv_bytes_per_token,
                     static_cast<double>(m.layers * (m.kv_lora_rank + m.qk_rope_head_dim)) * bytes);
        } else if (hasLinearAttention(m)) {
            // Hybrid: tokens cost only the full-attention layers (tst_linear_attention checks
            // the state pages and the grown block).
            QCOMPARE(e.serving.kv_bytes_per_token,
                     2.0 * fullAttentionLayerCount(m) *
                         static_cast<double>(perRank.kv_heads * m.head_dim) * bytes);
        } else if (m.sliding_window == 0) {
            QCOMPARE(e.serving.kv_bytes_per_token,
                     2.0 * static_cast<double>(m.layers * perRank.kv_heads * m.head_dim) * bytes);
            QCOMPARE(paged, independent); // the lengths are multiples of the block size
        } else {
            // A sliding layer keeps its window plus the chunk in flight, in whole pages and
            // one spare page.
            const double batched = static_cast<double>(e.serving.max_num_batched_tokens);
            const double windowed = independentSequenceBytes(perRank, len, bytes, batched);
            // One layer's page (bytes_per_block covers the layers of one group, not all of
            // them: Gemma 3 12B has six groups of eight).
            const double page = static_cast<double>(e.serving.block_size) * 2.0 *
                                static_cast<double>(perRank.kv_heads * m.head_dim) * bytes;
            QVERIFY(paged >= windowed);
            // vLLM splits full and sliding layers into groups of one size and pads the last
            // group of each kind (kv_cache_utils.py _get_kv_cache_groups_uniform_page_size):
            // padded layers hold pages too (Gemma 3 1B: 4 full, 22 sliding -> 4 + 24).
            const double L = static_cast<double>(m.layers);
            const double full = m.sliding_window_pattern > 0
                                    ? std::floor(L / static_cast<double>(m.sliding_window_pattern))
                                    : 0;
            double padded = L;
            if (full > 0 && full < L) {
                const double lo = std::min(full, L - full), hi = std::max(full, L - full);
                const double g = hi / lo < 1.25 ? hi : lo;
                padded = std::ceil(full / g) * g + std::ceil((L - full) / g) * g;
            }
            // Without padding: the window plus at most two spare pages a layer. With it, the
            // padded layers hold about an average layer's share (1% for page rounding).
            const double bound = padded > L ? windowed * padded / L * 1.01
                                            : windowed + 2 * page * static_cast<double>(m.layers);
            QVERIFY2(paged <= bound,
                     qPrintable(QString("paged %1 counted %2").arg(paged).arg(windowed)));
            // At the model's full context the window saves memory against full attention.
            json longer = j;
            longer["serving"]["max_model_len"] = maxPos;
            const Evaluation el = eval(parse(longer));
            QVERIFY(el.serving.blocks_per_sequence * el.serving.bytes_per_block <
                    independentSequenceBytes(ModelSpec{perRank}, static_cast<double>(maxPos), bytes,
                                             1e12));
            QVERIFY(independent <= windowed);
        }
    }

    // Hybrid and latent layouts from vLLM's grouping rules.
    void kvLayouts_data() {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("pattern");
        QTest::addColumn<int>("kvLoraRank");
        QTest::addColumn<double>("groupSize");
        QTest::addColumn<double>("fullGroups");
        QTest::addColumn<double>("slidingGroups");
        // Gemma 3 27B: 62 layers, every 6th global -> 10 full, 52 sliding -> groups of 10.
        QTest::addRow("gemma3-like") << 62 << 1024 << 6 << 0 << 10.0 << 1.0 << 6.0;
        // Gemma 2: alternating, 42 layers -> 21 and 21, one group each.
        QTest::addRow("gemma2-like") << 42 << 4096 << 2 << 0 << 21.0 << 1.0 << 1.0;
        // Mistral v0.1: every layer slides, one group.
        QTest::addRow("all sliding") << 32 << 4096 << 0 << 0 << 32.0 << 0.0 << 1.0;
        QTest::addRow("dense") << 32 << 0 << 0 << 0 << 32.0 << 1.0 << 0.0;
        QTest::addRow("mla") << 61 << 0 << 0 << 512 << 61.0 << 1.0 << 0.0;
    }
    void kvLayouts() {
        QFETCH(int, layers);
        QFETCH(int, window);
        QFETCH(int, pattern);
        QFETCH(int, kvLoraRank);
        QFETCH(double, groupSize);
        QFETCH(double, fullGroups);
        QFETCH(double, slidingGroups);
        ModelSpec m;
        m.layers = layers;
        m.kv_heads = 8;
        m.head_dim = 128;
        m.sliding_window = window;
        m.sliding_window_pattern = pattern;
        m.kv_lora_rank = kvLoraRank;
        m.qk_rope_head_dim = kvLoraRank > 0 ? 64 : 0;
        const auto k = detail::kvLayout(m, 4, 2.0, 16);
        QCOMPARE(k.groupSize, groupSize);
        QCOMPARE(k.fullGroups, fullGroups);
        QCOMPARE(k.slidingGroups, slidingGroups);
        if (kvLoraRank > 0) // latent + rope key per token, not split by TP
            QCOMPARE(k.pagePerLayer, 16.0 * (512 + 64) * 2.0);
        else // 8 KV heads over tp 4
            QCOMPARE(k.pagePerLayer, 2.0 * 16 * 2 * 128 * 2.0);
        // A sliding group needs at most window - 1 + batched tokens (+1 page); full ones all.
        const double len = 32768, batched = 2048;
        const double expected =
            fullGroups * ceilDiv(len, 16) +
            slidingGroups * (ceilDiv(std::min(window - 1 + batched, len), 16) + 1);
        QCOMPARE(k.blocksFor(len, 16, batched), expected);
    }

    // --- vLLM's budget, step by step ---------------------------------------------------

    void budgetSteps_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("gpu");
        QTest::addColumn<double>("utilization");
        QTest::addColumn<int>("tp");
        QTest::addRow("8B on H100") << "llama-3.1-8b"
                                    << "h100-sxm-80gb" << 0.9 << 1;
        QTest::addRow("8B on 4090") << "llama-3.1-8b"
                                    << "rtx-4090" << 0.95 << 1;
        QTest::addRow("70B tp4 H100") << "llama-3.1-70b"
                                      << "h100-sxm-80gb" << 0.9 << 4;
        QTest::addRow("mistral A100") << "mistral-7b"
                                      << "a100-80gb" << 0.8 << 1;
        QTest::addRow("1B on T4") << "llama-3.2-1b"
                                  << "t4" << 0.5 << 1;
    }
    // The profile run's sampler (serving.cpp samplerBytesPerLogit): per logit, the model-dtype
    // logits, an fp32 copy unless they are fp32 already, the sort's fp32 values and int64
    // indices, and above 2048 columns CUB's int64 arange input and its third key (fp32) and
    // value (int64) buffers. Each row is counted by hand from those tensors.
    void samplerBytesPerLogit_data() {
        QTest::addColumn<double>("dtypeBytes");
        QTest::addColumn<int>("vocab");
        QTest::addColumn<double>("expected");
        QTest::addRow("bf16, Llama 3 vocabulary") << 2.0 << 128256 << 2.0 + 4 + 4 + 8 + 8 + 4 + 8;
        QTest::addRow("fp32 logits, no copy") << 4.0 << 128256 << 4.0 + 0 + 4 + 8 + 8 + 4 + 8;
        QTest::addRow("bitonic sort up to 2048") << 2.0 << 2048 << 2.0 + 4 + 4 + 8;
        QTest::addRow("CUB sort above 2048") << 2.0 << 2049 << 2.0 + 4 + 4 + 8 + 8 + 4 + 8;
    }
    void samplerBytesPerLogit() {
        QFETCH(double, dtypeBytes);
        QFETCH(int, vocab);
        QFETCH(double, expected);
        QCOMPARE(detail::samplerBytesPerLogit(dtypeBytes, vocab), expected);
    }

    // Where the sampler sets the peak, each extra dummy request adds its row of logits at
    // that width, and the KV cache loses the same bytes; the forward's share does not move.
    void samplerRowsMoveThePeak_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("seqsA");
        QTest::addColumn<int>("seqsB");
        QTest::addRow("Llama 3.1 8B") << "llama-3.1-8b" << 512 << 1024;
        QTest::addRow("Qwen2.5 7B") << "qwen2.5-7b" << 256 << 768;
        QTest::addRow("Gemma 7B") << "gemma-7b" << 384 << 768;
    }
    void samplerRowsMoveThePeak() {
        QFETCH(QString, preset);
        QFETCH(int, seqsA);
        QFETCH(int, seqsB);
        auto figures = [&](int seqs) {
            json j = servingPlan(preset.toStdString(), "h100-sxm-80gb");
            j["serving"]["max_num_seqs"] = seqs;
            return eval(parse(j)).serving;
        };
        const ServingFigures a = figures(seqsA), b = figures(seqsB);
        const ModelSpec& m = parse(servingPlan(preset.toStdString(), "h100-sxm-80gb")).model;
        const double perRow =
            static_cast<double>(m.vocab) * detail::samplerBytesPerLogit(2, m.vocab) +
            static_cast<double>(m.hidden) * 2; // + the row's dummy hidden state
        QVERIFY(a.max_num_batched_tokens == 8192 && b.max_num_batched_tokens == 8192);
        const double added = b.activation_peak - a.activation_peak;
        QVERIFY2(std::abs(added - (seqsB - seqsA) * perRow) < 1.0,
                 qPrintable(QString::number(added)));
        QVERIFY(std::abs((a.kv_available - b.kv_available) - added) < 1.0);
    }

    void budgetSteps() {
        QFETCH(QString, preset);
        QFETCH(QString, gpu);
        QFETCH(double, utilization);
        QFETCH(int, tp);
        json j = servingPlan(preset.toStdString(), gpu.toStdString());
        j["serving"]["gpu_memory_utilization"] = utilization;
        j["parallelism"] = {{"gpus", tp}, {"tp", tp}};
        const Plan p = parse(j);
        const Evaluation e = eval(p);
        const ServingFigures& f = e.serving;
        QVERIFY(f.budget_known);
        QCOMPARE(f.requested, utilization * lib_.findGpu(gpu.toStdString())->memory_bytes);
        QCOMPARE(f.kv_available, f.requested - f.weights - f.activation_peak - f.non_torch);
        QCOMPARE(f.num_blocks, std::max(0.0, std::floor(f.kv_available / f.bytes_per_block)));
        QCOMPARE(f.max_concurrent_sequences, f.num_blocks / f.blocks_per_sequence);
        QCOMPARE(f.kv_cache_tokens, std::floor(f.max_concurrent_sequences * 8192));
        // vLLM's defaults: big GPUs (>= 70 GiB, not A100) get 8192 tokens / 1024 sequences.
        const bool big =
            lib_.findGpu(gpu.toStdString())->memory_bytes >= 70 * kGiB && !gpu.contains("a100");
        QCOMPARE(f.max_num_batched_tokens, big ? 8192 : 2048);
        QCOMPARE(f.max_num_seqs, big ? 1024 : 256);
        // The longest single sequence is the last length whose blocks fit.
        const auto k = detail::kvLayout(p.model, tp, f.kv_element_bytes, 16);
        const double longest = f.longest_single_sequence;
        const auto batched = static_cast<double>(f.max_num_batched_tokens);
        if (longest < static_cast<double>(p.model.max_position)) {
            QVERIFY(k.blocksFor(longest, 16, batched) <= f.num_blocks);
            QVERIFY(k.blocksFor(longest + 1, 16, batched) > f.num_blocks);
        }
        // The contract: components sum to the peak; the engine's total is the budget plus
        // what sits outside it (CUDA graphs by default, the CUDA context).
        QCOMPARE(e.peak_allocated, e.bytes(Component::Weights) + e.bytes(Component::Activations) +
                                       e.bytes(Component::Other));
        if (f.num_blocks > 0)
            QVERIFY(e.peak_allocated <= f.requested + f.cuda_graphs + 1);
        QCOMPARE(e.fits, f.fits_one_sequence && e.total <= e.capacity);
    }

    void fp8HalvesTheCacheBytes() {
        json j = servingPlan("llama-3.1-8b", "l40s");
        const Evaluation bf16 = eval(parse(j));
        j["serving"]["kv_cache_dtype"] = "fp8";
        const Evaluation fp8 = eval(parse(j));
        QCOMPARE(fp8.serving.bytes_per_block * 2, bf16.serving.bytes_per_block);
        QCOMPARE(fp8.serving.num_blocks,
                 std::floor(fp8.serving.kv_available / fp8.serving.bytes_per_block));
        QVERIFY(fp8.serving.max_concurrent_sequences >
                1.99 * bf16.serving.max_concurrent_sequences);
    }

    void moreUtilizationMoreCache_data() {
        QTest::addColumn<QString>("preset");
        QTest::addRow("8b") << "llama-3.1-8b";
        QTest::addRow("mistral") << "mistral-7b";
        QTest::addRow("qwen") << "qwen2.5-7b";
    }
    void moreUtilizationMoreCache() {
        QFETCH(QString, preset);
        double last = -1;
        for (double u : {0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
            json j = servingPlan(preset.toStdString(), "a100-80gb");
            j["serving"]["gpu_memory_utilization"] = u;
            const Evaluation e = eval(parse(j));
            QVERIFY(e.serving.kv_cache_tokens >= last);
            last = e.serving.kv_cache_tokens;
        }
        QVERIFY(last > 0);
    }

    void checkNeedsOneSequence() {
        // 70B in bf16 on one 80 GB GPU: weights alone exceed the budget.
        const Evaluation big = eval(parse(servingPlan("llama-3.1-70b", "h100-sxm-80gb")));
        QVERIFY(!big.fits);
        QVERIFY(!big.serving.fits_one_sequence);
        QCOMPARE(big.serving.num_blocks, 0.0);
        // A 1B model holds many sequences; asking for more than the cache holds fails.
        json j = servingPlan("llama-3.2-1b", "rtx-4090");
        const Evaluation small = eval(parse(j));
        QVERIFY(small.fits);
        QVERIFY(small.serving.max_concurrent_sequences > 1);
        j["model"]["max_position"] = 100'000'000;
        j["serving"]["max_model_len"] = 50'000'000;
        const Evaluation tooLong = eval(parse(j));
        QVERIFY(!tooLong.fits);
        QVERIFY(tooLong.serving.longest_single_sequence < 50'000'000);
        QCOMPARE(tooLong.serving.longest_single_sequence,
                 small.serving.longest_single_sequence > 0 ? tooLong.serving.longest_single_sequence
                                                           : 0.0);
    }

    void cudaGraphsInsideOrOutsideTheBudget() {
        json j = servingPlan("llama-3.1-8b", "h100-sxm-80gb");
        const Evaluation outside = eval(parse(j));
        j["serving"]["cuda_graphs_in_budget"] = true;
        const Evaluation inside = eval(parse(j));
        j["serving"]["enforce_eager"] = true;
        const Evaluation eager = eval(parse(j));
        QVERIFY(outside.serving.cuda_graphs > 0);
        QCOMPARE(eager.serving.cuda_graphs, 0.0);
        QCOMPARE(inside.serving.kv_available,
                 outside.serving.kv_available - outside.serving.cuda_graphs);
        QVERIFY(inside.total < outside.total);
        QVERIFY(eager.serving.num_blocks >= outside.serving.num_blocks);
    }

    void servingJsonContract() {
        const Plan p = parse(servingPlan("llama-3.1-8b", "h100-sxm-80gb"));
        const Evaluation e = eval(p);
        const json out = evaluationToJson(p, e);
        QVERIFY(out.at("serving").at("kv_cache_tokens").is_number_integer());
        QVERIFY(out.at("serving").at("max_concurrent_sequences").is_number_float());
        QVERIFY(out.at("serving").at("longest_single_sequence").is_number_integer());
        QCOMPARE(out["serving"]["kv_cache_tokens"].get<double>(), e.serving.kv_cache_tokens);
        // Without a GPU the figures are null, not invented.
        json j = servingPlan("llama-3.1-8b", "h100-sxm-80gb");
        j["hardware"] = json::object();
        const Plan q = parse(j);
        const json none = evaluationToJson(q, eval(q));
        QVERIFY(none["serving"]["kv_cache_tokens"].is_null());
        QVERIFY(none["fits"].is_null());
    }

    // --- post-training ------------------------------------------------------------------

    void dpoReferenceModes_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("sharding");
        QTest::addRow("7b full") << "llama-2-7b"
                                 << "full"
                                 << "zero3";
        QTest::addRow("1b full") << "llama-3.2-1b"
                                 << "full"
                                 << "none";
        QTest::addRow("8b lora") << "llama-3.1-8b"
                                 << "lora"
                                 << "none";
        QTest::addRow("qwen qlora") << "qwen2.5-7b"
                                    << "qlora"
                                    << "none";
        QTest::addRow("mixtral zero3") << "mixtral-8x7b"
                                       << "full"
                                       << "zero3";
    }
    void dpoReferenceModes() {
        QFETCH(QString, preset);
        QFETCH(QString, policy);
        QFETCH(QString, sharding);
        auto run = [&](json reference) {
            json j = {{"schema_version", 1},
                      {"model", {{"preset", preset.toStdString()}}},
                      {"training", {{"method", "dpo"}, {"micro_batch", 2}, {"seq_len", 1024}}},
                      {"rl", {{"policy", policy.toStdString()}, {"reference", reference}}},
                      {"parallelism", {{"gpus", 8}, {"sharding", sharding.toStdString()}}}};
            return eval(parse(j));
        };
        const Evaluation model = run(true), pre = run("precomputed"), none = run(false);
        // Precomputed log-probs never cost more than a reference model, and no reference
        // costs no more than precomputed ones.
        QVERIFY(pre.peak_allocated <= model.peak_allocated);
        QVERIFY(none.peak_allocated <= pre.peak_allocated);
        // DPO trains the policy on chosen + rejected: twice the micro-batch.
        json single = {
            {"schema_version", 1},
            {"model", {{"preset", preset.toStdString()}}},
            {"training", {{"method", policy.toStdString()}, {"micro_batch", 4}, {"seq_len", 1024}}},
            {"parallelism", {{"gpus", 8}, {"sharding", sharding.toStdString()}}}};
        const Evaluation sft = eval(parse(single));
        QCOMPARE(none.peak_allocated, sft.peak_allocated);
        if (policy == "full") { // a full policy needs a separate reference copy
            QVERIFY(model.peak_allocated > pre.peak_allocated);
            QCOMPARE(model.multi.count, std::size_t{2});
            QVERIFY(model.multi.models[1].bytes[0] > 0);
        } else { // LoRA: the base with adapters off is the reference; no second copy
            double refWeights = 0;
            for (std::size_t i = 0; i < model.multi.count; ++i)
                if (model.multi.models[i].role == ModelRole::Reference)
                    refWeights += model.multi.models[i].bytes[0];
            QCOMPARE(refWeights, 0.0);
        }
        // Every colocated model's share adds up to the peak.
        double sum = 0;
        for (std::size_t i = 0; i < model.multi.count; ++i)
            if (model.multi.models[i].colocated)
                sum += model.multi.models[i].total();
        QVERIFY(std::fabs(sum - model.peak_allocated) < 1.0);
    }

    void grpoRolloutShare_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("utilization");
        QTest::addColumn<bool>("sleep");
        QTest::addColumn<bool>("reference");
        for (const char* preset : {"qwen2.5-7b", "llama-3.2-1b", "llama-3.1-8b"})
            for (double u : {0.2, 0.3, 0.5})
                for (bool sleep : {false, true})
                    for (bool reference : {false, true})
                        QTest::addRow("%s u%.1f sleep%d ref%d", preset, u, sleep, reference)
                            << preset << u << sleep << reference;
    }
    void grpoRolloutShare() {
        QFETCH(QString, preset);
        QFETCH(double, utilization);
        QFETCH(bool, sleep);
        QFETCH(bool, reference);
        auto run = [&](bool colocate, bool sl) {
            json j = {{"schema_version", 1},
                      {"model", {{"preset", preset.toStdString()}}},
                      {"training",
                       {{"method", "grpo"},
                        {"micro_batch", 4},
                        {"seq_len", 256},
                        {"checkpointing", "full"}}},
                      {"rl",
                       {{"reference", reference},
                        {"num_generations", 8},
                        {"completion_len", 512},
                        {"policy", "lora"},
                        {"rollout",
                         {{"gpu_memory_utilization", utilization},
                          {"colocate", colocate},
                          {"sleep", sl}}}}},
                      {"hardware", {{"gpu", "h100-sxm-80gb"}}}};
            return eval(parse(j));
        };
        const Evaluation alone = run(false, sleep);
        const Evaluation here = run(true, sleep);
        const ServingFigures& f = here.multi.rollout;
        QVERIFY(f.present && f.budget_known);
        const double share =
            f.weights + f.activation_peak + f.kv_bytes + f.cuda_graphs + f.non_torch;
        if (f.num_blocks == 0) { // the share cannot hold the engine's weights: vLLM fails
            QVERIFY(!here.fits);
            return;
        }
        // The engine's share is its budget (plus graphs captured outside it).
        QVERIFY(share <= f.requested + f.cuda_graphs + 1);
        // Colocated, it never adds more than its own share to the training peak.
        QVERIFY(here.peak_allocated <= alone.peak_allocated + share + 1);
        QVERIFY(here.peak_allocated >= alone.peak_allocated);
        // Sleeping never needs more than staying awake.
        if (sleep)
            QVERIFY(here.peak_allocated <= run(true, false).peak_allocated);
        // Phases: generation, (reference forward), then the policy's step.
        QCOMPARE(here.moments[0].phase, Phase::Rollout);
        if (reference)
            QCOMPARE(here.moments[1].phase, Phase::Scoring);
    }

    void ppoPlacement() {
        auto run = [&](bool criticHere, bool rewardHere) {
            json j = {{"schema_version", 1},
                      {"model", {{"preset", "llama-3.2-1b"}}},
                      {"training", {{"method", "ppo"}, {"micro_batch", 4}, {"seq_len", 512}}},
                      {"rl",
                       {{"completion_len", 256},
                        {"models",
                         {{"critic", {{"colocate", criticHere}}},
                          {"reward", {{"colocate", rewardHere}, {"preset", "llama-3.2-1b"}}}}}}},
                      {"hardware", {{"gpu", "a100-80gb"}}}};
            return eval(parse(j));
        };
        const Evaluation all = run(true, true), apart = run(false, false);
        QCOMPARE(all.multi.count, std::size_t{4}); // policy, reference, critic, reward
        // Models on GPUs of their own do not add to the policy's GPUs.
        QVERIFY(apart.peak_allocated < all.peak_allocated);
        const json models = evaluationToJson(parse(json{{"schema_version", 1},
                                                        {"model", {{"preset", "llama-3.2-1b"}}},
                                                        {"training", {{"method", "ppo"}}}}),
                                             all)["models"];
        QCOMPARE(models.size(), std::size_t{4});
        QCOMPARE(models[2]["role"].get<std::string>(), std::string("critic"));
        QVERIFY(models[2]["per_gpu"]["optimizer_states"].get<int64_t>() > 0);
    }

    // --- plan validation ------------------------------------------------------------------

    void badKeys_data() {
        QTest::addColumn<QString>("patch"); // JSON merged into a valid serving plan
        QTest::addColumn<QString>("key");
        QTest::addRow("utilization 0") << R"({"serving":{"gpu_memory_utilization":0}})"
                                       << "serving.gpu_memory_utilization";
        QTest::addRow("utilization 1.5") << R"({"serving":{"gpu_memory_utilization":1.5}})"
                                         << "serving.gpu_memory_utilization";
        QTest::addRow("kv dtype") << R"({"serving":{"kv_cache_dtype":"int3"}})"
                                  << "serving.kv_cache_dtype";
        QTest::addRow("block 0") << R"({"serving":{"block_size":0}})"
                                 << "serving.block_size";
        QTest::addRow("unknown") << R"({"serving":{"swap_space":4}})"
                                 << "serving.swap_space";
        QTest::addRow("len string") << R"({"serving":{"max_model_len":"long"}})"
                                    << "serving.max_model_len";
        QTest::addRow("batched < seqs")
            << R"({"serving":{"max_num_seqs":512,"max_num_batched_tokens":256}})"
            << "serving.max_num_batched_tokens";
        QTest::addRow("inside training")
            << R"({"training":{"method":"serving","serving":{"block_size":-1}}})"
            << "training.serving.block_size";
        QTest::addRow("serving pp") << R"({"parallelism":{"gpus":2,"pp":2}})"
                                    << "parallelism.pp";
        QTest::addRow("reference") << R"({"training":{"method":"dpo"},"rl":{"reference":"maybe"}})"
                                   << "rl.reference";
        QTest::addRow("policy") << R"({"training":{"method":"dpo"},"rl":{"policy":"galore"}})"
                                << "rl.policy";
        QTest::addRow("generations 0")
            << R"({"training":{"method":"grpo"},"rl":{"num_generations":0}})"
            << "rl.num_generations";
        QTest::addRow("rollout util")
            << R"({"training":{"method":"grpo"},"rl":{"rollout":{"gpu_memory_utilization":2}}})"
            << "rl.rollout.gpu_memory_utilization";
        QTest::addRow("rollout unknown")
            << R"({"training":{"method":"grpo"},"rl":{"rollout":{"tp":2}}})"
            << "rl.rollout.tp";
        QTest::addRow("critic preset")
            << R"({"training":{"method":"ppo"},"rl":{"models":{"critic":{"preset":"nope"}}}})"
            << "rl.models.critic.preset";
        QTest::addRow("unknown role")
            << R"({"training":{"method":"ppo"},"rl":{"models":{"judge":{}}}})"
            << "rl.models.judge";
        QTest::addRow("completion NaN-ish")
            << R"({"training":{"method":"grpo"},"rl":{"completion_len":1e300}})"
            << "rl.completion_len";
        QTest::addRow("pattern alone") << R"({"model":{"sliding_window_pattern":6}})"
                                       << "model.sliding_window_pattern";
        QTest::addRow("rope alone") << R"({"model":{"qk_rope_head_dim":64}})"
                                    << "model.qk_rope_head_dim";
    }
    void badKeys() {
        QFETCH(QString, patch);
        QFETCH(QString, key);
        json j = servingPlan("llama-3.1-8b", "h100-sxm-80gb");
        j.merge_patch(json::parse(patch.toStdString()));
        const auto c = test::catchInputError([&] { parse(j); });
        QVERIFY2(c.thrown, qPrintable(patch));
        QCOMPARE(QString::fromStdString(c.file), QString("w.json"));
        QCOMPARE(QString::fromStdString(c.key), key);
    }

    void roundTrip() {
        for (const json& j :
             {servingPlan("mistral-7b", "l4"),
              json{
                  {"schema_version", 1},
                  {"model", {{"preset", "llama-3.2-1b"}}},
                  {"training", {{"method", "grpo"}}},
                  {"rl",
                   {{"reference", "precomputed"},
                    {"rollout", {{"sleep", true}}},
                    {"models", {{"reward", {{"preset", "llama-3.2-1b"}, {"offload", true}}}}}}}}}) {
            const Plan a = parse(j);
            const Plan b = parse(planToJson(a));
            QCOMPARE(serializePlan(a), serializePlan(b));
            const Evaluation ea = eval(a), eb = eval(b);
            QCOMPARE(ea.total, eb.total);
        }
    }

    void sftAlias() {
        json j = {{"schema_version", 1},
                  {"model", {{"preset", "llama-3.2-1b"}}},
                  {"training", {{"method", "sft"}}}};
        QCOMPARE(parse(j).training.method, Method::Full);
        j["training"]["lora"] = {{"rank", 16}};
        QCOMPARE(parse(j).training.method, Method::Lora);
    }

    // An fp8 checkpoint keeps every linear layer's weight in one byte (plus a fp32 scale per
    // 128 x 128 block) and embeddings, norms and head in 16 bit, served (vLLM) or generated
    // with (transformers): the saving over bf16 is exactly the linear weights' second byte.
    void fp8CheckpointStoresLinearWeightsInOneByte_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("tp");
        QTest::addRow("llama-3.1-8b served") << "llama-3.1-8b"
                                             << "serving" << 1;
        QTest::addRow("llama-3.1-8b generating") << "llama-3.1-8b"
                                                 << "inference" << 1;
        QTest::addRow("mixtral served, tp 2") << "mixtral-8x7b"
                                              << "serving" << 2;
        QTest::addRow("deepseek-v3 served, tp 8") << "deepseek-v3"
                                                  << "serving" << 8;
    }
    void fp8CheckpointStoresLinearWeightsInOneByte() {
        QFETCH(QString, preset);
        QFETCH(QString, method);
        QFETCH(int, tp);
        json j = servingPlan(preset.toStdString(), "h200");
        j["training"]["method"] = method.toStdString();
        j["parallelism"] = {{"gpus", tp}, {"tp", tp}};
        const Plan bf16 = parse(j);
        j["training"]["precision"] = "fp8-mixed";
        const Plan fp8 = parse(j);
        const Evaluation eb = eval(bf16), ef = eval(fp8);
        QVERIFY(eb.ok && ef.ok);
        const ParamCounts c = countParameters(fp8.model);
        const double linear = c.linear_in_layers / tp;
        const double saved = linear * (1.0 - 4.0 / (128.0 * 128.0));
        const double wb = method == "serving" ? eb.serving.weights : eb.bytes(Component::Weights);
        const double wf = method == "serving" ? ef.serving.weights : ef.bytes(Component::Weights);
        QVERIFY2(std::fabs((wb - wf) - saved) <= 1e-6 * wb,
                 qPrintable(QString("bf16 %1, fp8 %2, linear %3").arg(wb).arg(wf).arg(linear)));
        // An explicit 16-bit weights override is the user's: no fp8 storage.
        j["training"]["dtypes"] = {{"weights", "bf16"}};
        const Evaluation eo = eval(parse(j));
        QCOMPARE(method == "serving" ? eo.serving.weights : eo.bytes(Component::Weights), wb);
    }

    void fp8WeightsOfAPublishedLoad() {
        // vLLM logs "Loading model weights took 0.1550 GB" (GiB, its unit) for
        // facebook/opt-125m with quantization="fp8" (a run recorded in
        // maktukmak/vllm-ds-cpu, .dev_mehmet/test_fp8.py). OPT-125m from its config.json:
        // 12 layers of 768 with 12 heads, ReLU MLP of 3072, LayerNorm, biases, learned
        // positions (2048), tied 50,272-token embeddings. In 16 bit it would be 0.233 GiB.
        json j = servingPlan("llama-3.1-8b", "h100-sxm-80gb");
        j["model"] = {{"layers", 12},        {"hidden", 768},           {"ffn", 3072},
                      {"heads", 12},         {"kv_heads", 12},          {"head_dim", 64},
                      {"vocab", 50272},      {"tied_embeddings", true}, {"mlp", "plain"},
                      {"norm", "layernorm"}, {"bias", "all"},           {"position", "learned"},
                      {"max_position", 2048}};
        j["serving"]["max_model_len"] = 2048;
        j["training"]["precision"] = "fp8-mixed";
        const Evaluation e = eval(parse(j));
        QVERIFY(e.ok);
        const double gib = e.serving.weights / 1073741824.0;
        QVERIFY2(std::fabs(gib - 0.1550) / 0.1550 < 0.02, qPrintable(QString::number(gib)));
    }
};

QTEST_GUILESS_MAIN(TestWorkloads)
#include "tst_workloads.moc"
