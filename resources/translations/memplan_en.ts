<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QObject</name>
    <message>
        <source>Restore unsaved plan?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan</name>
    <message>
        <source>Plans the GPU memory that training and running large language models needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window offscreen for the plan and save it to &lt;file&gt; (PNG).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: the view to show (per-gpu, timeline, compare, sweep).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan file (.memplan.json) to open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::assumptions</name>
    <message>
        <source>shape derived from %1 parameters: %2 layers, hidden %3, ffn %4, %5 heads (%6 KV), vocab %7 (rule: %8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>textbook accounting: every tensor at the recipe's width, activations by (hidden + ffn) x seq x layers x bytes per instance; mixed precision counts fp32 master weights and moments as the ZeRO paper does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recipe %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak taken at &quot;%1&quot; of the step; gradients freed by zero_grad(set_to_none=%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak taken at &quot;%1&quot; of the generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runtime overhead 1343 MiB: CUDA context measured on a V100 (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>caching-allocator reserve from block rounding, %1 distinct batch shape(s) and load-time caching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>framework profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM budget: gpu_memory_utilization x capacity - weights - profile-run activation peak (forward over %1 batched tokens, sampler over %2 sequences) - non-torch increase = KV cache, in blocks of %3 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs profiled inside the budget (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs captured after the KV cache, on top of the budget (vLLM default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA context and NCCL sit outside the budget (vLLM &gt;= 0.9 takes its baseline after them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>policy trains with method %1; chosen and rejected sequences double the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>policy trains with method %1; sequences are prompt (seq_len) + completion_len</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vision tower: %1 of %2 blocks attend within windows of %3 x %3 px (up to %4 patches), the others over the whole image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::findings</name>
    <message>
        <source>Each column is compared with the first (%1). Lowest: %2 (%3); highest: %4 (%5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits in %1 per GPU: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None fits in %1 per GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be compared: the plan was refused (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 per GPU, %3 compared with %4 (%5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 per GPU, about the same as %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest change is in the %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest change is in the %1 (%2), mostly %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several settings change at once; the figures below are for all of them together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both columns describe the same plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The plans differ in settings a column does not override; compare their assumptions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 parameters instead of %2: weights, gradients and optimizer states scale with the parameter count (weights %3), activations with the layers and the hidden size (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 trains only small adapter matrices (%2 parameters, %3 of %4): gradients and optimizer states exist only for them (optimizer states %5), while the frozen base weights stay on the GPU (weights %6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA also stores the frozen base in NF4 (about 4.1 bits per weight), which is why its weights are a quarter of 16-bit ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA is LoRA over a base quantized to NF4 (about 4.1 bits per weight instead of %1 bits): weights %2; the adapters and their optimizer states are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference runs the forward pass only: no gradients and no optimizer states; what remains is the weights (%1) and the KV cache (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 trains %2 parameters instead of %3 (of %4): gradients and optimizer states follow the trainable count (optimizer states %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 instead of %2 stores %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In textbook accounting every tensor is counted at the recipe's width (%1 → %2 bytes per value), so weights, gradients and activations scale with it (weights %3; activations %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed precision is counted as the ZeRO paper does: fp32 master weights and moments, 12 bytes per parameter of optimizer states (optimizer states %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in realistic accounting means a quantized, frozen base: int8/int4 matrices cannot be trained directly, so only the embeddings, norms and head train (%2 of %3 parameters) and the gradients and optimizer states shrink with them (optimizer states %4). The layer weights are stored as codes plus scales (weights %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 treats the quantized base as frozen; %2 trains all %3 parameters again, so gradients and optimizer states come back (optimizer states %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed precision keeps an fp32 master copy of the weights (%1, counted as optimizer states) beside the 16-bit weights, and the Adam moments stay in fp32, so the model states do not halve (weights + gradients + optimizer states %2). What halves is the weights (%3) and the activations (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP32 needs no separate master copy, since the weights are already fp32; the weights (%1) and activations (%2) double, while the model states stay close (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keeps no fp32 master copy (%2 in %3) and stores the optimizer states in its own 16-bit type, so the model states shrink too (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both keep fp32 master weights and fp32 moments, so the model states barely move (%1); the difference is in the weights (%2) and activations (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model states %1; activations %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per parameter, the model states take %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Textbook accounting is the seed articles' arithmetic: every tensor at the recipe's width, activations by (hidden + ffn) × sequence × layers, no temporaries and no allocator reserve. Realistic accounting models what PyTorch actually allocates at the peak of the step (total %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keeps %2, where %3 keeps %4: optimizer states %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a single data-parallel GPU there is nothing to shard over, so %1 changes nothing here; it pays off with several GPUs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain data parallelism (DDP) keeps a full copy of the weights, gradients and optimizer states on every GPU (optimizer states %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-1 splits the optimizer states, including the fp32 master copy, over %1 GPUs: optimizer states %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-2 (FSDP SHARD_GRAD_OP) splits the optimizer states and the gradients over %1 GPUs: optimizer states %2, gradients %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-3 (FSDP FULL_SHARD) splits the weights too, over %1 GPUs (weights %2, optimizer states %3), and gathers one layer's full weights at a time to compute with (other %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain data parallelism replicates the whole model on every GPU, so %1 GPUs instead of %2 do not lower the memory per GPU (total %3); shard the states (ZeRO / FSDP) for more GPUs to help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With %1 GPUs instead of %2, each holds a smaller share of the sharded or split states (weights %3, optimizer states %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations grow with the tokens in a micro-batch (micro-batch × sequence length: %1 × %2 → %3 × %4, ×%5): activations %6, while the model states stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eager attention also stores the sequence × sequence score matrices, so activations grow faster than the sequence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full recomputation keeps only each layer's input and recomputes the rest during the backward pass (about one extra forward pass): activations %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selective recomputation drops only the attention scores and recomputes them: activations %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without recomputation every layer keeps all it needs for the backward pass: activations %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eager attention materialises the attention scores (heads × sequence² per sequence); flash attention / SDPA never stores them: activations %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank %1 instead of %2: %3 trainable parameters instead of %4; the adapters are small, so the total moves little (%5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 holds %2 where the %3 holds %4: the GPU sets the capacity (and the CUDA context), not what the plan needs (total %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 KV cache instead of %2 changes the bytes each token takes (%3 per token over the layers on one GPU), so the same budget holds %4 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each sequence may grow to max_model_len tokens (%1), so the KV cache holds %2 such sequences at once; the budget itself does not move.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM profiles its sampler over max_num_seqs dummy requests (%1): the profile-run peak moves (%2), and the KV cache gets what is left (%3 tokens).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two moments (m and v) per trainable parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two moments per trainable parameter in 8 bits (block-wise, with fp32 scales)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only row and column statistics of the second moment (factored), no first moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no state at all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one momentum buffer per trainable parameter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui</name>
    <message>
        <source>%1: could not write the screenshot: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB (2^30 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GB (10^9 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TiB (2^40 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TB (10^12 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PiB (2^50 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PB (10^15 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EiB (2^60 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EB (10^18 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::AdvancedControls</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 params)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choosing a preset sets the model's shape and parameter count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prese&amp;t:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a custom shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose model preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change hidden size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;idden size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change FFN size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change KV heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;KV heads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change head dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head dimension:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voca&amp;bulary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLP:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change MLP kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change experts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixture of experts: 1 = dense model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xperts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change experts per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experts per token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tied input and output embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change tied embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language-model head (vocabulary-sized output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change LM head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meth&amp;od:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA ra&amp;nk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change LoRA rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put a LoRA adapter on the %1 projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change LoRA targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA targets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout probability on the adapter input (0 = no dropout masks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA dropout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change LoRA dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> % of layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze method: the top fraction of layers that trains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change trainable fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GaLore ra&amp;nk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change GaLore rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference: tokens generated after the prompt (the KV cache grows to prompt + new tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;w tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change new tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimi&amp;zer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation recomputation (gradient checkpointing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;computation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change recomputation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunked: the cross-entropy is computed in chunks, so the full vocabulary logits never exist at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realistic: what frameworks allocate. Textbook: the seed articles' simplified arithmetic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change accounting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> micro-batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient accumulation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change gradient accumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer step in backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The step runs per layer during backward, so no full gradient buffer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change optimizer in backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload activations to CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change activation offload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallelism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shar&amp;ding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change sharding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all data-parallel GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shard over this many GPUs (hybrid sharding when fewer than the data-parallel GPUs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharding factor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change sharding factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor parallel degree; must divide the attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor para&amp;llel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change tensor parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline stages; at most the number of layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline parallel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change pipeline parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence parallel (with tensor parallel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change sequence parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU offload:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change offload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GP&amp;U model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change GPU model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the GPU's capacity (GiB = 2^30 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacit&amp;y:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA context and libraries (GiB = 2^30 bytes); the caching allocator's reserve comes on top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime overhead:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change runtime overhead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape derived from %1 parameters by the rule: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape of the %1 preset (its published configuration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape set by hand; the parameter count follows from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU's %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU default (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training framework: its defaults fill the settings below (loss, recomputation, optimizer implementation, LoRA dropout) and decide what it keeps in fp32, how it quantizes and shards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Framework:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's kv_cache_dtype: the model's dtype (auto) or fp8, one byte per element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change KV cache dtype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's max_num_batched_tokens: the tokens of one forward pass, which sets the profiled activation peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change batched tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's block_size: tokens per KV-cache page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change KV block size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enforce eager (no CUDA graphs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change enforce eager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache dtype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batched tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV block size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images in each sequence; their tokens join the text tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per sequence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change images per sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision tower trains (full training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change vision tower training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expert parallel degree: each GPU holds experts / EP of every MoE layer; must divide the experts and the data-parallel GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM expert parallel (--enable-expert-parallel): 1 = off, or all %1 GPUs (tensor x data parallel), each holding whole experts; a step up turns it on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expert parallel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change expert parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All-to-all backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's --all2all-backend: how expert parallelism over several data-parallel engines moves tokens; DeepEP allocates its own buffers, which the KV cache gives up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change all-to-all backend</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::Autosave</name>
    <message>
        <source>%1: cannot create the autosave folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: autosave failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::BreakdownModel</name>
    <message>
        <source> &amp;mdash; %1 % of the total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing of this kind is resident at the peak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak allocated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total (as nvidia-smi shows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the sum of the five components above, what torch.cuda.max_memory_allocated() reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: peak allocated plus runtime overhead, what nvidia-smi shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ChartExporter</name>
    <message>
        <source>%1: could not write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: there is no chart to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown chart format &quot;%2&quot; (use .png, .svg or .pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size %1x%2: each side must be %3 to %4 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolution %1 dpi: must be %2 to %3 dpi</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::CompareChart</name>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per GPU, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU capacity (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU capacity, %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2: %3
Total per GPU: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::CompareView</name>
    <message>
        <source>Add column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a column: the current plan with one thing changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate the selected column, to change one more thing in the copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected column left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected column right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Typical comparisons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over from a typical comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the columns differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan, unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precisions: FP32 vs BF16 mixed vs INT8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning: full vs LoRA vs QLoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharding: DDP vs ZeRO-1 vs ZeRO-2 vs ZeRO-3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs: 8 vs 16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizers: AdamW vs AdamW 8-bit vs SGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recomputation: none vs selective vs full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounting: realistic vs textbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 columns: remove one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a column to change what it differs in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; changes what is in bold; the rest follows the plan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Add a second column to see why the columns differ.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving: KV cache in the model's dtype vs FP8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving: context 8k vs 32k vs 128k tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the Compare columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA base: NF4 (QLoRA) vs INT8 vs BF16</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ControlPanel</name>
    <message>
        <source>More settings: model, method, parallelism, hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assumptions and warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trains %1 of %2 parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU memory for offloaded states: %1 per GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serves %1 parameters with vLLM; nothing trains.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache: %1 tokens; %2 concurrent requests of %3 tokens; the longest single request: %4 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference with %1 parameters; nothing trains.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::Dialogs</name>
    <message>
        <source>memplan plans (*.memplan.json);;JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The plan &quot;%1&quot; has unsaved changes. Save them first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save plan as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plans and Hugging Face configs (*.memplan.json config.json *.json);;memplan plans (*.memplan.json);;Hugging Face configs (config.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportChartDialog</name>
    <message>
        <source>Export Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File (.png, .svg, .pdf):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> dpi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher values draw text and lines larger in the same pixels (for print)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain why the columns differ, under the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State the plan's assumptions in a footer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportCli</name>
    <message>
        <source>Write the chart headless to &lt;file&gt;; the format follows the suffix (.png, .svg, .pdf).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the numbers headless to &lt;file&gt;: .csv, .md (a Markdown table) or .json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare scenarios of the plan side by side: recipes (fp32,bf16-mixed,int8), methods, sharding stages, or KEY=VALUE changes joined by '+' (parallelism.gpus=16).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart total memory per GPU against micro_batch, seq_len, params or gpus; optionally VARIABLE:FROM:TO.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the exported chart in pixels (default 1600x1000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution of the exported chart (default 96).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title above the exported chart (&quot;&quot; for none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Units of exported sizes: GiB (2^30 bytes, default) or GB (10^9 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export-chart: no file given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export-data: no file given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export-chart %1: unknown chart format (use .png, .svg or .pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export-data %1: unknown data format (use .csv, .md or .json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--compare: no scenarios given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--compare: at most %1 scenarios, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1600x1000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--dpi %1: expected a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--units %1: expected GiB or GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memplan: --compare %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memplan: --sweep %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportController</name>
    <message>
        <source>Export &amp;Chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF with a title and the plan's assumptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart's numbers as CSV, a Markdown table or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cop&amp;y Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the chart to the clipboard as an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart copied to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv);;Markdown table (*.md);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportData</name>
    <message>
        <source>%1, scaled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>derived Llama-style model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1 (%2 parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recipe %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro-batch %1 × sequence %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> + %1 generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, gradient accumulation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (%1 GiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sharding %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TP %1 × PP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offload: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpointing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accounting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sizes in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memplan %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column changes only: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swept: %1 from %2 to %3 (the plan has %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: memory per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: memory per GPU compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: memory per GPU by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: total memory per GPU against %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: could not write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown data format &quot;%2&quot; (use .csv, .md or .json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>utilization %1, context %2 tokens, %3 concurrent sequences, KV cache %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model's</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 against %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::HubDialog</name>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fetch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model from Hugging Face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>organisation/model, e.g. Qwen/Qwen3-8B (@revision optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads config.json and the safetensors headers (a few hundred KB, never the weights) from %1. HF_TOKEN or the token file of `hf auth login` opens gated and private models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the model as organisation/name, as on its Hugging Face page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 layers, hidden size %3, vocabulary %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixture of experts: %1 experts, %2 per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 parameters (exact, from the safetensors headers; files: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights as stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1: %2 (tensors: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shape keys count %1 parameters; the plan uses the exact count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No safetensors files: the count comes from the shape (%1 parameters).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::Language</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::MainWindow</name>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sizes in &amp;GiB (2^30 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sizes in G&amp;B (10^9 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;more settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock chart &amp;y-axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the charts' vertical range as it is while values change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About memplan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About memplan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;memplan %1&lt;/b&gt;&lt;br/&gt;Plans the GPU memory that training and running large language models needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time memplan starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] — memplan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the plan is not valid and could not be opened again: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an untitled plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memplan did not close properly last time. Restore the plan it was working on (%1), as it was a few seconds before it stopped?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the plan from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The autosaved copy was left at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The autosaved copy was kept at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported the model of %1 into a new plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From &amp;Hugging Face…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 from Hugging Face into a new plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::MemoryChartView</name>
    <message>
        <source>Per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashed line: the capacity of one GPU, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU chosen: no capacity line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; error bar: the range %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::PerGpuView</name>
    <message>
        <source>Units:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB (2^30 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GB (10^9 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary units, as nvidia-smi and PyTorch report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decimal units, as GPU memory is often sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-GPU breakdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — peak at: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::PlanDocument</name>
    <message>
        <source>%1: could not save: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::PlanEdits</name>
    <message>
        <source>%1: %2 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, scaled: %2 layers × %3, %4 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Derived: %1 layers × %2, %3 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom: %1 layers × %2, %3 parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::PrimaryControls</name>
    <message>
        <source>Workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total parameters. Type a count such as 7B, 1.5T or 350M; the slider snaps to readable values from 100M to 2T.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which data type each tensor class uses (weights, gradients, master weights, optimizer states, activations).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;recision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Micro-batch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per sequence; the slider moves in powers of two, the field accepts any length from 128 to 1,048,576, also as 32k (32,768).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sequence length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;GPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape rule: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change parameter count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change micro-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change GPU count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory utilization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's gpu_memory_utilization: the share of the GPU's memory the engine may use for weights, activations and its KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent se&amp;quences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context le&amp;ngth:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's max_num_seqs: sequences the engine schedules at once (its sampler's peak grows with them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM's max_model_len: the longest request, prompt and output together; the KV cache must hold one of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequences generated at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens of each prompt; the KV cache grows to prompt + new tokens (More settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change concurrent sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change GPU memory utilization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The plan's name: the window title and exported charts show it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilization:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per sequence; the slider moves in powers of two, the field accepts any length from 128 to 1,048,576.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::ScenarioModel</name>
    <message>
        <source>Recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpointing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing (the current plan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits, %1 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current plan, unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total per GPU: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid plan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total per GPU (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro-batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accounting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 recompute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache %1 tokens (%2 × %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache dtype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sequences</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::SliderField</name>
    <message>
        <source>“%1” is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is below the smallest value, %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is above the largest value, %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::Suggestions</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch %1 × %2 accumulation steps (same global batch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunked loss (the full logits never exist at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 activation recomputation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharding %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor parallel %1 over %2 GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GPUs (the fewest that fit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA (4-bit base weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch %1 (the largest that fits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Together: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory utilization %1 (a larger share for the engine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 KV cache (half the bytes per token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length %1 tokens (the longest that fits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload the optimizer states and parameters to the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload the optimizer states to the CPU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::Sweep</name>
    <message>
        <source>Micro-batch (sequences per GPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters (billions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length, max_model_len (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent sequences, max_num_seqs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory utilization (share of the GPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent requests at max_model_len</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total per GPU, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache, thousands of tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::SweepChart</name>
    <message>
        <source>First value that does not fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This plan (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU capacity (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::SweepView</name>
    <message>
        <source>Sweep:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A range around the plan's own value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One line per column of the Compare tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: every value fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GPU to see where the plan stops fitting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value that does not fit — %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the lines follow: the total per GPU, or what the serving engine's KV cache holds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::TimelineView</name>
    <message>
        <source>forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start of backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backward of the last layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>textbook sum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per GPU through one step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capacity minus runtime overhead: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB (2^30 bytes) allocated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak allocated %1 at &quot;%2&quot; (%3). The main chart shows what is resident at that moment; the runtime overhead (%4) comes on top of every moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▲ %1 (peak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::UserGuideWindow</name>
    <message>
        <source>memplan user guide</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::gui::VerdictWidget</name>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To make it fit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply suggestion: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Cannot evaluate this plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs %1 per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU chosen: pick a GPU model under More settings to see whether it fits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Fits: %1 headroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses %1 of the %2 of one %3 (%4 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Does not fit: %1 over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs %1 per GPU; one %2 holds %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest micro-batch that fits is %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving is refused until the plan is fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Plan not valid: no verdict until it is fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply: %1. Leaves %2 free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change of batch, recomputation, sharding, parallelism, precision or offload makes it fit; try a smaller model or a larger GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Fits unless the high estimate holds: %1 headroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The KV cache holds %1 tokens: %2 concurrent requests of %3 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::moments</name>
    <message>
        <source>end of forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start of backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backward of the last layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profile run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>engine ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rollout (generation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scoring (reference / reward forward)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>textbook sum</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::names</name>
    <message>
        <source>Gated (SwiGLU/GeGLU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain (GELU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSNorm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No biases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QKV biases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All linear biases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learned positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ALiBi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze lower layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GaLore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP16 mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BF16 mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BF16 pure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP8 mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INT4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realistic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Textbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW 8-bit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adafactor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flash / SDPA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>foreach (multi-tensor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per-parameter loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>int8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nf4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (DDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-2 / FSDP SHARD_GRAD_OP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-3 / FSDP FULL_SHARD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer to CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer and parameters to CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime overhead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain PyTorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face Trainer + PEFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TRL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>torchtune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LitGPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms-swift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLaMA-Factory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Axolotl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsloth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DeepSpeed ZeRO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch FSDP1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch FSDP2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Megatron-LM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fits unless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>does not fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NF4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving (vLLM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GRPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model dtype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All-gather / reduce-scatter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DeepEP high-throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DeepEP low-latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precomputed log-probs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-torch memory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::notes</name>
    <message>
        <source>full training with an int8/int4 recipe: quantized matrices cannot be trained directly, so the quantized base is treated as frozen and only embeddings, norms and the head train; use LoRA/QLoRA to train adapters on a quantized base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model.params differs from the shape's parameter count by more than 0.5%; memory uses model.params, activations use the shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>textbook accounting ignores tensor/pipeline parallelism and offload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seq_len (+ new_tokens) exceeds the model's max_position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameter offload needs ZeRO-3; parameters stay on the GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain data parallel (DDP) keeps a bucket copy of all gradients (gradient_as_bucket_view=False, PyTorch's default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selective recomputation saves nothing with flash attention (no score matrix)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serving: no GPU capacity is given, so vLLM's budget (gpu_memory_utilization x capacity) and the KV cache cannot be sized; choose hardware.gpu or memory_gib</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serving: the KV cache cannot hold one sequence of max_model_len tokens; vLLM refuses to start (lower max_model_len, raise gpu_memory_utilization, use fp8 KV cache or more tensor-parallel GPUs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rollout engine's KV cache holds fewer than num_generations completions at once; generation runs them in several waves (slower, not an error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>textbook accounting has no rule for GaLore's projected optimizer states: they are counted as full optimizer states (use realistic accounting)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>memplan::parts</name>
    <message>
        <source>gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head gradient summed over loss chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one layer's copy of the growing KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear-attention state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-attention KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>activation reserve (profile-run peak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-torch memory (profiling increase)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profile-run activation peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routed expert weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradients kept from earlier micro-batches or steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved layer activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final hidden states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>autocast 16-bit weight copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-3 gathered parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient of the logits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recomputed layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention backward (score gradients)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient of the final hidden states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output head's gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsharded gradients of one unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient reduce buckets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer temporaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one layer's working set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last-token logits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA context and libraries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>caching-allocator reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 layer weights (+ block scales)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dequantized weight cast to bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized layer weights (codes + constants)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frozen base layer weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embeddings, norms, head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA adapters (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 weight copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one parameter's gradient (optimizer in backward)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>master weights (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam moments (m, v)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8-bit Adam moments (+ block constants)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>32-bit moments of small tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adafactor factored second moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lion momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GaLore projection matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameters x bytes per parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one gradient per parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer moments (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer moments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(hidden + ffn) x seq x layers x bytes x batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FSDP2 root unit (gathered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dequantized 4-bit weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cuBLAS workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NCCL communicator buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paged optimizer states (managed memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA adapters (16-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log-softmax (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chunked logits (kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chunked log-softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32 logits / loss chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>autocast 16-bit head weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tied embedding's lookup gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base parameters x 0.5 byte (4-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base parameters x bytes per parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adapter parameters x bytes per parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vision tower activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>image states (cross-attention)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert all-to-all buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DeepEP buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
