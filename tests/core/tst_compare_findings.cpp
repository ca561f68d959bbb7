// Why the compare columns differ, as data: each finding code is produced by a pair of plans that
// triggers its mechanism, and not by a pair that does not; the arguments carry the numbers of
// the evaluations (typed, in bytes), and the English text and JSON are filled from them.
#include "memplan/compare_findings.h"
#include "memplan/export_data.h"
#include "memplan/plan_json.h"
#include "memplan/scenario.h"

#include <QtTest>

#include <algorithm>

#include <nlohmann/json.hpp>

using namespace memplan;
using nlohmann::json;

Q_DECLARE_METATYPE(std::string)

class TestCompareFindings : public QObject {
    Q_OBJECT
    PresetLibrary presets_ = PresetLibrary::loadBundled();

    // base: "train" (Llama 2 7B on an H100, full fine-tuning, bf16-mixed, AdamW, 8 x 2048),
    // "textbook" (the same, textbook accounting), "eight" (on 8 GPUs, ZeRO-2) or "serve" (vLLM
    // serving of Llama 3 8B on an H100).
    Plan base(const std::string& kind) const {
        json j = {{"schema_version", 1},
                  {"model", {{"preset", kind == "serve" ? "llama-3.1-8b" : "llama-2-7b"}}},
                  {"training",
                   {{"method", kind == "serve" ? "serving" : "full"},
                    {"precision", kind == "serve" ? "bf16-pure" : "bf16-mixed"},
                    {"micro_batch", kind == "serve" ? 1 : 8},
                    {"seq_len", 2048}}},
                  {"hardware", {{"gpu", "h100-sxm-80gb"}}}};
        if (kind == "textbook")
            j["training"]["accounting"] = "textbook";
        if (kind == "eight")
            j["parallelism"] = {{"gpus", 8}, {"sharding", "zero2"}};
        if (kind == "serve")
            j["serving"] = {{"max_model_len", 8192}};
        return parsePlanJson(j, "base.json", presets_);
    }

    ScenarioResult column(const Plan& plan, const std::string& item) const {
        ScenarioOverrides o;
        if (!item.empty()) {
            std::string error;
            const auto parsed = ScenarioOverrides::parse(item, presets_, &error);
            if (!parsed)
                qFatal("%s: %s", item.c_str(), error.c_str());
            o = *parsed;
        }
        return resolveScenario(plan, o, presets_);
    }

    static ComparedPlan compared(const ScenarioResult& s) {
        return {s.name, &s.plan, &s.evaluation};
    }

    static std::vector<std::string> codes(const std::vector<Finding>& findings) {
        std::vector<std::string> out;
        for (const Finding& f : findings)
            out.emplace_back(findingCodeKey(f.code));
        return out;
    }

    static bool has(const std::vector<std::string>& codes, const std::string& code) {
        return std::find(codes.begin(), codes.end(), code) != codes.end();
    }

private slots:
    void everyCodeHasKeyAndTemplate() {
        for (int i = 0; i < static_cast<int>(FindingCode::Count); ++i) {
            const auto c = static_cast<FindingCode>(i);
            QVERIFY(!findingCodeKey(c).empty());
            QVERIFY(!findingTemplate(c).empty());
            for (int j = 0; j < i; ++j)
                QVERIFY(findingCodeKey(c) != findingCodeKey(static_cast<FindingCode>(j)));
        }
    }

    // Each row: column A and column B of a base plan (scenario items, "" = the plan itself),
    // the code the pair must produce and one it must not.
    void pairProducesCode_data() {
        QTest::addColumn<std::string>("kind");
        QTest::addColumn<std::string>("a");
        QTest::addColumn<std::string>("b");
        QTest::addColumn<std::string>("expected");
        QTest::addColumn<std::string>("absent");
        auto row = [](const char* name, const char* kind, const char* a, const char* b,
                      const char* expected, const char* absent) {
            QTest::newRow(name) << std::string(kind) << std::string(a) << std::string(b)
                                << std::string(expected) << std::string(absent);
        };
        row("same plan", "train", "", "", "same_plan", "headline");
        row("same plan headline", "train", "", "", "headline_same", "several_changes");
        row("recipe headline", "train", "fp32", "bf16-mixed", "headline", "headline_same");
        row("largest change named", "train", "fp32", "bf16-mixed", "largest_change_part",
            "largest_change");
        row("master copy added", "train", "fp32", "bf16-mixed", "master_copy_added",
            "fp32_no_master_copy");
        row("storage types", "train", "fp32", "bf16-mixed", "storage_types", "textbook_width");
        row("per parameter", "train", "fp32", "bf16-mixed", "states_per_parameter",
            "states_and_activations");
        row("fp32 no master", "train", "bf16-mixed", "fp32", "fp32_no_master_copy",
            "master_copy_added");
        row("16-bit no master", "train", "bf16-mixed", "bf16-pure", "no_master_copy_16",
            "fp32_no_master_copy");
        row("both master", "train", "bf16-mixed", "fp16-mixed", "both_master_copies",
            "master_copy_added");
        row("frozen base", "train", "fp32", "int8", "quantized_frozen_base",
            "quantized_base_trains_again");
        row("trains again", "train", "int8", "fp32", "quantized_base_trains_again",
            "quantized_frozen_base");
        row("textbook width", "textbook", "fp32", "bf16-pure", "textbook_width", "storage_types");
        row("textbook mixed", "textbook", "fp32", "bf16-mixed", "textbook_mixed_states",
            "master_copy_added");
        row("textbook same mixing", "textbook", "fp32", "bf16-pure", "textbook_width",
            "textbook_mixed_states");
        row("accounting", "train", "", "training.accounting=textbook", "accounting",
            "storage_types");
        row("lora", "train", "full", "lora", "lora_adapters", "trainable_count");
        row("lora no nf4", "train", "full", "lora", "lora_adapters", "qlora_nf4_base");
        row("qlora nf4", "train", "full", "qlora", "qlora_nf4_base", "qlora_over_lora");
        row("qlora over lora", "train", "lora", "qlora", "qlora_over_lora", "lora_adapters");
        row("inference", "train", "full", "inference", "inference_forward_only", "trainable_count");
        row("freeze", "train", "full", "training.method=freeze", "trainable_count",
            "lora_adapters");
        row("optimizer", "train", "adamw", "adamw-8bit", "optimizer_states", "sharding_none");
        row("nothing to shard", "train", "", "zero3", "nothing_to_shard", "sharding_zero3");
        row("zero3 on 8", "eight", "", "zero3", "sharding_zero3", "nothing_to_shard");
        row("zero1 on 8", "eight", "", "zero1", "sharding_zero1", "sharding_zero2");
        row("zero2 on 8", "eight", "zero1", "zero2", "sharding_zero2", "sharding_zero1");
        row("ddp on 8", "eight", "", "parallelism.sharding=none", "sharding_none",
            "sharding_zero2");
        row("gpus replicated", "train", "parallelism.sharding=none+parallelism.gpus=8",
            "parallelism.sharding=none+parallelism.gpus=16", "gpus_replicated", "gpus_split");
        row("gpus split", "eight", "", "parallelism.gpus=16", "gpus_split", "gpus_replicated");
        row("tokens", "train", "", "micro_batch=4", "tokens", "eager_quadratic");
        row("eager quadratic", "train", "training.attention=eager",
            "training.attention=eager+seq_len=4096", "eager_quadratic", "attention");
        row("flash no quadratic", "train", "", "seq_len=4096", "tokens", "eager_quadratic");
        row("checkpoint full", "train", "", "training.checkpointing=full", "checkpoint_full",
            "checkpoint_none");
        row("checkpoint selective", "train", "training.checkpointing=full",
            "training.checkpointing=selective", "checkpoint_selective", "checkpoint_full");
        row("checkpoint none", "train", "training.checkpointing=full",
            "training.checkpointing=none", "checkpoint_none", "checkpoint_full");
        row("attention", "train", "", "training.attention=eager", "attention", "tokens");
        row("lora rank", "train", "lora", "lora+training.lora.rank=64", "lora_rank",
            "lora_adapters");
        row("gpu capacity", "train", "", "hardware.gpu=a100-40gb", "gpu_capacity",
            "unexplained_difference");
        row("model size", "train", "", "model=llama-2-13b", "model_size", "same_plan");
        row("several", "train", "", "fp32+micro_batch=4", "several_changes", "same_plan");
        row("one change is not several", "train", "", "micro_batch=4", "tokens", "several_changes");
        row("kv dtype", "serve", "kv_cache_dtype=auto", "kv_cache_dtype=fp8", "kv_cache_dtype",
            "unexplained_difference");
        row("serving context", "serve", "", "max_model_len=32768", "serving_context",
            "unexplained_difference");
        row("serving sequences", "serve", "max_num_seqs=64", "max_num_seqs=512",
            "serving_sequences", "unexplained_difference");
        row("serving budget same", "serve", "", "max_model_len=32768", "headline_same", "tokens");
    }
    void pairProducesCode() {
        QFETCH(std::string, kind);
        QFETCH(std::string, a);
        QFETCH(std::string, b);
        QFETCH(std::string, expected);
        QFETCH(std::string, absent);
        const Plan plan = base(kind);
        const ScenarioResult ra = column(plan, a), rb = column(plan, b);
        QVERIFY2(ra.problem.empty() && rb.problem.empty(), (ra.problem + rb.problem).c_str());
        const std::vector<Finding> findings = compareFindings(compared(ra), compared(rb));
        const std::vector<std::string> got = codes(findings);
        const std::string text = findingsText(findings, UnitSystem::Binary);
        QVERIFY2(has(got, expected), text.c_str());
        QVERIFY2(!has(got, absent), text.c_str());
        // Every placeholder is filled: no %1..%9 left in the English text.
        for (const Finding& f : findings) {
            const std::string t = findingText(f, UnitSystem::Binary);
            for (std::size_t i = 0; i + 1 < t.size(); ++i)
                QVERIFY2(!(t[i] == '%' && t[i + 1] >= '1' && t[i + 1] <= '9'), t.c_str());
        }
    }

    // The arguments are the evaluations' own figures, typed.
    void argumentsCarryTheFigures() {
        const Plan plan = base("train");
        const ScenarioResult a = column(plan, "fp32"), b = column(plan, "bf16-mixed");
        const std::vector<Finding> f = compareFindings(compared(a), compared(b));
        QVERIFY(!f.empty());
        QCOMPARE(f.front().code, FindingCode::Headline);
        QCOMPARE(f.front().args.size(), std::size_t{5});
        QCOMPARE(f.front().args[0].type, FindingArgType::Name);
        QCOMPARE(f.front().args[0].id, b.name);
        QCOMPARE(f.front().args[1].type, FindingArgType::Bytes);
        QCOMPARE(f.front().args[1].number, b.evaluation.total);
        QCOMPARE(f.front().args[2].type, FindingArgType::RelativeChange);
        QCOMPARE(f.front().args[2].number,
                 (b.evaluation.total - a.evaluation.total) / a.evaluation.total);
        const auto master = std::find_if(f.begin(), f.end(), [](const Finding& x) {
            return x.code == FindingCode::MasterCopyAdded;
        });
        QVERIFY(master != f.end());
        QCOMPARE(master->args[2].type, FindingArgType::BytesChange);
        QCOMPARE(master->args[2].number, a.evaluation.bytes(Component::Weights));
        QCOMPARE(master->args[2].to, b.evaluation.bytes(Component::Weights));
        // The serving findings carry the KV tokens of both columns.
        const Plan serve = base("serve");
        const ScenarioResult s1 = column(serve, "kv_cache_dtype=auto");
        const ScenarioResult s2 = column(serve, "kv_cache_dtype=fp8");
        const auto kv = compareFindings(compared(s1), compared(s2));
        const auto it = std::find_if(kv.begin(), kv.end(), [](const Finding& x) {
            return x.code == FindingCode::KvCacheDtype;
        });
        QVERIFY(it != kv.end());
        QCOMPARE(it->args[0].id, std::string("fp8"));
        QCOMPARE(it->args[3].number, s1.evaluation.serving.kv_cache_tokens);
        QCOMPARE(it->args[3].to, s2.evaluation.serving.kv_cache_tokens);
        QVERIFY(it->args[3].to > it->args[3].number); // fp8 halves the bytes per token
    }

    // The overview: lowest, highest and which fit in a shared capacity.
    void overviewNamesLowestHighestAndFits_data() {
        QTest::addColumn<std::string>("items");
        QTest::addColumn<std::string>("fitCode");
        QTest::addRow("some fit") << std::string("fp32,micro_batch=1+qlora")
                                  << std::string("some_fit");
        QTest::addRow("none fits")
            << std::string("fp32,micro_batch=64") << std::string("none_fits");
    }
    void overviewNamesLowestHighestAndFits() {
        QFETCH(std::string, items);
        QFETCH(std::string, fitCode);
        const Plan plan = base("train");
        std::string error;
        const auto list = parseScenarioList(items, presets_, &error);
        QVERIFY2(list, error.c_str());
        const std::vector<ScenarioResult> cols = resolveScenarios(plan, *list, presets_);
        std::vector<ComparedPlan> in;
        for (const ScenarioResult& s : cols)
            in.push_back(compared(s));
        const ComparisonFindings all = compareAll(in);
        QCOMPARE(all.columns.size(), cols.size() - 1);
        QVERIFY(all.overview.size() == 2);
        QCOMPARE(all.overview[0].code, FindingCode::Overview);
        const auto lo = std::min_element(cols.begin(), cols.end(), [](auto& x, auto& y) {
            return x.evaluation.total < y.evaluation.total;
        });
        QCOMPARE(all.overview[0].args[1].id, lo->name);
        QCOMPARE(std::string(findingCodeKey(all.overview[1].code)), fitCode);
        // One column: nothing to compare.
        QVERIFY(compareAll({in.front()}).overview.empty());
        QVERIFY(compareAll({in.front()}).columns.empty());
    }

    // The CLI's --json and Markdown carry the findings (the window's data export writes the
    // same bytes through the same writer).
    void dataExportCarriesFindings() {
        const Plan plan = base("train");
        std::string error;
        const auto list = parseScenarioList("fp32,int8", presets_, &error);
        const std::vector<ScenarioResult> cols = resolveScenarios(plan, *list, presets_);
        const json j = json::parse(scenariosToJson(cols));
        QVERIFY(j.contains("findings"));
        const json& first = j.at("findings").at("columns").at(0);
        QCOMPARE(first.at("name").get<std::string>(), cols[1].name);
        bool frozen = false;
        for (const json& f : first.at("findings")) {
            QVERIFY(f.contains("code") && f.contains("args"));
            if (f.at("code").get<std::string>() == "quantized_frozen_base") {
                frozen = true;
                QCOMPARE(f.at("args").at(0).at("type").get<std::string>(), std::string("recipe"));
                QCOMPARE(f.at("args").at(0).at("value").get<std::string>(), std::string("int8"));
                QCOMPARE(f.at("args").at(3).at("type").get<std::string>(),
                         std::string("bytes_change"));
                QCOMPARE(f.at("args").at(3).at("to").get<int64_t>(),
                         static_cast<int64_t>(
                             std::llround(cols[1].evaluation.bytes(Component::OptimizerStates))));
            }
        }
        QVERIFY(frozen);
        const std::string md = scenariosToMarkdown(cols, UnitSystem::Binary);
        QVERIFY(md.find("Why the columns differ") != std::string::npos);
        QVERIFY(md.find("frozen base") != std::string::npos);
    }

    // A component of one part is named without a part; unchanged settings with a different
    // total are reported as such, not explained by a mechanism.
    void largestChangeOfOnePartComponent() {
        const Plan plan = base("train");
        ScenarioResult a = column(plan, ""), b = column(plan, "");
        auto onePart = [](Evaluation& e, double bytes) {
            ComponentBreakdown& w = e.per_gpu[static_cast<std::size_t>(Component::Other)];
            e.total += bytes - w.bytes;
            w = {};
            w.add("CUDA context", bytes);
        };
        onePart(a.evaluation, 1e9);
        onePart(b.evaluation, 40e9);
        const auto f = compareFindings(compared(a), compared(b));
        const auto got = codes(f);
        QVERIFY(has(got, "largest_change"));
        QVERIFY(!has(got, "largest_change_part"));
        QVERIFY(has(got, "unexplained_difference"));
        QVERIFY(!has(got, "same_plan"));
    }

    void refusedPlanIsReported() {
        const Plan plan = base("train");
        ScenarioResult a = column(plan, ""), b = column(plan, "fp32");
        b.evaluation.ok = false;
        b.evaluation.refusal = "too large";
        const auto f = compareFindings(compared(a), compared(b));
        QCOMPARE(f.size(), std::size_t{1});
        QCOMPARE(f[0].code, FindingCode::Refused);
        QCOMPARE(findingText(f[0], UnitSystem::Binary),
                 std::string("FP32 cannot be compared: the plan was refused (too large)."));
    }
};

QTEST_APPLESS_MAIN(TestCompareFindings)
#include "tst_compare_findings.moc"
