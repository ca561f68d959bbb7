// Mechanisms of one training step that the H200 framework measurements revealed
// (tests/data/measured/cuda-h200/frameworks): Adafactor's factored states and transformers'
// fp32 step, autocast's weight copies under checkpointing, the fp32 residual stream under
// AMP, the backward through eager attention, and the loss chain's reserved segment. Each
// expected value is an independent count from the shape, not a number read off the model.
#include "memplan/activations.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;

namespace {

const PresetLibrary& presets() {
    static const PresetLibrary lib = PresetLibrary::loadBundled();
    return lib;
}

// A small Llama-shaped model: every count below is written out from these numbers.
constexpr double L = 4, H = 256, F = 688, A = 4, KV = 4, D = 64, V = 32000;

Plan plan(const json& training) {
    json j = {{"schema_version", 1},
              {"model",
               {{"layers", L},
                {"hidden", H},
                {"ffn", F},
                {"heads", A},
                {"kv_heads", KV},
                {"head_dim", D},
                {"vocab", V},
                {"tied_embeddings", false},
                {"mlp", "gated"},
                {"lm_head", true},
                {"norm", "rmsnorm"},
                {"bias", "none"},
                {"position", "rope"}}},
              {"training",
               {{"method", "full"},
                {"micro_batch", 2},
                {"seq_len", 256},
                {"attention", "flash"},
                {"loss", "standard"}}},
              {"parallelism", {{"gpus", 1}}}};
    for (auto it = training.begin(); it != training.end(); ++it)
        j["training"][it.key()] = it.value();
    return parsePlanJson(j, "test.json", presets());
}

const Moment* moment(const Evaluation& e, std::string_view label) {
    for (std::size_t i = 0; i < e.moment_count; ++i)
        if (e.moments[i].label == label)
            return &e.moments[i];
    return nullptr;
}

double part(const Moment* m, std::string_view label) {
    double b = 0;
    if (!m)
        return -1;
    for (const auto& c : m->resident)
        for (std::size_t i = 0; i < c.part_count; ++i)
            if (c.parts[i].label == label)
                b += c.parts[i].bytes;
    return b;
}

const json kAmp = {{"weights", "fp32"}, {"gradients", "fp32"}, {"master_weights", "none"}};

// Layer matrices (q, k, v, o, gate, up, down) per layer.
constexpr double linearPerLayer = A * D * H + 2 * KV * D * H + H * A * D + 3 * F * H;
} // namespace

class TestStepMechanisms : public QObject {
    Q_OBJECT
private slots:
    // Adafactor keeps rows + cols fp32 values per 2-D tensor (the embedding and an untied head
    // included) and a full second moment for vectors (the norms).
    void adafactorFactoredStates_data() {
        QTest::addColumn<QString>("precision");
        QTest::addRow("bf16-pure") << "bf16-pure";
        QTest::addRow("fp32") << "fp32";
    }
    void adafactorFactoredStates() {
        QFETCH(QString, precision);
        const Evaluation e = evaluate(
            plan({{"optimizer", "adafactor"}, {"precision", precision.toStdString()}}), nullptr);
        const double matrices = L * ((A * D + H) + 2 * (KV * D + H) + (H + A * D) + 3 * (F + H));
        const double ends = 2 * (V + H);      // embedding and head
        const double vectors = 2 * L * H + H; // two norms per layer, the final norm
        QCOMPARE(e.bytes(Component::OptimizerStates), (matrices + ends + vectors) * 4);
    }

    // transformers' Adafactor steps one parameter at a time in fp32: 16 bytes per element of
    // the largest tensor (the vocab x hidden embedding) for a 16-bit model, 8 for fp32;
    // torch.optim.Adafactor's loop keeps two tensors in the state dtype.
    void adafactorStepTemporaries_data() {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<bool>("hf");
        QTest::addColumn<double>("bytesPerElement");
        QTest::addRow("transformers, bf16 parameters") << "bf16-pure" << true << 16.0;
        QTest::addRow("transformers, fp32 parameters") << "fp32" << true << 8.0;
        QTest::addRow("torch loop, bf16 states") << "bf16-pure" << false << 2.0 * 2;
        QTest::addRow("torch loop, fp32 states") << "fp32" << false << 2.0 * 4;
    }
    void adafactorStepTemporaries() {
        QFETCH(QString, precision);
        QFETCH(bool, hf);
        QFETCH(double, bytesPerElement);
        const Evaluation e = evaluate(plan({{"optimizer", "adafactor"},
                                            {"optimizer_impl", "loop"},
                                            {"precision", precision.toStdString()},
                                            {"profile", {{"hf_adafactor", hf}}}}),
                                      nullptr);
        QCOMPARE(part(moment(e, "optimizer step"), "optimizer temporaries"),
                 V * H * bytesPerElement);
    }

    // With the optimizer in backward the first gradient (the head's) is stepped while every
    // saved activation is alive, once the loss chain is freed: its step temporaries belong to
    // the last layer's backward, not to the loss gradients at the start of the backward.
    void optimizerInBackwardAtStartOfBackward() {
        const Evaluation e = evaluate(plan({{"optimizer", "adafactor"},
                                            {"precision", "bf16-pure"},
                                            {"optimizer_in_backward", true},
                                            {"profile", {{"hf_adafactor", true}}}}),
                                      nullptr);
        const Moment* start = moment(e, "backward of the last layer");
        QCOMPARE(part(start, "optimizer temporaries"), V * H * 16);
        QCOMPARE(part(start, "one parameter's gradient (optimizer in backward)"), V * H * 2);
    }

    // Autocast's 16-bit copies of fp32 weights: a trainable weight's copy is cached for the
    // autocast region; a frozen one is kept only because autograd saves it, which a
    // checkpointed layer does not.
    void autocastWeightCopies_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("checkpointing");
        QTest::addColumn<double>("forwardLayers");  // layers' copies at the end of the forward
        QTest::addColumn<double>("backwardLayers"); // ... at the start of the backward
        QTest::addColumn<double>("recomputedLayers");
        // Bytes per token and hidden unit a layer saves on an fp32 residual stream beyond the
        // same layer on a 16-bit one: full training keeps two fp32 normalized outputs (+2 each)
        // and autocast's per-op input casts, two more for q/k/v and one more for gate/up (2
        // each); LoRA on q and v keeps one more cast (each adapter casts its own input).
        QTest::addColumn<double>("ampExtra");
        QTest::addRow("full, none") << "full"
                                    << "none" << L << L << 0.0 << 10.0;
        QTest::addRow("full, checkpointed") << "full"
                                            << "full" << L << 0.0 << 1.0 << 10.0;
        QTest::addRow("lora, none") << "lora"
                                    << "none" << L << L << 0.0 << 2.0;
        QTest::addRow("lora, checkpointed") << "lora"
                                            << "full" << 0.0 << 0.0 << 1.0 << 2.0;
        QTest::addRow("lora, selective") << "lora"
                                         << "selective" << L << L << 0.0 << 2.0;
    }

    // Under ZeRO-3 the layer weights are views of the gathered flat parameter, not leaves:
    // nothing is cached, so a checkpointed forward ends without copies even of trained weights.
    void autocastCopiesUnderZero3() {
        const json training = {{"method", "full"},
                               {"precision", "bf16-mixed"},
                               {"dtypes", kAmp},
                               {"checkpointing", "full"}};
        Plan p = plan(training);
        p.parallelism.gpus = 4;
        p.parallelism.sharding = Sharding::Zero3;
        const Evaluation sharded = evaluate(p, nullptr);
        QCOMPARE(part(moment(sharded, "end of forward"), "autocast 16-bit weight copies"), 0.0);
        p.parallelism.sharding = Sharding::None;
        const Evaluation replicated = evaluate(p, nullptr);
        QCOMPARE(part(moment(replicated, "end of forward"), "autocast 16-bit weight copies"),
                 L * linearPerLayer * 2);
    }
    void autocastWeightCopies() {
        QFETCH(QString, method);
        QFETCH(QString, checkpointing);
        QFETCH(double, forwardLayers);
        QFETCH(double, backwardLayers);
        QFETCH(double, recomputedLayers);
        QFETCH(double, ampExtra);
        json training = {{"method", method.toStdString()},
                         {"precision", "bf16-mixed"},
                         {"dtypes", kAmp},
                         {"checkpointing", checkpointing.toStdString()},
                         {"lora", {{"rank", 8}, {"targets", {"q", "v"}}}}};
        const Plan withCopies = plan(training);
        const Evaluation e = evaluate(withCopies, nullptr);
        const double copy = linearPerLayer * 2;
        QCOMPARE(part(moment(e, "end of forward"), "autocast 16-bit weight copies"),
                 forwardLayers * copy);
        QCOMPARE(part(moment(e, "start of backward"), "autocast 16-bit weight copies"),
                 backwardLayers * copy);
        json sixteenBit = training;
        sixteenBit["dtypes"] = {{"weights", "bf16"}};
        const Evaluation bf16 = evaluate(plan(sixteenBit), nullptr);
        const double sbh = 2 * 256 * H;
        if (recomputedLayers > 0) {
            // The recomputed layer casts its weights again and saves the fp32-stream extras;
            // it reuses the kept input (wider by 2 bytes on the fp32 stream) instead of
            // rebuilding it.
            const double withAmp =
                part(moment(e, "backward of the last layer"), "recomputed layer");
            const double without =
                part(moment(bf16, "backward of the last layer"), "recomputed layer");
            QCOMPARE(withAmp - without, recomputedLayers * copy + sbh * (ampExtra - 2));
        } else {
            QCOMPARE(part(moment(e, "end of forward"), "saved layer activations") -
                         part(moment(bf16, "end of forward"), "saved layer activations"),
                     L * sbh * ampExtra);
        }
    }

    // Method freeze trains whole layers from the top and everything above them: the final
    // norm and the head (a tied embedding is the head). Frozen layers below the cut keep no
    // autocast copies when no gradient reaches them (untied), and all of them when the tied
    // embedding pulls the gradient down to the lookup.
    void freezeTrainsTopLayers_data() {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<bool>("tied");
        QTest::addColumn<double>("trainedLayers");
        QTest::addColumn<double>("layersKeepingCopies");
        QTest::addRow("a quarter, untied") << 0.25 << false << 1.0 << 1.0;
        QTest::addRow("just over a quarter rounds up") << 0.26 << false << 2.0 << 2.0;
        QTest::addRow("half, untied") << 0.5 << false << 2.0 << 2.0;
        QTest::addRow("all, untied") << 1.0 << false << L << L;
        QTest::addRow("a tiny fraction still trains one layer") << 0.01 << false << 1.0 << 1.0;
        QTest::addRow("a quarter, tied") << 0.25 << true << 1.0 << L;
    }
    void freezeTrainsTopLayers() {
        QFETCH(double, fraction);
        QFETCH(bool, tied);
        QFETCH(double, trainedLayers);
        QFETCH(double, layersKeepingCopies);
        Plan p = plan({{"method", "freeze"},
                       {"trainable_fraction", fraction},
                       {"precision", "bf16-mixed"},
                       {"dtypes", kAmp}});
        p.model.tied_embeddings = tied;
        const Evaluation e = evaluate(p, nullptr);
        const double perLayer = linearPerLayer + 2 * H; // the matrices and two RMSNorms
        const double aboveTheLayers = H + V * H;        // final norm, head (or tied embedding)
        QCOMPARE(e.params_trainable, trainedLayers * perLayer + aboveTheLayers);
        QCOMPARE(part(moment(e, "start of backward"), "autocast 16-bit weight copies"),
                 layersKeepingCopies * linearPerLayer * 2);
    }

    // Autograd sums two gradients of one tensor in place into the first only when it holds
    // that tensor alone (torch >= 2.0, input_buffer.cpp can_accumulate_inplace). Straight from
    // the linear's backward the head's gradient is a view of the mm result: the sum is a new
    // tensor. Under autocast (the cast copy's backward) or a chunked loss (the chunks' sum) it
    // is fresh, and the lookup's gradient is added into it.
    void tiedEmbeddingSum_data() {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<bool>("amp");
        QTest::addColumn<QString>("loss");
        QTest::addColumn<double>("gradientWidth");
        QTest::addColumn<double>("tensorsBeyondTheGradient");
        QTest::addRow("fp32") << "fp32" << false << "standard" << 4.0 << 2.0;
        QTest::addRow("bf16-pure") << "bf16-pure" << false << "standard" << 2.0 << 2.0;
        QTest::addRow("autocast over fp32") << "bf16-mixed" << true << "standard" << 4.0 << 1.0;
        QTest::addRow("fp32, chunked loss") << "fp32" << false << "chunked" << 4.0 << 1.0;
    }
    void tiedEmbeddingSum() {
        QFETCH(QString, precision);
        QFETCH(bool, amp);
        QFETCH(QString, loss);
        QFETCH(double, gradientWidth);
        QFETCH(double, tensorsBeyondTheGradient);
        json training = {{"precision", precision.toStdString()}, {"loss", loss.toStdString()}};
        if (amp)
            training["dtypes"] = kAmp;
        Plan p = plan(training);
        p.model.tied_embeddings = true;
        const Evaluation e = evaluate(p, nullptr);
        QCOMPARE(part(moment(e, "end of backward"), "tied embedding's lookup gradient"),
                 tensorsBeyondTheGradient * V * H * gradientWidth);
    }

    // Each chunk of a chunked loss hands the head a whole vocab x hidden gradient; the first
    // sum is made out of place (the first addend is a view), so three such tensors coexist.
    void chunkedLossHeadGradients_data() {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<bool>("amp");
        QTest::addColumn<double>("width"); // the head's gradient: 16-bit under autocast
        QTest::addRow("fp32") << "fp32" << false << 4.0;
        QTest::addRow("bf16-pure") << "bf16-pure" << false << 2.0;
        QTest::addRow("autocast over fp32") << "bf16-mixed" << true << 2.0;
    }
    void chunkedLossHeadGradients() {
        QFETCH(QString, precision);
        QFETCH(bool, amp);
        QFETCH(double, width);
        json training = {{"precision", precision.toStdString()}, {"loss", "chunked"}};
        if (amp)
            training["dtypes"] = kAmp;
        const Evaluation e = evaluate(plan(training), nullptr);
        QCOMPARE(part(moment(e, "start of backward"), "head gradient summed over loss chunks"),
                 3 * V * H * width);
    }

    // Grouped-query attention under a fused kernel: model code that expands K and V to every
    // query head (repeat_kv) feeds the kernel the copies, which it keeps for its backward in
    // place of the kv-wide K and V; transformers' SDPA path with enable_gqa keeps no copies.
    void fusedAttentionKvCopies_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<double>("width");
        QTest::addColumn<bool>("copies");
        QTest::addRow("plain PyTorch, bf16") << "pytorch"
                                             << "bf16-pure" << 2.0 << true;
        QTest::addRow("plain PyTorch, fp32") << "pytorch"
                                             << "fp32" << 4.0 << true;
        QTest::addRow("transformers Trainer, bf16") << "hf-trainer"
                                                    << "bf16-pure" << 2.0 << false;
    }
    void fusedAttentionKvCopies() {
        QFETCH(QString, framework);
        QFETCH(QString, precision);
        QFETCH(double, width);
        QFETCH(bool, copies);
        const double kvHeads = 1; // four query heads share one K/V head
        json training = {{"framework", framework.toStdString()},
                         {"precision", precision.toStdString()},
                         {"attention", "flash"}};
        Plan grouped = plan(training);
        grouped.model.kv_heads = static_cast<int64_t>(kvHeads);
        Plan mha = plan(training);
        const double sb = 2 * 256;
        const auto saved = [](const Plan& p) {
            return part(moment(evaluate(p, nullptr), "end of forward"), "saved layer activations");
        };
        // Without the copies, fewer kv heads save (A - KV) x D fewer K and V columns each;
        // with them, K and V are saved at the query width either way.
        const double kvColumnsSaved = copies ? 0 : (A - kvHeads) * D * 2;
        QCOMPARE(saved(mha) - saved(grouped), L * sb * kvColumnsSaved * width);
    }

    // layer_norm is on autocast's fp32 list: under autocast a LayerNorm keeps an fp32 copy of
    // its input and returns fp32, so each adapter casts (and keeps) its own 16-bit input,
    // even on a LoRA base stored in bf16. RMSNorm upcasts by itself and returns the residual
    // stream's dtype. Without autocast a LayerNorm keeps its 16-bit input.
    void layerNormUnderAutocast_data() {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<QString>("framework");
        QTest::addColumn<double>("layerNormMinusRmsNorm"); // per layer, in units of s b h
        // bf16-mixed: the same fp32 norm inputs; q and v each keep a cast where RMSNorm's
        // bf16 output is kept once: one more 2-byte copy.
        QTest::addRow("autocast, bf16 base") << "bf16-mixed"
                                             << "pytorch" << 2.0;
        // bf16 throughout (torchtune's bf16 adapters): two norms keep 2-byte inputs, not the
        // 4-byte upcast RMSNorm keeps.
        QTest::addRow("bf16 without autocast") << "bf16-pure"
                                               << "torchtune" << -4.0;
    }
    void layerNormUnderAutocast() {
        QFETCH(QString, precision);
        QFETCH(QString, framework);
        QFETCH(double, layerNormMinusRmsNorm);
        const json training = {{"method", "lora"},
                               {"precision", precision.toStdString()},
                               {"framework", framework.toStdString()},
                               {"checkpointing", "none"},
                               {"lora", {{"rank", 8}, {"targets", {"q", "v"}}}}};
        Plan rms = plan(training);
        Plan layerNorm = plan(training);
        layerNorm.model.norm = NormKind::LayerNorm;
        const auto saved = [](const Plan& p) {
            return part(moment(evaluate(p, nullptr), "end of forward"), "saved layer activations");
        };
        const double sbh = 2 * 256 * H;
        QCOMPARE(saved(layerNorm) - saved(rms), L * sbh * layerNormMinusRmsNorm);
    }

    // Generation's KV cache: a static cache (measure.py, LitGPT) is allocated for prompt + new
    // tokens before the prompt runs; transformers' DynamicCache grows by concatenation, so
    // one layer's old and new tensors coexist at each step.
    // bitsandbytes dequantizes a 4-bit weight to the dtype it was quantized from, then casts it
    // to the input's (MatMul4Bit.forward: dequantize_4bit(B, state).to(A.dtype)). LitGPT
    // quantizes from fp16 through Fabric's plugin and computes in bf16: two copies of the
    // largest matrix, the quantized head. transformers' loaders quantize in the load dtype.
    void dequantizedWeightCastCopy_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<int>("fromFp16"); // profile override: -1 none, 0 false, 1 true
        QTest::addColumn<double>("dequantized");
        QTest::addColumn<bool>("castCopy");
        const double head = V * H * 2, mlp = F * H * 2;
        QTest::addRow("litgpt qlora bf16") << "litgpt"
                                           << "qlora"
                                           << "bf16-pure" << -1 << head << true;
        QTest::addRow("litgpt nf4 inference") << "litgpt"
                                              << "inference"
                                              << "int4" << -1 << head << true;
        QTest::addRow("litgpt qlora fp16 compute") << "litgpt"
                                                   << "qlora"
                                                   << "fp16-mixed" << -1 << head << false;
        QTest::addRow("litgpt, override off") << "litgpt"
                                              << "qlora"
                                              << "bf16-pure" << 0 << head << false;
        QTest::addRow("hf-trainer qlora") << "hf-trainer"
                                          << "qlora"
                                          << "bf16-mixed" << -1 << mlp << false;
        QTest::addRow("hf-trainer, bitsandbytes < 0.43") << "hf-trainer"
                                                         << "qlora"
                                                         << "bf16-mixed" << 1 << mlp << true;
    }
    void dequantizedWeightCastCopy() {
        QFETCH(QString, framework);
        QFETCH(QString, method);
        QFETCH(QString, precision);
        QFETCH(int, fromFp16);
        QFETCH(double, dequantized);
        QFETCH(bool, castCopy);
        json training = {{"framework", framework.toStdString()},
                         {"method", method.toStdString()},
                         {"precision", precision.toStdString()},
                         {"new_tokens", 16}};
        if (fromFp16 >= 0)
            training["profile"] = {{"kbit_quantized_from_fp16", fromFp16 == 1}};
        const Plan p = plan(training);
        // The override survives a save.
        const Plan back = parsePlanJson(planToJson(p), "back.json", presets());
        QVERIFY(back.training.profile.kbit_quantized_from_fp16 ==
                p.training.profile.kbit_quantized_from_fp16);
        const Evaluation e = evaluate(p, nullptr);
        const Moment* m = moment(e, method == "inference" ? "prefill" : "end of forward");
        QVERIFY(m);
        QCOMPARE(part(m, "dequantized 4-bit weight"), dequantized);
        QCOMPARE(part(m, "dequantized weight cast to bf16"), castCopy ? dequantized : 0.0);
    }

    void kvCacheAllocation_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<double>("prefillTokens"); // per sequence
        QTest::addColumn<double>("concatLayers");  // extra layers' worth at the last step
        QTest::addRow("static (plain PyTorch)") << "pytorch" << 256.0 + 64 << 0.0;
        QTest::addRow("static (LitGPT)") << "litgpt" << 256.0 + 64 << 0.0;
        QTest::addRow("growing (transformers)") << "hf-trainer" << 256.0 << 1.0;
    }
    void kvCacheAllocation() {
        QFETCH(QString, framework);
        QFETCH(double, prefillTokens);
        QFETCH(double, concatLayers);
        const Evaluation e = evaluate(plan({{"method", "inference"},
                                            {"precision", "bf16-pure"},
                                            {"framework", framework.toStdString()},
                                            {"new_tokens", 64}}),
                                      nullptr);
        const double perToken = 2 * KV * D * 2 * L; // K and V, bf16, every layer
        const double batch = 2;
        QCOMPARE(part(moment(e, "prefill"), "KV cache"), batch * prefillTokens * perToken);
        QCOMPARE(part(moment(e, "end of generation"), "one layer's copy of the growing KV cache"),
                 concatLayers * batch * (256 + 64) * perToken / L);
    }

    // Full checkpointing keeps each layer's input: the residual stream, fp32 under autocast
    // with fp32 weights (the embedding lookup is not autocast), 16-bit otherwise.
    void checkpointedInputWidth_data() {
        QTest::addColumn<bool>("amp");
        QTest::addColumn<double>("bytes");
        QTest::addRow("AMP, fp32 weights") << true << 4.0;
        QTest::addRow("bf16 weights") << false << 2.0;
    }
    void checkpointedInputWidth() {
        QFETCH(bool, amp);
        QFETCH(double, bytes);
        json training = {{"precision", "bf16-mixed"}, {"checkpointing", "full"}};
        training["dtypes"] = amp ? kAmp : json{{"weights", "bf16"}};
        const Evaluation e = evaluate(plan(training), nullptr);
        QCOMPARE(part(moment(e, "end of forward"), "saved layer activations"),
                 L * 2 * 256 * H * bytes);
    }

    // The backward through eager attention adds the gradients of the score matrix: the 16-bit
    // gradient of the probabilities, its fp32 copy and the fp32 softmax backward output;
    // flash attention has no score matrix.
    void attentionBackward_data() {
        QTest::addColumn<QString>("attention");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<double>("bytesPerScore");
        QTest::addRow("eager, bf16") << "eager"
                                     << "bf16-pure" << 2.0 + 4 + 4;
        QTest::addRow("eager, fp32") << "eager"
                                     << "fp32" << 4.0 + 4;
        QTest::addRow("flash") << "flash"
                               << "bf16-pure" << 0.0;
    }
    void attentionBackward() {
        QFETCH(QString, attention);
        QFETCH(QString, precision);
        QFETCH(double, bytesPerScore);
        const Evaluation e = evaluate(
            plan({{"attention", attention.toStdString()}, {"precision", precision.toStdString()}}),
            nullptr);
        const double scores = 2 * A * 256.0 * 256.0; // batch x heads x s x s
        const double got =
            part(moment(e, "backward of the last layer"), "attention backward (score gradients)");
        QCOMPARE(std::max(0.0, got), scores * bytesPerScore);
    }

    // What eager attention keeps per score element: Hugging Face's softmax(..., dtype=float32)
    // keeps its fp32 output and the matmul with V its 16-bit input (the cast, or the dropped
    // copy with the 1-byte mask); in fp32 the matmul shares the probabilities; Megatron's fused
    // 16-bit softmax keeps its 16-bit output (Korthikanti et al.: 2 + 1 + 2 with dropout).
    void eagerScoreBytes_data() {
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("dropout");
        QTest::addColumn<bool>("fused");
        QTest::addColumn<double>("bytesPerScore");
        QTest::addRow("16-bit") << 2.0 << 0.0 << false << 4.0 + 2;
        QTest::addRow("16-bit, dropout") << 2.0 << 0.1 << false << 4.0 + 1 + 2;
        QTest::addRow("fp32") << 4.0 << 0.0 << false << 4.0;
        QTest::addRow("fp32, dropout") << 4.0 << 0.1 << false << 4.0 + 1 + 4;
        QTest::addRow("Megatron fused") << 2.0 << 0.0 << true << 2.0;
        QTest::addRow("Megatron fused, dropout") << 2.0 << 0.1 << true << 2.0 + 1 + 2;
    }
    void eagerScoreBytes() {
        QFETCH(double, width);
        QFETCH(double, dropout);
        QFETCH(bool, fused);
        QFETCH(double, bytesPerScore);
        ModelSpec m;
        m.hidden = 256;
        m.heads = 4;
        m.kv_heads = 4;
        m.head_dim = 64;
        m.dropout = dropout;
        detail::ActivationContext c;
        c.s = 128;
        c.b = 2;
        c.w = width;
        c.attention = Attention::Eager;
        c.fusedSoftmax16 = fused;
        QCOMPARE(detail::layerScoreBytes(m, c), 4.0 * 128 * 128 * 2 * bytesPerScore);
    }

    // LoRA dropout: PEFT's q, k and v adapters each drop their own copy of the input (16-bit
    // copy + 1-byte mask); LitGPT's fused qkv projection drops one for the three. With dropout
    // the adapters take the dropped copies, so the undropped input is no longer kept for them.
    void loraDropoutCopies_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<double>("copies");
        QTest::addRow("separate q, k, v (PEFT)") << "pytorch" << 3.0;
        QTest::addRow("fused qkv (LitGPT)") << "litgpt" << 1.0;
    }
    void loraDropoutCopies() {
        QFETCH(QString, framework);
        QFETCH(double, copies);
        json training = {{"method", "lora"},
                         {"framework", framework.toStdString()},
                         {"precision", "bf16-mixed"},
                         {"dtypes", {{"weights", "bf16"}}},
                         {"lora", {{"rank", 8}, {"targets", {"q", "k", "v"}}, {"dropout", 0.0}}}};
        const Evaluation without = evaluate(plan(training), nullptr);
        training["lora"]["dropout"] = 0.1;
        const Evaluation with = evaluate(plan(training), nullptr);
        const double sbh = 2 * 256 * H;
        QCOMPARE(part(moment(with, "end of forward"), "saved layer activations") -
                     part(moment(without, "end of forward"), "saved layer activations"),
                 L * (copies * sbh * (2 + 1) - sbh * 2));
    }

    // `chunked` under LitGPT: the list of 128-token chunk logits and each chunk's 16-bit
    // log-softmax stay from the loss forward to the backward; one chunk's two gradients are
    // live while it runs backward. Elsewhere `chunked` is a fused linear + cross-entropy that
    // keeps no logits.
    void chunkedLossKeepsLogits_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<double>("bytesPerLogit"); // each of logits and log-softmax (bf16)
        QTest::addColumn<double>("chunkTokens");
        QTest::addRow("litgpt") << "litgpt" << 2.0 << 128.0;
        QTest::addRow("fused (pytorch)") << "pytorch" << 0.0 << 0.0;
    }
    void chunkedLossKeepsLogits() {
        QFETCH(QString, framework);
        QFETCH(double, bytesPerLogit);
        QFETCH(double, chunkTokens);
        const json training = {{"framework", framework.toStdString()},
                               {"precision", "bf16-pure"},
                               {"loss", "chunked"}};
        const Evaluation e = evaluate(plan(training), nullptr);
        const Moment* start = moment(e, "start of backward");
        const double logits = 2 * 256 * V; // micro-batch 2 x 256 tokens
        QCOMPARE(part(start, "chunked logits (kept)"), bytesPerLogit * logits);
        QCOMPARE(part(start, "chunked log-softmax"), bytesPerLogit * logits);
        QCOMPARE(part(moment(e, "loss forward"), "chunked logits (kept)"), bytesPerLogit * logits);
        if (chunkTokens > 0) // micro-batch 2 x one chunk, two bf16 gradients
            QCOMPARE(part(start, "gradient of the logits"), 2 * chunkTokens * V * 2 * 2);
    }

    // torch.autograd.graph.save_on_cpu packs each saved tensor to the host as it is saved:
    // through the forward, the loss and the start of the backward no layer's saved tensors
    // are on the device (all of them are host memory); one layer's come back for its backward.
    void activationOffloadPacksAtSave_data() {
        QTest::addColumn<QString>("checkpointing");
        QTest::addRow("no checkpointing") << "none";
        QTest::addRow("full checkpointing") << "full";
    }
    void activationOffloadPacksAtSave() {
        QFETCH(QString, checkpointing);
        json training = {{"precision", "bf16-mixed"},
                         {"dtypes", kAmp},
                         {"checkpointing", checkpointing.toStdString()}};
        const Evaluation kept = evaluate(plan(training), nullptr);
        training["activation_offload"] = true;
        const Evaluation offloaded = evaluate(plan(training), nullptr);
        const double allLayers = part(moment(kept, "end of forward"), "saved layer activations");
        QVERIFY(allLayers > 0);
        for (const char* m : {"end of forward", "loss forward", "start of backward"})
            QCOMPARE(part(moment(offloaded, m), "saved layer activations"), 0.0);
        QCOMPARE(part(moment(offloaded, "backward of the last layer"), "saved layer activations"),
                 allLayers / L);
        QCOMPARE(offloaded.host - kept.host, allLayers);
    }

    // LitGPT's fused qkv (CPU-traced: cpu_trace_check.py saves). V is a view into the qkv
    // output; the attention kernel keeps V, so the whole output stays unless V was repeated
    // to the query heads (a copy). An adapter over some of q, k and v pads its update to the
    // qkv width with index_copy_, which keeps the update: the adapted widths.
    void litgptFusedQkvKeeps_data() {
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<bool>("repeatsKv");
        QTest::addColumn<int>("targets");
        QTest::addColumn<double>("viewWidth");
        QTest::addColumn<double>("padWidth");
        const int qv = LoraQ | LoraV, qkv = LoraQ | LoraK | LoraV;
        // q = 4 heads x 64 = 256 wide; a GQA model with 1 KV head has k and v 64 wide.
        QTest::addRow("MHA, LoRA q+v") << 4 << true << qv << 256.0 + 256 << 256.0 + 256;
        QTest::addRow("MHA, LoRA q+k+v: no padding") << 4 << true << qkv << 256.0 + 256 << 0.0;
        QTest::addRow("MHA, LoRA q only") << 4 << true << int(LoraQ) << 256.0 + 256 << 256.0;
        QTest::addRow("MHA, full training") << 4 << true << 0 << 256.0 + 256 << 0.0;
        QTest::addRow("GQA repeated: V is a copy") << 1 << true << qv << 0.0 << 256.0 + 64;
        QTest::addRow("GQA, enable_gqa: V a view") << 1 << false << qv << 256.0 + 64 << 256.0 + 64;
    }
    void litgptFusedQkvKeeps() {
        QFETCH(int, kvHeads);
        QFETCH(bool, repeatsKv);
        QFETCH(int, targets);
        QFETCH(double, viewWidth);
        QFETCH(double, padWidth);
        ModelSpec m;
        m.hidden = 256;
        m.heads = 4;
        m.kv_heads = kvHeads;
        m.head_dim = 64;
        m.ffn = 688;
        detail::ActivationContext c;
        c.s = 128;
        c.b = 2;
        c.w = 2;
        c.attention = Attention::Flash;
        c.fusedQkv = true;
        c.fusedAttentionRepeatsKv = repeatsKv;
        if (targets != 0) {
            c.loraRank = 8;
            c.loraTargets = static_cast<uint32_t>(targets);
        }
        const double without = detail::layerSavedBytes(m, c);
        c.vViewOfFusedQkv = true;
        const double withView = detail::layerSavedBytes(m, c);
        c.loraQkvZeroPad = true;
        const double withBoth = detail::layerSavedBytes(m, c);
        const double tokens = 128.0 * 2;
        QCOMPARE(withView - without, tokens * viewWidth * 2);
        QCOMPARE(withBoth - withView, tokens * padWidth * 2);
    }

    // The 16-bit logits' segment is too small for any of the fp32 tensors of the loss chain, so
    // it stays reserved while they are live: with the peak at the start of the backward,
    // peak_reserved exceeds peak_allocated by at least its size; fp32 logits leave none.
    void lossChainSegment_data() {
        QTest::addColumn<QString>("precision");
        QTest::addColumn<double>("segment");
        QTest::addRow("bf16 logits") << "bf16-pure" << 2 * 256 * V * 2;
        QTest::addRow("fp32 logits") << "fp32" << 0.0;
    }
    void lossChainSegment() {
        QFETCH(QString, precision);
        QFETCH(double, segment);
        const Evaluation e =
            evaluate(plan({{"precision", precision.toStdString()}, {"optimizer", "sgd"}}), nullptr);
        QCOMPARE(e.moments[e.peak_moment].label, std::string_view("start of backward"));
        QVERIFY(e.peak_reserved - e.peak_allocated >= segment);
        if (segment == 0)
            QVERIFY(e.peak_reserved - e.peak_allocated < 2 * 256 * V * 2);
    }
};

QTEST_APPLESS_MAIN(TestStepMechanisms)
#include "tst_step_mechanisms.moc"
