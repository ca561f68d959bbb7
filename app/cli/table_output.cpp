#include "table_output.h"

#include "memplan/names.h"
#include "memplan/result_json.h"

#include <iomanip>
#include <ostream>

namespace memplan::cli {

std::string printable(std::string_view text) {
    static const char* const hex = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f)
            out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
        else if (c == 0xc2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            const auto d = static_cast<unsigned char>(text[++i]); // C1 control, UTF-8 encoded
            out += std::string("\\u00") + hex[d >> 4] + hex[d & 15];
        } else
            out += static_cast<char>(c);
    }
    return out;
}

namespace {
std::string both(double bytes) {
    return formatGiga(bytes, UnitSystem::Binary) + "  (" + formatGiga(bytes, UnitSystem::Decimal) +
           ")";
}

// vLLM's budget as the server's start-up log words it.
void printServing(std::ostream& out, std::string_view title, const ServingFigures& f) {
    out << "  " << title << ": max_model_len " << f.max_model_len << ", max_num_seqs "
        << f.max_num_seqs << ", max_num_batched_tokens " << f.max_num_batched_tokens
        << ", block size " << f.block_size << "\n";
    if (!f.budget_known) {
        out << "    no capacity: the KV cache cannot be sized\n";
        return;
    }
    out << "    requested (utilization x capacity) " << both(f.requested) << "\n"
        << "    weights " << both(f.weights) << ", activation peak " << both(f.activation_peak)
        << "\n";
    if (f.expert_weights > 0)
        out << "    routed expert weights (in the weights) " << both(f.expert_weights) << "\n";
    if (f.all_to_all > 0) // only when the forward, not the sampler, sets the peak
        out << "    expert all-to-all buffers (in the activation peak) " << both(f.all_to_all)
            << "\n";
    out << "    KV cache " << both(f.kv_bytes) << " in " << static_cast<int64_t>(f.num_blocks)
        << " blocks\n"
        << "    GPU KV cache size: " << static_cast<int64_t>(f.kv_cache_tokens) << " tokens\n"
        << "    Maximum concurrency for " << f.max_model_len
        << " tokens per request: " << std::fixed << std::setprecision(2)
        << f.max_concurrent_sequences << "x\n"
        << "    longest single sequence: " << static_cast<int64_t>(f.longest_single_sequence)
        << " tokens\n";
}
} // namespace

void printEvaluation(std::ostream& out, const Plan& plan, const Evaluation& e, UnitSystem units) {
    (void)units;
    const std::string title = plan.name.empty() ? std::string("plan") : plan.name;
    out << printable(title) << "\n";
    out << "  model " << printable(plan.model.name.empty() ? plan.model.preset : plan.model.name)
        << ", " << formatCount(e.params_total) << " parameters (" << formatCount(e.params_trainable)
        << " trainable); " << keyOf(plan.training.method) << ", " << keyOf(plan.training.precision);
    if (plan.training.method == Method::Serving) {
        const ParallelSpec& par = plan.parallelism;
        out << ", tensor parallel " << par.tp;
        if (par.gpus > par.tp)
            out << ", data parallel " << par.gpus / std::max<int64_t>(1, par.tp);
        if (par.ep > 1)
            out << ", expert parallel " << par.ep;
        out << "\n\n";
    } else
        out << ", " << keyOf(plan.training.optimizer) << ", micro-batch "
            << plan.training.micro_batch << " x " << plan.training.seq_len << " tokens, "
            << plan.parallelism.gpus << " GPU(s), " << keyOf(plan.training.accounting)
            << " accounting\n\n";
    if (!e.ok) {
        out << "  refused: " << printable(e.refusal) << "\n";
        return;
    }
    out << "  Per GPU" << std::string(28, ' ') << "GiB (2^30 B)      GB (10^9 B)\n";
    auto row = [&](std::string_view label, double bytes) {
        // Each figure with its unit: GiB and GB, TiB and TB from 1 TiB (1 TB) up.
        out << "  " << std::left << std::setw(34) << label << std::right << std::setw(17)
            << formatGiga(bytes, UnitSystem::Binary) << std::setw(16)
            << formatGiga(bytes, UnitSystem::Decimal) << "\n";
    };
    for (std::size_t c = 0; c < kComponentCount; ++c) {
        const auto comp = static_cast<Component>(c);
        if (comp == Component::RuntimeOverhead)
            row("peak allocated (sum of the above)", e.peak_allocated);
        row(labelOf(comp), e.per_gpu[c].bytes);
        const auto& parts = e.per_gpu[c];
        if (parts.part_count > 1)
            for (std::size_t i = 0; i < parts.part_count; ++i)
                row("    " + std::string(parts.parts[i].label).substr(0, 30), parts.parts[i].bytes);
    }
    row("total (as nvidia-smi shows)", e.total);
    row("  low end of the band", e.total_low);
    row("  high end of the band", e.total_high);
    row("peak reserved (max_memory_reserved)", e.peak_reserved);
    out << "\n";
    if (e.has_capacity) {
        out << "  capacity " << both(e.capacity) << "\n";
        if (verdictOf(e) == Verdict::Fits)
            out << "  FITS with " << both(e.headroom) << " headroom\n";
        else if (verdictOf(e) == Verdict::FitsUnless)
            out << "  FITS UNLESS the high end of the band holds: up to " << both(e.total_high)
                << " needed (" << both(e.headroom) << " headroom at the expected total)\n";
        else if (e.headroom >= 0 && !e.fits)
            out << "  DOES NOT FIT: a KV cache cannot hold one max_model_len sequence\n";
        else
            out << "  DOES NOT FIT: short by " << both(-e.headroom) << "\n";
    } else {
        out << "  no GPU chosen: set hardware.gpu or hardware.memory_gib for a verdict\n";
    }
    if (e.host > 0)
        out << "  host (CPU) memory for offload: " << both(e.host) << "\n";
    out << "  peak at: " << e.moments[e.peak_moment].label << "\n";
    if (e.serving.present)
        printServing(out, "vLLM engine", e.serving);
    if (e.multi.rollout.present)
        printServing(out, "rollout engine", e.multi.rollout);
    for (std::size_t i = 0; i < e.multi.count; ++i) {
        const ModelShare& m = e.multi.models[i];
        out << "  model " << labelOf(m.role) << " ("
            << (m.colocated ? "on these GPUs" : "on GPUs of its own")
            << (m.offloaded ? ", offloaded when idle" : "") << "): " << both(m.total())
            << " at the peak\n";
    }
    for (const auto& a : assumptions(plan, e))
        out << "  assumption: " << printable(a) << "\n";
    for (const auto& w : warnings(plan, e))
        out << "  warning: " << printable(w) << "\n";
}

void printPresets(std::ostream& out, const PresetLibrary& presets) {
    out << "Model presets (" << presets.models().size() << "):\n";
    for (const auto& [id, p] : presets.models())
        out << "  " << std::left << std::setw(22) << id << std::setw(28) << printable(p.model.name)
            << formatCount(p.published_params) << " parameters\n";
    out << "\nGPU presets (" << presets.gpus().size() << "):\n";
    for (const auto& [id, g] : presets.gpus())
        out << "  " << std::left << std::setw(22) << id << std::setw(30) << g.name << std::right
            << std::fixed << std::setprecision(2) << std::setw(8) << g.memory_bytes / kGiB
            << " GiB usable  (" << g.memory_as_sold << ")\n";
}

} // namespace memplan::cli
