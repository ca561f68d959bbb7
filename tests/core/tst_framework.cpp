// Framework profiles (issue 12): spellings, defaults that explicit keys override, the
// mechanisms each profile switches, the allocator cache (peak_reserved) and the band.
#include "memplan/framework.h"
#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/reserve.h"

#include "catch_input_error.h"
#include "evaluation_lookup.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::test;
using nlohmann::json;

namespace {
constexpr double MiB = 1024.0 * 1024.0;

const PresetLibrary& presets() {
    static const PresetLibrary lib = PresetLibrary::loadBundled();
    return lib;
}

// A Llama-2-7B plan; `training` keys merged over a LoRA default.
Plan plan(const json& training, const json& parallelism = json::object()) {
    json j = {{"schema_version", 1},
              {"model", {{"preset", "llama-2-7b"}}},
              {"training", {{"method", "lora"}, {"micro_batch", 1}, {"seq_len", 512}}},
              {"parallelism", {{"gpus", 1}}}};
    for (auto it = training.begin(); it != training.end(); ++it)
        j["training"][it.key()] = it.value();
    for (auto it = parallelism.begin(); it != parallelism.end(); ++it)
        j["parallelism"][it.key()] = it.value();
    return parsePlanJson(j, "test.json", presets());
}

} // namespace

class TestFramework : public QObject {
    Q_OBJECT
private slots:
    void spellings_data() {
        QTest::addColumn<QString>("key");
        for (const char* k :
             {"pytorch", "hf-trainer", "trl", "torchtune", "litgpt", "ms-swift", "llama-factory",
              "axolotl", "unsloth", "deepspeed", "fsdp1", "fsdp2", "megatron"})
            QTest::newRow(k) << QString(k);
    }
    void spellings() {
        QFETCH(QString, key);
        const Plan p = plan({{"framework", key.toStdString()}});
        QCOMPARE(QString::fromUtf8(keyOf(p.training.framework).data()), key);
        // Round trip through the writer keeps the framework and every resolved default.
        const Plan back = parsePlan(serializePlan(p), "back.json", presets());
        QCOMPARE(back.training.framework, p.training.framework);
        QCOMPARE(back.training.loss, p.training.loss);
        QCOMPARE(back.training.optimizer_impl, p.training.optimizer_impl);
        QCOMPARE(back.training.checkpointing, p.training.checkpointing);
        // Every profile cites a source for every default.
        const FrameworkProfile& f = profileOf(p.training.framework);
        for (std::string_view s :
             {f.optimizerImpl.source, f.loss.source, f.checkpointing.source, f.loraDropout.source,
              f.adaptersFp32.source, f.kbitUpcastFp32.source, f.quantizedHead.source,
              f.kbitQuantizedFromFp16.source, f.reduceBucketElems.source, f.ncclGroups.source})
            QVERIFY(!s.empty());
    }

    void badInput_data() {
        QTest::addColumn<QString>("training");
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown framework") << R"({"framework": "keras"})"
                                           << "training.framework";
        QTest::newRow("framework not a string") << R"({"framework": 3})"
                                                << "training.framework";
        QTest::newRow("unknown profile key") << R"({"profile": {"adapter_dtype": "fp32"}})"
                                             << "training.profile.adapter_dtype";
        QTest::newRow("profile flag not bool") << R"({"profile": {"adapters_fp32": "yes"}})"
                                               << "training.profile.adapters_fp32";
        QTest::newRow("negative bucket") << R"({"profile": {"reduce_bucket_elements": -1}})"
                                         << "training.profile.reduce_bucket_elements";
        QTest::newRow("NaN-like bucket string")
            << R"({"profile": {"reduce_bucket_elements": "nan"}})"
            << "training.profile.reduce_bucket_elements";
        QTest::newRow("quant type") << R"({"quantization": {"quant_type": "int3"}})"
                                    << "training.quantization.quant_type";
        QTest::newRow("zero shapes") << R"({"distinct_shapes": 0})"
                                     << "training.distinct_shapes";
    }
    void badInput() {
        QFETCH(QString, training);
        QFETCH(QString, path);
        const json t = json::parse(training.toStdString());
        const auto err = test::catchInputError([&] { plan(t); });
        QVERIFY2(err.thrown, "no error");
        QCOMPARE(QString::fromStdString(err.key), path);
        QCOMPARE(QString::fromStdString(err.file), QString("test.json"));
    }

    // Profile defaults fill what the plan leaves out; explicit keys win.
    void defaults_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<QString>("loss");
        QTest::addColumn<QString>("impl");
        QTest::addColumn<QString>("ckpt");
        QTest::addColumn<double>("dropout");
        QTest::newRow("pytorch") << "pytorch"
                                 << "standard"
                                 << "foreach"
                                 << "none" << 0.0;
        QTest::newRow("trl") << "trl"
                             << "chunked"
                             << "fused"
                             << "full" << 0.0;
        QTest::newRow("torchtune") << "torchtune"
                                   << "chunked"
                                   << "fused"
                                   << "full" << 0.0;
        QTest::newRow("litgpt") << "litgpt"
                                << "chunked"
                                << "foreach"
                                << "none" << 0.05;
        QTest::newRow("ms-swift") << "ms-swift"
                                  << "standard"
                                  << "fused"
                                  << "full" << 0.05;
        QTest::newRow("unsloth") << "unsloth"
                                 << "chunked"
                                 << "fused"
                                 << "full" << 0.0;
        QTest::newRow("deepspeed") << "deepspeed"
                                   << "standard"
                                   << "fused"
                                   << "none" << 0.0;
        QTest::newRow("megatron") << "megatron"
                                  << "standard"
                                  << "fused"
                                  << "none" << 0.0;
    }
    void defaults() {
        QFETCH(QString, framework);
        QFETCH(QString, loss);
        QFETCH(QString, impl);
        QFETCH(QString, ckpt);
        QFETCH(double, dropout);
        const Plan p = plan({{"framework", framework.toStdString()}});
        QCOMPARE(QString::fromUtf8(keyOf(p.training.loss).data()), loss);
        QCOMPARE(QString::fromUtf8(keyOf(p.training.optimizer_impl).data()), impl);
        QCOMPARE(QString::fromUtf8(keyOf(p.training.checkpointing).data()), ckpt);
        QCOMPARE(p.training.lora.dropout, dropout);
        const Plan explicitKeys = plan({{"framework", framework.toStdString()},
                                        {"loss", "standard"},
                                        {"optimizer_impl", "loop"},
                                        {"checkpointing", "selective"},
                                        {"lora", {{"dropout", 0.3}}}});
        QCOMPARE(explicitKeys.training.loss, Loss::Standard);
        QCOMPARE(explicitKeys.training.optimizer_impl, OptimizerImpl::Loop);
        QCOMPARE(explicitKeys.training.checkpointing, Checkpointing::Selective);
        QCOMPARE(explicitKeys.training.lora.dropout, 0.3);
    }

    // Each mechanism changes the prediction by what its arithmetic says, no more.
    void adapterDtype() {
        const Plan fp32 = plan({{"framework", "pytorch"}, {"precision", "bf16-pure"}});
        const Plan bf16 = plan({{"framework", "torchtune"},
                                {"precision", "bf16-pure"},
                                {"loss", "standard"},
                                {"optimizer_impl", "foreach"},
                                {"checkpointing", "none"}});
        const ModelSpec& m = fp32.model;
        const double adapters =
            static_cast<double>(m.layers) * 8 *
            static_cast<double>((m.hidden + m.heads * m.head_dim) +
                                (m.hidden + m.kv_heads * m.head_dim)); // r (in + out), q and v
        const Evaluation a = evaluate(fp32, presets()), b = evaluate(bf16, presets());
        QCOMPARE(a.bytes(Component::Weights) - b.bytes(Component::Weights), adapters * 2);
        QCOMPARE(a.params_trainable, adapters);
        // The override brings fp32 adapters back under the torchtune profile.
        Plan back = bf16;
        back.training.profile.adapters_fp32 = true;
        QCOMPARE(evaluate(back, presets()).bytes(Component::Weights), a.bytes(Component::Weights));
    }

    void kbitUpcastAndHead_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<bool>("upcast");
        QTest::addColumn<bool>("quantHead");
        QTest::newRow("pytorch") << "pytorch" << false << false;
        QTest::newRow("hf-trainer") << "hf-trainer" << true << false;
        QTest::newRow("axolotl") << "axolotl" << true << false;
        QTest::newRow("llama-factory") << "llama-factory" << false << false;
        QTest::newRow("litgpt") << "litgpt" << false << true;
    }
    void kbitUpcastAndHead() {
        QFETCH(QString, framework);
        QFETCH(bool, upcast);
        QFETCH(bool, quantHead);
        const json keep = {{"method", "qlora"},          {"loss", "standard"},
                           {"checkpointing", "none"},    {"optimizer_impl", "foreach"},
                           {"lora", {{"dropout", 0.0}}}, {"profile", {{"adapters_fp32", true}}}};
        json t = keep;
        t["framework"] = framework.toStdString();
        const Evaluation base = evaluate(plan(keep), presets());
        const Evaluation e = evaluate(plan(t), presets());
        const ParamCounts c = countParameters(plan(keep).model);
        const double rest = c.total - c.linear_in_layers; // embeddings, norms, head
        const double nf4dq = 0.5 + 1.0 / 64 + 4.0 / (64 * 256);
        double expected = 0;
        if (upcast)
            expected += rest * 2; // bf16 -> fp32
        if (quantHead)
            expected -= c.lm_head * (2 - nf4dq);
        QVERIFY2(
            std::fabs(e.bytes(Component::Weights) - base.bytes(Component::Weights) - expected) < 1,
            qPrintable(
                QString::number(e.bytes(Component::Weights) - base.bytes(Component::Weights))));
    }

    void fourBitFormats_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("dq");
        QTest::addColumn<double>("bytesPerWeight");
        QTest::newRow("nf4 dq") << "nf4" << true << 0.5 + 1.0 / 64 + 4.0 / (64 * 256);
        QTest::newRow("nf4") << "nf4" << false << 0.5 + 4.0 / 64;
        QTest::newRow("fp4 dq") << "fp4" << true << 0.5 + 1.0 / 64 + 4.0 / (64 * 256);
        QTest::newRow("fp4") << "fp4" << false << 0.5 + 4.0 / 64;
    }
    void fourBitFormats() {
        QFETCH(QString, type);
        QFETCH(bool, dq);
        QFETCH(double, bytesPerWeight);
        const Plan p =
            plan({{"method", "qlora"},
                  {"quantization", {{"quant_type", type.toStdString()}, {"double_quant", dq}}}});
        const Evaluation e = evaluate(p, presets());
        const ParamCounts c = countParameters(p.model);
        QCOMPARE(
            peakPartBytes(e, Component::Weights, "quantized layer weights (codes + constants)"),
            c.linear_in_layers * bytesPerWeight);
        // The transient dequantized weight: the largest layer matrix in bf16.
        const double f = static_cast<double>(p.model.ffn), h = static_cast<double>(p.model.hidden);
        QCOMPARE(peakPartBytes(e, Component::Other, "dequantized 4-bit weight"), f * h * 2);
    }

    void fsdpRootAndOffload() {
        const json par = {{"gpus", 4}, {"sharding", "zero3"}};
        const json t = {{"method", "full"}, {"precision", "bf16-mixed"}};
        json t1 = t, t2 = t;
        t1["framework"] = "fsdp1";
        t2["framework"] = "fsdp2";
        const Plan p1 = plan(t1, par), p2 = plan(t2, par);
        const Evaluation e1 = evaluate(p1, presets()), e2 = evaluate(p2, presets());
        const ParamCounts c = countParameters(p2.model);
        const double root = (c.embedding + c.lm_head + c.final_norm) * 2 * (1 - 1.0 / 4);
        QCOMPARE(largestPartBytes(e2, Component::Other, "FSDP2 root unit (gathered)"), root);
        QCOMPARE(peakPartBytes(e1, Component::Other, "FSDP2 root unit (gathered)"), 0.0);
        // CPU offload: sharded gradients go to the host with the states and parameters.
        json po = par;
        po["offload"] = "optimizer+params";
        const Evaluation off = evaluate(plan(t2, po), presets());
        QCOMPARE(off.bytes(Component::Gradients), 0.0);
        QVERIFY(off.host > evaluate(plan(t, po), presets()).host);
    }

    void unslothOffloadsCheckpoints() {
        const json t = {{"checkpointing", "full"}, {"loss", "standard"}, {"micro_batch", 4}};
        json u = t;
        u["framework"] = "unsloth";
        const Evaluation plain = evaluate(plan(t), presets());
        const Evaluation uns = evaluate(plan(u), presets());
        QVERIFY(uns.host > 0);
        QCOMPARE(plain.host, 0.0);
        QVERIFY(uns.bytes(Component::Activations) < plain.bytes(Component::Activations));
    }

    void outsideAllocator_data() {
        QTest::addColumn<QString>("framework");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<double>("ncclMiB");
        QTest::newRow("one gpu") << "pytorch" << 1 << 0.0;
        QTest::newRow("ddp 8") << "pytorch" << 8 << 128.0;
        QTest::newRow("megatron 8") << "megatron" << 8 << 4 * 128.0;
    }
    void outsideAllocator() {
        QFETCH(QString, framework);
        QFETCH(int, gpus);
        QFETCH(double, ncclMiB);
        const Evaluation e =
            evaluate(plan({{"framework", framework.toStdString()}}, {{"gpus", gpus}}), presets());
        QCOMPARE(peakPartBytes(e, Component::RuntimeOverhead, "NCCL communicator buffers"),
                 ncclMiB * MiB);
        // Each part says which statistic sees it; NCCL only nvidia-smi.
        for (std::size_t i = 0; i < e.memory_part_count; ++i)
            if (e.memory_parts[i].label == "NCCL communicator buffers")
                QVERIFY(!e.memory_parts[i].allocated && !e.memory_parts[i].reserved &&
                        e.memory_parts[i].nvidiaSmi);
    }

    void pagedOptimizerLeavesTheAllocator() {
        const json t = {{"method", "full"}, {"optimizer", "adamw-8bit"}};
        json paged = t;
        paged["paged_optimizer"] = true;
        const Evaluation a = evaluate(plan(t), presets()), b = evaluate(plan(paged), presets());
        QCOMPARE(b.bytes(Component::OptimizerStates), 0.0);
        QCOMPARE(b.paged_states, a.bytes(Component::OptimizerStates));
        QVERIFY(b.peak_allocated < a.peak_allocated);
        QCOMPARE(
            peakPartBytes(b, Component::RuntimeOverhead, "paged optimizer states (managed memory)"),
            b.paged_states);
    }

    void megatronFp32Gradients() {
        const Evaluation e =
            evaluate(plan({{"method", "full"}, {"framework", "megatron"}}), presets());
        QCOMPARE(e.bytes(Component::Gradients), e.params_trainable * 4);
    }

    void roundingWaste_data() {
        QTest::addColumn<double>("bytes");
        QTest::addColumn<double>("waste");
        QTest::newRow("small") << 0.5 * MiB << 0.0;
        QTest::newRow("3 MiB in 20 MiB segments") << 3 * MiB << (20 - 18) * MiB / 6;
        QTest::newRow("8 MiB") << 8 * MiB << 4 * MiB / 2;
        QTest::newRow("11 MiB rounds to 12") << 11 * MiB << 1 * MiB;
        QTest::newRow("64 MiB exact") << 64 * MiB << 0.0;
    }
    void roundingWaste() {
        QFETCH(double, bytes);
        QFETCH(double, waste);
        QCOMPARE(detail::roundingWaste(bytes), waste);
    }

    void reservedGrowsWithShapes() {
        const Evaluation one = evaluate(plan({{"distinct_shapes", 1}}), presets());
        const Evaluation many = evaluate(plan({{"distinct_shapes", 8}}), presets());
        QVERIFY(one.peak_reserved >= one.peak_allocated);
        QVERIFY(many.peak_reserved > one.peak_reserved);
        QCOMPARE(many.peak_allocated, one.peak_allocated);
        // A measured fraction replaces the model.
        Plan fixed = plan({});
        fixed.hardware.allocator_reserve_fraction = 0.1;
        const Evaluation f = evaluate(fixed, presets());
        QCOMPARE(f.peak_reserved, f.peak_allocated * 1.1);
    }

    void bandAndVerdict_data() {
        QTest::addColumn<double>("capacityOverTotal"); // capacity as a multiple of ...
        QTest::addColumn<QString>("anchor");           // "high", "total" or "below"
        QTest::addColumn<int>("verdict");
        QTest::newRow("above the high end") << 1.01 << "high" << int(Verdict::Fits);
        QTest::newRow("between total and high") << 1.01 << "total" << int(Verdict::FitsUnless);
        QTest::newRow("below total") << 0.99 << "total" << int(Verdict::DoesNotFit);
    }
    void bandAndVerdict() {
        QFETCH(double, capacityOverTotal);
        QFETCH(QString, anchor);
        QFETCH(int, verdict);
        Plan p = plan({{"micro_batch", 4}});
        const Evaluation e0 = evaluate(p, presets());
        QVERIFY(e0.total_low <= e0.total && e0.total <= e0.total_high);
        QVERIFY(e0.total_high > e0.total * 1.01);
        const double anchorBytes = anchor == "high" ? e0.total_high : e0.total;
        p.hardware.memory_gib = anchorBytes * capacityOverTotal / (1024.0 * 1024 * 1024);
        QCOMPARE(int(verdictOf(evaluate(p, presets()))), verdict);
    }
};

QTEST_GUILESS_MAIN(TestFramework)
#include "tst_framework.moc"
