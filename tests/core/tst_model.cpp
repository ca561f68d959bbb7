// The memory model: the seed articles' arithmetic, the ZeRO paper's model-state figures,
// Korthikanti et al.'s activation formulas, and mechanisms (recipes, methods, sharding).
#include "memplan/activations.h"
#include "memplan/model.h"
#include "memplan/param_count.h"
#include "memplan/units.h"

#include <QtTest>

using namespace memplan;

namespace {
constexpr double GB = 1e9;

ModelSpec llama7b() {
    ModelSpec m; // defaults are Llama-2-7B's shape
    m.name = "llama-2-7b";
    return m;
}

Plan textbookPlan(double params, Recipe r) {
    Plan p;
    p.model.params = params;
    p.training.accounting = Accounting::Textbook;
    p.training.precision = r;
    return p;
}

double modelStates(const Evaluation& e) {
    return e.bytes(Component::Weights) + e.bytes(Component::Gradients) +
           e.bytes(Component::OptimizerStates);
}

double sumOfComponents(const Evaluation& e) {
    double s = 0;
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        s += e.per_gpu[c].bytes;
    return s;
}
} // namespace

class TestModel : public QObject {
    Q_OBJECT
private slots:
    // Seed 003: 1B parameters take 4 / 2 / 1 GB at FP32 / 16-bit / INT8; seed 001: 0.5 byte at 4
    // bit.
    void textbookWeights_data() {
        QTest::addColumn<int>("recipe");
        QTest::addColumn<double>("expectedGB");
        QTest::addRow("fp32") << int(Recipe::Fp32) << 4.0;
        QTest::addRow("fp16") << int(Recipe::Fp16Mixed) << 2.0;
        QTest::addRow("bf16") << int(Recipe::Bf16Mixed) << 2.0;
        QTest::addRow("int8") << int(Recipe::Int8) << 1.0;
        QTest::addRow("int4") << int(Recipe::Int4) << 0.5;
    }
    void textbookWeights() {
        QFETCH(int, recipe);
        QFETCH(double, expectedGB);
        const Evaluation e = evaluate(textbookPlan(1e9, Recipe(recipe)), nullptr);
        QCOMPARE(e.bytes(Component::Weights), expectedGB * GB);
    }

    // Seed 004: Llama-6B at INT8, AdamW, batch 50: 6 + 6 + 12 GB model states, 1.3 GB CUDA
    // kernel, 990 MB of activations per instance ((4096 + 11008) x 2048 x 32 x 1 byte).
    void seedLlama6bInt8() {
        Plan p = textbookPlan(6e9, Recipe::Int8);
        p.model.layers = 32;
        p.model.hidden = 4096;
        p.model.ffn = 11008;
        p.training.micro_batch = 50;
        p.training.seq_len = 2048;
        p.hardware.runtime_overhead_gib = 1.3e9 / kGiB;
        const Evaluation e = evaluate(p, nullptr);
        QCOMPARE(e.bytes(Component::Weights), 6 * GB);
        QCOMPARE(e.bytes(Component::Gradients), 6 * GB);
        QCOMPARE(e.bytes(Component::OptimizerStates), 12 * GB);
        QCOMPARE(e.bytes(Component::Activations), 989855744.0 * 50);
        QCOMPARE(std::llround(e.runtime_overhead), 1300000000LL);
        // The article prints 73.6 because it divides 990 MB x 50 by 1024 (48.3) and adds it
        // to decimal GB; consistent decimal units give 74.79 GB.
        QCOMPARE(std::round(e.total / 1e7) / 100, 74.79);
    }

    // Seed 003: "about 6x the weights" = 4 B weights + about 20 B more per parameter. The
    // model states alone are 16 B/param at FP32 with Adam; the rest is activations.
    void seedSixTimesRule() {
        Plan p = textbookPlan(1e9, Recipe::Fp32);
        const Evaluation e = evaluate(p, nullptr);
        QCOMPARE(modelStates(e), 16 * GB);
        QVERIFY(modelStates(e) < 24 * GB);
    }

    // ZeRO (Rajbhandari et al. 2019), Figure 1 and Table 1: model states per device for
    // mixed-precision Adam (2 + 2 + K with K = 12) as the data-parallel degree grows.
    void zeroTable_data() {
        QTest::addColumn<double>("params");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<int>("stage");
        QTest::addColumn<double>("publishedGB");
        struct Row {
            double params;
            int gpus;
            double os, osg, osgp;
        };
        const Row rows[] = {
            {7.5e9, 4, 52.5, 41.3, 30},      {7.5e9, 16, 35.6, 21.6, 7.5},
            {7.5e9, 64, 31.4, 16.6, 1.88},   {7.5e9, 256, 30.4, 15.4, 0.47},
            {7.5e9, 1024, 30.1, 15.1, 0.12}, {128e9, 4, 896, 704, 512},
            {128e9, 16, 608, 368, 128},      {128e9, 64, 536, 284, 32},
            {128e9, 256, 518, 263, 8},       {128e9, 1024, 513, 257, 2},
        };
        QTest::addRow("7.5B DP1 baseline") << 7.5e9 << 1 << 0 << 120.0;
        QTest::addRow("128B DP1 baseline") << 128e9 << 1 << 0 << 2048.0;
        for (const Row& r : rows) {
            QTest::addRow("%gB DP%d Pos", r.params / 1e9, r.gpus)
                << r.params << r.gpus << 1 << r.os;
            QTest::addRow("%gB DP%d Pos+g", r.params / 1e9, r.gpus)
                << r.params << r.gpus << 2 << r.osg;
            QTest::addRow("%gB DP%d Pos+g+p", r.params / 1e9, r.gpus)
                << r.params << r.gpus << 3 << r.osgp;
        }
    }
    void zeroTable() {
        QFETCH(double, params);
        QFETCH(int, gpus);
        QFETCH(int, stage);
        QFETCH(double, publishedGB);
        Plan p = textbookPlan(params, Recipe::Fp16Mixed);
        p.parallelism.gpus = gpus;
        p.parallelism.sharding = Sharding(stage);
        const double gb = modelStates(evaluate(p, nullptr)) / GB;
        // The paper prints three significant figures; allow half a unit in the last place.
        const double tolerance = std::max(0.0051 * publishedGB, 0.006);
        QVERIFY2(std::fabs(gb - publishedGB) <= tolerance,
                 qPrintable(QString("model %1 GB, paper %2 GB").arg(gb).arg(publishedGB)));
    }

    // Korthikanti et al. 2022, Table 2: activation bytes per layer for GPT-3 175B and
    // MT-NLG 530B (s = 2048, b = 1, t = 8), 16-bit activations with 1-byte dropout masks.
    void korthikanti_data() {
        QTest::addColumn<qint64>("hidden");
        QTest::addColumn<qint64>("heads");
        QTest::addColumn<QString>("config");
        QTest::addColumn<double>("sbhFactor"); // published formula, in units of s*b*h bytes
        auto add = [](const char* name, qint64 h, qint64 a) {
            const double as_h = 5.0 * double(a) * 2048 / double(h);
            QTest::addRow("%s none", name) << h << a << "none" << 34 + as_h;
            QTest::addRow("%s tp", name) << h << a << "tp" << 10 + 24.0 / 8 + as_h / 8;
            QTest::addRow("%s tp+sp", name) << h << a << "tp+sp" << (34 + as_h) / 8;
            QTest::addRow("%s tp+sp+sel", name) << h << a << "tp+sp+sel" << 34.0 / 8;
            QTest::addRow("%s full", name) << h << a << "full" << 2.0;
        };
        add("gpt3-175b", 12288, 96);
        add("mtnlg-530b", 20480, 128);
    }
    void korthikanti() {
        QFETCH(qint64, hidden);
        QFETCH(qint64, heads);
        QFETCH(QString, config);
        QFETCH(double, sbhFactor);
        ModelSpec m;
        m.hidden = hidden;
        m.heads = heads;
        m.kv_heads = heads;
        m.head_dim = hidden / heads;
        m.ffn = 4 * hidden;
        m.mlp = MlpKind::Plain;
        m.norm = NormKind::LayerNorm;
        m.dropout = 0.1;
        detail::ActivationContext c;
        c.s = 2048;
        c.b = 1;
        c.w = 2;
        c.attention = Attention::Eager;
        c.fusedSoftmax16 = true; // the paper's formulas are Megatron-LM's fused softmax
        c.tp = config == "none" ? 1 : 8;
        c.sequenceParallel = config.contains("sp");
        c.checkpointing = config.endsWith("sel") ? Checkpointing::Selective
                          : config == "full"     ? Checkpointing::Full
                                                 : Checkpointing::None;
        const double expected = sbhFactor * 2048.0 * double(hidden);
        const double got = detail::layerKeptBytes(m, c);
        // memplan also keeps the norms' fp32 statistics (8 bytes per token), which the paper
        // leaves out: under 0.01% of a layer.
        QVERIFY2(std::fabs(got - expected) / expected < 1e-3,
                 qPrintable(QString("%1 vs %2").arg(got).arg(expected)));
    }

    // Korthikanti et al. 2022, Sec. 5: selective recomputation removes 70% of the TP+SP
    // activations for GPT-3 175B and 65% for MT-NLG 530B.
    void selectiveSavings() {
        for (auto [h, a, published] : {std::tuple{12288, 96, 0.70}, std::tuple{20480, 128, 0.65}}) {
            ModelSpec m;
            m.hidden = h;
            m.heads = a;
            m.kv_heads = a;
            m.head_dim = h / a;
            m.ffn = 4 * h;
            m.mlp = MlpKind::Plain;
            m.norm = NormKind::LayerNorm;
            m.dropout = 0.1;
            detail::ActivationContext c;
            c.s = 2048;
            c.b = 1;
            c.tp = 8;
            c.sequenceParallel = true;
            c.attention = Attention::Eager;
            c.fusedSoftmax16 = true; // Megatron-LM, as in the paper
            const double none = detail::layerKeptBytes(m, c);
            c.checkpointing = Checkpointing::Selective;
            const double saved = 1 - detail::layerKeptBytes(m, c) / none;
            QVERIFY2(std::fabs(saved - published) < 0.01, qPrintable(QString::number(saved)));
        }
    }

    // Realistic recipes: bytes of model states per trainable parameter.
    void recipesBytesPerParam_data() {
        QTest::addColumn<int>("recipe");
        QTest::addColumn<int>("optimizer");
        QTest::addColumn<double>("bytesPerParam");
        QTest::addRow("fp32 adamw") << int(Recipe::Fp32) << int(Optimizer::AdamW) << 16.0;
        QTest::addRow("bf16-mixed adamw (ZeRO's 2+2+12)")
            << int(Recipe::Bf16Mixed) << int(Optimizer::AdamW) << 16.0;
        QTest::addRow("bf16-pure adamw") << int(Recipe::Bf16Pure) << int(Optimizer::AdamW) << 8.0;
        QTest::addRow("bf16-pure sgd") << int(Recipe::Bf16Pure) << int(Optimizer::Sgd) << 4.0;
        QTest::addRow("bf16-pure lion") << int(Recipe::Bf16Pure) << int(Optimizer::Lion) << 6.0;
        QTest::addRow("fp32 sgd-momentum")
            << int(Recipe::Fp32) << int(Optimizer::SgdMomentum) << 12.0;
    }
    void recipesBytesPerParam() {
        QFETCH(int, recipe);
        QFETCH(int, optimizer);
        QFETCH(double, bytesPerParam);
        Plan p;
        p.model = llama7b();
        p.training.precision = Recipe(recipe);
        p.training.optimizer = Optimizer(optimizer);
        p.training.micro_batch = 1;
        p.training.seq_len = 16;
        const Evaluation e = evaluate(p, nullptr);
        const double P = countParameters(p.model).total;
        // For these tiny batches the peak is late in the step, with all model states resident.
        const Phase peak = e.moments[e.peak_moment].phase;
        QVERIFY(peak == Phase::OptimizerStep || peak == Phase::Backward);
        QVERIFY2(std::fabs(modelStates(e) / P - bytesPerParam) < 1e-9,
                 qPrintable(QString::number(modelStates(e) / P)));
    }

    // QLoRA (Dettmers et al. 2023): NF4 with double quantization costs 4.127 bits per weight.
    void qloraBaseIsNf4() {
        Plan p;
        p.model = llama7b();
        p.training.method = Method::Qlora;
        const Evaluation e = evaluate(p, nullptr);
        const ParamCounts c = countParameters(p.model);
        const double base = e.per_gpu[0].parts[0].bytes;
        QCOMPARE(e.per_gpu[0].parts[0].label,
                 std::string_view("quantized layer weights (codes + constants)"));
        QVERIFY(std::fabs(base * 8 / c.linear_in_layers - 4.127) < 0.001);
        QVERIFY(e.params_trainable < 0.01 * c.total);
    }

    void loraTrainsAdaptersOnly() {
        Plan p;
        p.model = llama7b();
        p.training.method = Method::Lora;
        p.training.lora.rank = 8;
        p.training.lora.targets = LoraQ | LoraV;
        const Evaluation e = evaluate(p, nullptr);
        // q and v adapters: 32 layers x 2 modules x 8 x (4096 + 4096).
        const double adapters = 32.0 * 2 * 8 * (4096 + 4096);
        QCOMPARE(e.params_trainable, adapters);
        QCOMPARE(e.bytes(Component::OptimizerStates), adapters * 8); // fp32 Adam moments
    }

    // Issue 14: LoRA on a mixture of experts, with and without adapters on the routed experts
    // (training.lora.experts), and on a DeepSeek-style shared expert and dense first layer.
    void loraOnExperts_data() {
        QTest::addColumn<bool>("experts");
        QTest::addColumn<bool>("sharedAndDense");
        QTest::addColumn<double>("adapters");
        // Mixtral-8x7B shape, rank 8, all-linear: attention q 8(4096+4096), k and v
        // 8(4096+1024), o 8(4096+4096) = 212,992 per layer; each expert's gate, up and down
        // 3 x 8(4096+14336) = 442,368.
        const double attention = 2 * 8.0 * (4096 + 4096) + 2 * 8.0 * (4096 + 1024);
        const double expert = 3 * 8.0 * (4096 + 14336);
        QTest::addRow("mixtral, experts") << true << false << 32 * (attention + 8 * expert);
        QTest::addRow("mixtral, no experts") << false << false << 32 * attention;
        // With a shared expert of 2048 on 31 layers and one dense layer of 8192: the shared
        // expert's adapters 3 x 8(4096+2048) per MoE layer, the dense MLP's 3 x 8(4096+8192).
        const double shared = 3 * 8.0 * (4096 + 2048);
        const double dense = 3 * 8.0 * (4096 + 8192);
        QTest::addRow("shared and dense, experts")
            << true << true << 32 * attention + 31 * (8 * expert + shared) + dense;
        QTest::addRow("shared and dense, no experts")
            << false << true << 32 * attention + 31 * shared + dense;
    }
    void loraOnExperts() {
        QFETCH(bool, experts);
        QFETCH(bool, sharedAndDense);
        QFETCH(double, adapters);
        Plan p;
        p.model = llama7b();
        p.model.ffn = 14336;
        p.model.kv_heads = 8;
        p.model.experts = 8;
        p.model.experts_per_token = 2;
        if (sharedAndDense) {
            p.model.shared_ffn = 2048;
            p.model.dense_layers = 1;
            p.model.dense_ffn = 8192;
        }
        p.training.method = Method::Lora;
        p.training.lora.rank = 8;
        p.training.lora.targets = LoraAllLinear;
        p.training.lora.experts = experts;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(std::fabs(e.params_trainable - adapters) < 1e-6 * adapters);
    }

    void optimizerInBackwardDropsGradientBuffer() {
        Plan p;
        p.model = llama7b();
        p.training.precision = Recipe::Bf16Pure;
        const double before = evaluate(p, nullptr).peak_allocated;
        p.training.optimizer_in_backward = true;
        const Evaluation e = evaluate(p, nullptr);
        const double largest = countParameters(p.model).largest_tensor * 2;
        QVERIFY(e.bytes(Component::Gradients) <= largest);
        QVERIFY(e.peak_allocated < before);
    }

    void inferenceKvCacheIsGqaAware() {
        Plan p;
        p.model = llama7b();
        p.training.method = Method::Inference;
        p.training.micro_batch = 1;
        p.training.seq_len = 4000;
        p.training.new_tokens = 96;
        const Evaluation mha = evaluate(p, nullptr);
        const double kv = 2.0 * 32 * 4096 * 4096 * 2; // K+V x layers x kv width x tokens x bf16
        // The cache is largest at the end of generation (moment 1).
        QCOMPARE(mha.moments[1].phase, Phase::Decode);
        QCOMPARE(mha.moments[1].resident[3].parts[0].bytes, kv);
        p.model.kv_heads = 8;
        const Evaluation gqa = evaluate(p, nullptr);
        QCOMPARE(gqa.moments[1].resident[3].parts[0].bytes, kv / 4);
        QCOMPARE(gqa.bytes(Component::Gradients), 0.0);
        QCOMPARE(gqa.bytes(Component::OptimizerStates), 0.0);
    }

    void flashDropsScoreMatrix() {
        Plan p;
        p.model = llama7b();
        p.training.seq_len = 4096;
        p.training.attention = Attention::Eager;
        const double eager = evaluate(p, nullptr).moments[0].resident[3].bytes;
        p.training.attention = Attention::Flash;
        const double flash = evaluate(p, nullptr).moments[0].resident[3].bytes;
        // The softmax output alone is heads x s^2 x 2 bytes per layer; flash keeps instead its
        // output and log-sum-exp, a few percent of that at this length.
        QVERIFY(eager - flash > 32.0 * 32 * 4096.0 * 4096 * 2 * 0.95);
    }

    void chunkedLossRemovesLogits() {
        Plan p;
        p.model = llama7b();
        p.model.vocab = 128256;
        p.training.micro_batch = 8;
        p.training.checkpointing = Checkpointing::Full;
        auto backwardStart = [](const Evaluation& e) {
            for (std::size_t i = 0; i < e.moment_count; ++i)
                if (e.moments[i].label == "start of backward")
                    return e.moments[i].allocated();
            return 0.0;
        };
        const double standard = backwardStart(evaluate(p, nullptr));
        p.training.loss = Loss::Chunked;
        const double chunked = backwardStart(evaluate(p, nullptr));
        const double logitsFp32 = 8.0 * 2048 * 128256 * 4;
        QVERIFY(standard - chunked > logitsFp32);
    }

    void pipelineFirstStageHoldsInFlightMicroBatches() {
        Plan p;
        p.model = llama7b();
        p.training.seq_len = 4096;
        p.training.grad_accum = 8;
        p.parallelism.gpus = 4;
        p.parallelism.pp = 4;
        const Evaluation e = evaluate(p, nullptr);
        Plan single = p;
        single.parallelism = ParallelSpec{};
        single.training.grad_accum = 1;
        // 1F1B: the first stage keeps pp micro-batches of L/pp layers = L layers' worth.
        const double layersPp = e.moments[0].resident[3].parts[0].bytes;
        const double layers1 = evaluate(single, nullptr).moments[0].resident[3].parts[0].bytes;
        QCOMPARE(layersPp, layers1);
        QVERIFY(modelStates(e) < modelStates(evaluate(single, nullptr)) / 3);
    }

    void capacityAndVerdict() {
        Plan p;
        p.model = llama7b();
        p.hardware.memory_gib = 80;
        p.training.method = Method::Lora;
        Evaluation e = evaluate(p, nullptr);
        QVERIFY(e.has_capacity);
        QCOMPARE(e.capacity, 80 * kGiB);
        QVERIFY(e.fits);
        QCOMPARE(e.headroom, e.capacity - e.total);
        p.hardware.memory_gib = 8;
        e = evaluate(p, nullptr);
        QVERIFY(!e.fits);
        QVERIFY(e.headroom < 0);
        p.hardware.memory_gib.reset();
        QVERIFY(!evaluate(p, nullptr).has_capacity);
    }

    void componentsSumToPeak() {
        Plan p;
        p.model = llama7b();
        const Evaluation e = evaluate(p, nullptr);
        QCOMPARE(sumOfComponents(e), e.peak_allocated);
        QCOMPARE(e.total, e.peak_allocated + e.runtime_overhead);
        for (std::size_t c = 0; c < kComponentCount; ++c) {
            double parts = 0;
            for (std::size_t i = 0; i < e.per_gpu[c].part_count; ++i)
                parts += e.per_gpu[c].parts[i].bytes;
            QCOMPARE(parts, e.per_gpu[c].bytes);
        }
    }

    // 1e13 parameters x 1e6 tokens: a correct, finite answer or a clear refusal.
    void absurdSizesAreRefusedNotOverflowed() {
        Plan p;
        p.model = deriveShape(1e13);
        p.training.micro_batch = 1'000'000;
        p.training.seq_len = 1'000'000;
        p.training.attention = Attention::Eager;
        const Evaluation e = evaluate(p, nullptr);
        QVERIFY(!e.ok);
        QVERIFY(!e.refusal.empty());
        QVERIFY(!e.fits);
        p.training.micro_batch = 1;
        p.training.seq_len = 1'000'000;
        p.training.attention = Attention::Flash;
        p.training.checkpointing = Checkpointing::Full;
        p.parallelism.gpus = 4096;
        p.parallelism.sharding = Sharding::Zero3;
        const Evaluation ok = evaluate(p, nullptr);
        QVERIFY(ok.ok);
        QVERIFY(std::isfinite(ok.total) && ok.total > 0);
        QCOMPARE(sumOfComponents(ok), ok.peak_allocated);
    }
};

QTEST_APPLESS_MAIN(TestModel)
#include "tst_model.moc"
