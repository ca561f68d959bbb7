#include "memplan/vision.h"

#include <algorithm>
#include <cmath>

namespace memplan {

bool hasVision(const ModelSpec& m) {
    return m.vision.layers > 0;
}

namespace {
// Tile shapes a tiled tower supports: every (w, h) with w x h <= tiles (transformers
// models/mllama/image_processing_mllama.py, get_all_supported_aspect_ratios; the released
// configs list the 8 of max_num_tiles 4). The aspect-ratio embeddings have one row more
// (configuration_mllama.py, MllamaVisionConfig.max_aspect_ratio_id = len(supported_aspect_ratios);
// modeling_mllama.py, nn.Embedding(max_aspect_ratio_id + 1, ...)).
double aspectRatioRows(int64_t tiles) {
    int64_t n = 0;
    for (int64_t w = 1; w <= tiles; ++w)
        n += tiles / w;
    return static_cast<double>(n + 1);
}

int64_t patchesPerTile(const VisionSpec& v) {
    const int64_t side = v.patch_size > 0 ? v.image_size / v.patch_size : 0;
    return side * side + 1; // + the class token (MllamaVisionModel.apply_class_embedding)
}

// Llama 3.2 Vision's tower (transformers models/mllama/modeling_mllama.py, MllamaVisionModel):
// a bias-free Conv2d patch embedding, a class embedding, gated position embeddings (one table
// per patch, one per aspect ratio x tile x patch: MllamaPrecomputedPositionEmbedding), gated
// pre- and post-tile embeddings (MllamaPrecomputedAspectRatioEmbedding), LayerNorms before
// and after the local encoder, `layers` local and `global_layers` gated encoder layers
// (MllamaVisionEncoderLayer: bias-free q/k/v/o, fc1/fc2 with biases, two LayerNorms, and
// gate_attn / gate_ffn in the global ones). The projector (MllamaForConditionalGeneration.
// multi_modal_projector) is one linear with bias from the concatenated outputs.
VisionParams countTiledVision(const VisionSpec& v, int64_t lmHidden) {
    VisionParams p;
    const double h = static_cast<double>(v.hidden);
    const double f = static_cast<double>(v.ffn);
    const double ln = 2 * h;
    const double P = static_cast<double>(patchesPerTile(v));
    const double T = static_cast<double>(v.tiles);
    const double A = aspectRatioRows(v.tiles);
    const double layer = 4 * h * h + (h * f + f) + (f * h + h) + 2 * ln;
    const double layers = static_cast<double>(v.layers + v.global_layers) * layer +
                          2 * static_cast<double>(v.global_layers);
    const double patchEmbed = 3.0 * static_cast<double>(v.patch_size * v.patch_size) * h;
    const double positions = 1 + P * h + A * T * P * h; // gate, embedding, tile_embedding
    const double tileEmbeds = 2 * (A * T * h + 1);      // pre- and post-tile, each gated
    p.tower = patchEmbed + h /* class_embedding */ + positions + tileEmbeds + 2 * ln + layers;
    const double H = static_cast<double>(lmHidden);
    const double in = static_cast<double>(1 + v.intermediate_layers.size()) * h;
    p.projector = in * H + H;
    return p;
}
} // namespace

VisionParams countVisionParameters(const VisionSpec& v, int64_t lmHidden) {
    VisionParams p;
    if (v.layers <= 0)
        return p;
    const double h = static_cast<double>(v.hidden);
    const double f = static_cast<double>(v.ffn);
    const double normSize = v.norm == NormKind::LayerNorm ? 2 * h : h;
    if (v.tiles > 0)
        return countTiledVision(v, lmHidden);
    // Every linear of both towers has a bias: SigLIP (transformers models/siglip/
    // modeling_siglip.py, SiglipAttention q/k/v/out_proj, SiglipMLP fc1/fc2) and Qwen2.5-VL
    // (models/qwen2_5_vl/modeling_qwen2_5_vl.py, Qwen2_5_VLVisionAttention qkv/proj with
    // bias=True, Qwen2_5_VLMLP gate/up/down with bias=True).
    const double attention = 4 * (h * h + h);
    const double mlp = v.mlp == MlpKind::Gated ? 3 * h * f + 2 * f + h : 2 * h * f + f + h;
    const double layer = attention + mlp + 2 * normSize;
    // Patch embedding: a convolution over channels x (temporal x) patch x patch pixels; SigLIP's
    // Conv2d has a bias, Qwen2.5-VL's Conv3d has none (Qwen2_5_VisionPatchEmbed, bias=False).
    const double patchPixels =
        3.0 * static_cast<double>(v.temporal_patch_size * v.patch_size * v.patch_size);
    const bool learned = v.position == PositionKind::Learned;
    const double patchEmbed = patchPixels * h + (learned ? h : 0);
    const double positions =
        learned ? static_cast<double>(visionPatchesPerImage(v)) * h : 0; // SiglipVisionEmbeddings
    // SigLIP ends with post_layernorm; Qwen2.5-VL's blocks feed the merger's ln_q directly.
    const double finalNorm = learned ? normSize : 0;
    p.tower = static_cast<double>(v.layers) * layer + patchEmbed + positions + finalNorm;

    // Projector. Gemma 3 (models/gemma3/modeling_gemma3.py, Gemma3MultiModalProjector): an
    // RMSNorm of the tower width and one bias-free matrix into the language model's width.
    // Qwen2.5-VL (Qwen2_5_VLPatchMerger): an RMSNorm, then merge^2 x hidden -> projector_ffn
    // -> lmHidden, with biases.
    const double H = static_cast<double>(lmHidden);
    const double m2 = static_cast<double>(v.merge * v.merge);
    if (v.projector_ffn > 0) {
        const double pf = static_cast<double>(v.projector_ffn);
        p.projector = h + (m2 * h * pf + pf) + (pf * H + H);
    } else {
        p.projector = h + m2 * h * H;
    }
    return p;
}

int64_t visionImageSide(const VisionSpec& v) {
    if (v.position == PositionKind::Learned)
        return v.image_size;
    // Dynamic resolution (transformers models/qwen2_vl/image_processing_qwen2_vl.py
    // smart_resize): each side rounded to a multiple of factor = patch x merge; an area above
    // max_pixels is scaled down (floor), one below min_pixels scaled up (ceil).
    const double factor = static_cast<double>(v.patch_size * v.merge);
    const double side = static_cast<double>(v.image_size);
    // Python's round() rounds halves to even, as nearbyint does in the default rounding mode.
    double s = std::max(factor, std::nearbyint(side / factor) * factor);
    if (v.max_pixels > 0 && s * s > static_cast<double>(v.max_pixels)) {
        const double beta = std::sqrt(side * side / static_cast<double>(v.max_pixels));
        s = std::max(factor, std::floor(side / beta / factor) * factor);
    } else if (v.min_pixels > 0 && s * s < static_cast<double>(v.min_pixels)) {
        const double beta = std::sqrt(static_cast<double>(v.min_pixels) / (side * side));
        s = std::ceil(side * beta / factor) * factor;
    }
    return static_cast<int64_t>(s);
}

int64_t visionPatchesPerImage(const VisionSpec& v) {
    if (v.layers <= 0 || v.patch_size <= 0)
        return 0;
    // A tiled tower pads each tile's tokens to a multiple of 8 (MllamaVisionModel.forward,
    // num_padding_patches) and runs both encoders over all tiles of an image at once.
    if (v.tiles > 0)
        return v.tiles * ((patchesPerTile(v) + 7) / 8 * 8);
    const int64_t perSide = visionImageSide(v) / v.patch_size;
    return perSide * perSide; // an image is one temporal patch (grid_t = 1)
}

int64_t visionTokensPerImage(const VisionSpec& v) {
    if (v.layers <= 0)
        return 0;
    if (v.tokens_per_image > 0)
        return v.tokens_per_image; // pooled (Gemma 3: AvgPool2d to mm_tokens_per_image)
    // Tiled: the padding is sliced off again; the image processor pads every image to the
    // full number of tiles (image_processing_mllama.py, pack_images), so each image brings
    // tiles x (class token + patches) tokens.
    if (v.tiles > 0)
        return v.tiles * patchesPerTile(v);
    return visionPatchesPerImage(v) / std::max<int64_t>(1, v.merge * v.merge);
}

int64_t imageTokensPerSequence(const ModelSpec& m) {
    if (!hasVision(m) || !m.vision.cross_attention_layers.empty())
        return 0;
    return m.vision.images * visionTokensPerImage(m.vision);
}

int64_t crossAttentionLayers(const ModelSpec& m) {
    return crossAttentionLayersIn(m, 0, static_cast<double>(m.layers));
}

int64_t crossAttentionLayersIn(const ModelSpec& m, double first, double count) {
    int64_t n = 0;
    for (int64_t i : m.vision.cross_attention_layers) {
        const double at = static_cast<double>(i);
        n += at >= first && at < first + count && i < m.layers ? 1 : 0;
    }
    return n;
}

int64_t crossAttentionTokensPerSequence(const ModelSpec& m) {
    if (!hasVision(m) || m.vision.cross_attention_layers.empty())
        return 0;
    return m.vision.images * visionTokensPerImage(m.vision);
}

CrossAttentionParams countCrossAttentionParameters(const ModelSpec& m) {
    CrossAttentionParams p;
    const int64_t layers = crossAttentionLayers(m);
    if (layers == 0)
        return p;
    // transformers models/mllama/modeling_mllama.py: MllamaTextModel.embed_tokens has
    // vocab_size + 8 rows (the lm_head vocab_size); MllamaCrossAttentionDecoderLayer is a
    // decoder layer whose attention (MllamaTextCrossAttention) has the same q/k/v/o shapes
    // (the projected image states are the model's width) plus q_norm and k_norm over one head,
    // and two scalar gates (cross_attn_attn_gate, cross_attn_mlp_gate).
    p.embedding = 8.0 * static_cast<double>(m.hidden);
    p.layers = static_cast<double>(layers) * (2.0 * static_cast<double>(m.head_dim) + 2.0);
    return p;
}

int64_t visionWindowedBlocks(const VisionSpec& v) {
    if (v.layers <= 0 || v.window_size <= 0)
        return 0;
    int64_t full = 0;
    for (int64_t i : v.full_attention_blocks)
        full += i >= 0 && i < v.layers ? 1 : 0;
    return v.layers - full;
}

namespace {
// A window's side in merged units: transformers models/qwen2_5_vl/modeling_qwen2_5_vl.py,
// Qwen2_5_VisionTransformerPretrainedModel.get_window_index, vit_merger_window_size =
// window_size // spatial_merge_size // patch_size (112 px: 4 units, 8 x 8 patches).
int64_t windowUnits(const VisionSpec& v) {
    return v.patch_size > 0 && v.merge > 0 ? v.window_size / v.merge / v.patch_size : 0;
}
} // namespace

int64_t visionPatchesPerWindow(const VisionSpec& v) {
    const int64_t w = windowUnits(v);
    return w * w * v.merge * v.merge;
}

double visionWindowedScorePairs(const VisionSpec& v) {
    const double patches = static_cast<double>(visionPatchesPerImage(v));
    const int64_t w = windowUnits(v);
    if (v.window_size <= 0 || w <= 0)
        return patches * patches;
    // get_window_index pads the grid of merged units to whole windows and drops the padding,
    // so the last window of a row or column holds the remainder; each window is one chunk of
    // cu_window_seqlens and attends only within itself (Qwen2_5_VLVisionAttention.forward:
    // one varlen call for flash_attention_2, one attention call per chunk otherwise). With
    // window sides a_i along each axis of a square grid, sum over windows of
    // (a_i a_j merge^2)^2 = merge^4 (sum_i a_i^2)^2.
    const int64_t units = visionImageSide(v) / std::max<int64_t>(1, v.patch_size * v.merge);
    double sideSquares = 0;
    for (int64_t start = 0; start < units; start += w) {
        const double a = static_cast<double>(std::min(w, units - start));
        sideSquares += a * a;
    }
    const double m2 = static_cast<double>(v.merge * v.merge);
    return m2 * m2 * sideSquares * sideSquares;
}

ModelSpec visionEncoderShape(const VisionSpec& v) {
    ModelSpec e;
    e.name = "vision tower";
    e.layers = std::max<int64_t>(1, v.layers + v.global_layers);
    e.hidden = v.hidden;
    e.ffn = v.ffn;
    e.heads = std::max<int64_t>(1, v.heads);
    e.kv_heads = e.heads;
    e.head_dim = std::max<int64_t>(1, v.hidden / e.heads);
    e.mlp = v.mlp;
    e.norm = v.norm;
    e.bias = BiasKind::All;
    e.experts = 1;
    e.experts_per_token = 1;
    e.lm_head = false;
    e.dropout = 0;
    return e;
}

} // namespace memplan
