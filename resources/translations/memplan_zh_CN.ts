<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Restore unsaved plan?</source>
        <translation>恢复未保存的计划？</translation>
    </message>
</context>
<context>
    <name>memplan</name>
    <message>
        <source>Plans the GPU memory that training and running large language models needs.</source>
        <translation>规划训练和运行大语言模型所需的 GPU 显存。</translation>
    </message>
    <message>
        <source>Render the window offscreen for the plan and save it to &lt;file&gt; (PNG).</source>
        <translation>在离屏状态下为该计划渲染窗口，并保存到 &lt;file&gt;（PNG）。</translation>
    </message>
    <message>
        <source>With --screenshot: the view to show (per-gpu, timeline, compare, sweep).</source>
        <translation>配合 --screenshot 使用：要显示的视图（per-gpu、timeline、compare、sweep）。</translation>
    </message>
    <message>
        <source>Plan file (.memplan.json) to open.</source>
        <translation>要打开的计划文件（.memplan.json）。</translation>
    </message>
</context>
<context>
    <name>memplan::assumptions</name>
    <message>
        <source>shape derived from %1 parameters: %2 layers, hidden %3, ffn %4, %5 heads (%6 KV), vocab %7 (rule: %8)</source>
        <translation>由 %1 参数推导形状：%2 层，隐藏维度 %3，FFN %4，%5 个注意力头（%6 个 KV 头），词表 %7（规则：%8）</translation>
    </message>
    <message>
        <source>textbook accounting: every tensor at the recipe's width, activations by (hidden + ffn) x seq x layers x bytes per instance; mixed precision counts fp32 master weights and moments as the ZeRO paper does</source>
        <translation>教科书口径：每个张量按精度方案的位宽计，激活按 (hidden + ffn) x seq x layers x 每样本字节数计；混合精度按 ZeRO 论文计入 fp32 主权重和动量</translation>
    </message>
    <message>
        <source>recipe %1: %2</source>
        <translation>精度方案 %1：%2</translation>
    </message>
    <message>
        <source>peak taken at &quot;%1&quot; of the step; gradients freed by zero_grad(set_to_none=%2)</source>
        <translation>峰值取自训练步的“%1”；梯度由 zero_grad(set_to_none=%2) 释放</translation>
    </message>
    <message>
        <source>peak taken at &quot;%1&quot; of the generation</source>
        <translation>峰值取自生成过程的“%1”</translation>
    </message>
    <message>
        <source>runtime overhead 1343 MiB: CUDA context measured on a V100 (default)</source>
        <translation>运行时开销 1343 MiB：在 V100 上测得的 CUDA 上下文（默认）</translation>
    </message>
    <message>
        <source>caching-allocator reserve from block rounding, %1 distinct batch shape(s) and load-time caching</source>
        <translation>缓存分配器预留：来自块取整、%1 种不同的批次形状以及加载时缓存</translation>
    </message>
    <message>
        <source>framework profile: %1</source>
        <translation>框架配置：%1</translation>
    </message>
    <message>
        <source>vLLM budget: gpu_memory_utilization x capacity - weights - profile-run activation peak (forward over %1 batched tokens, sampler over %2 sequences) - non-torch increase = KV cache, in blocks of %3 tokens</source>
        <translation>vLLM 预算：gpu_memory_utilization × 容量 − 权重 − 性能分析运行的激活峰值（前向 %1 个批处理 token，采样器 %2 条序列）− 非 torch 增量 = KV 缓存，每块 %3 个 token</translation>
    </message>
    <message>
        <source>CUDA graphs profiled inside the budget (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1)</source>
        <translation>CUDA 图计入预算之内（VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1）</translation>
    </message>
    <message>
        <source>CUDA graphs captured after the KV cache, on top of the budget (vLLM default)</source>
        <translation>CUDA 图在 KV 缓存之后捕获，位于预算之外（vLLM 默认）</translation>
    </message>
    <message>
        <source>CUDA context and NCCL sit outside the budget (vLLM &gt;= 0.9 takes its baseline after them)</source>
        <translation>CUDA 上下文和 NCCL 位于预算之外（vLLM &gt;= 0.9 在它们之后取基线）</translation>
    </message>
    <message>
        <source>policy trains with method %1; chosen and rejected sequences double the batch</source>
        <translation>策略模型以 %1 方法训练；选中与被拒序列使批次加倍</translation>
    </message>
    <message>
        <source>policy trains with method %1; sequences are prompt (seq_len) + completion_len</source>
        <translation>策略模型以 %1 方法训练；序列为提示（seq_len）+ completion_len</translation>
    </message>
    <message>
        <source>vision tower: %1 of %2 blocks attend within windows of %3 x %3 px (up to %4 patches), the others over the whole image</source>
        <translation>视觉塔：%2 个块中有 %1 个在 %3 x %3 像素的窗口内计算注意力（每窗口最多 %4 个图像块），其余块覆盖整幅图像</translation>
    </message>
</context>
<context>
    <name>memplan::findings</name>
    <message>
        <source>Each column is compared with the first (%1). Lowest: %2 (%3); highest: %4 (%5).</source>
        <translation>每一列均与第一列（%1）比较。最低：%2（%3）；最高：%4（%5）。</translation>
    </message>
    <message>
        <source>Fits in %1 per GPU: %2.</source>
        <translation>可放入每 GPU %1 的显存：%2。</translation>
    </message>
    <message>
        <source>None fits in %1 per GPU.</source>
        <translation>没有任何方案能放入每 GPU %1 的显存。</translation>
    </message>
    <message>
        <source>%1 cannot be compared: the plan was refused (%2).</source>
        <translation>%1 无法比较：方案被拒绝 (%2)。</translation>
    </message>
    <message>
        <source>%1 needs %2 per GPU, %3 compared with %4 (%5).</source>
        <translation>%1 每 GPU 需要 %2，与 %4 相比 %3 (%5)。</translation>
    </message>
    <message>
        <source>%1 needs %2 per GPU, about the same as %3 (%4).</source>
        <translation>%1 每 GPU 需要 %2，与 %3 大致相同 (%4)。</translation>
    </message>
    <message>
        <source>The largest change is in the %1 (%2).</source>
        <translation>变化最大的是%1 (%2)。</translation>
    </message>
    <message>
        <source>The largest change is in the %1 (%2), mostly %3.</source>
        <translation>变化最大的是%1 (%2)，主要是%3。</translation>
    </message>
    <message>
        <source>Several settings change at once; the figures below are for all of them together.</source>
        <translation>多项设置同时更改；以下数值为所有更改共同作用的结果。</translation>
    </message>
    <message>
        <source>Both columns describe the same plan.</source>
        <translation>两列描述的是同一方案。</translation>
    </message>
    <message>
        <source>The plans differ in settings a column does not override; compare their assumptions.</source>
        <translation>这些方案在列未覆盖的设置上存在差异；请比较它们的假设。</translation>
    </message>
    <message>
        <source>%1 parameters instead of %2: weights, gradients and optimizer states scale with the parameter count (weights %3), activations with the layers and the hidden size (%4).</source>
        <translation>%1 个参数而非 %2 个：权重、梯度和优化器状态随参数量缩放（权重 %3），激活值随层数和隐藏层大小缩放 (%4)。</translation>
    </message>
    <message>
        <source>%1 trains only small adapter matrices (%2 parameters, %3 of %4): gradients and optimizer states exist only for them (optimizer states %5), while the frozen base weights stay on the GPU (weights %6).</source>
        <translation>%1 只训练小型适配器矩阵（%2 个参数，占 %4 的 %3）：梯度和优化器状态只针对它们存在（优化器状态 %5），而冻结的基座权重仍驻留在 GPU 上（权重 %6）。</translation>
    </message>
    <message>
        <source>QLoRA also stores the frozen base in NF4 (about 4.1 bits per weight), which is why its weights are a quarter of 16-bit ones.</source>
        <translation>QLoRA 还以 NF4（每个权重约 4.1 位）存储冻结的基座，因此其权重只有 16 位权重的四分之一。</translation>
    </message>
    <message>
        <source>QLoRA is LoRA over a base quantized to NF4 (about 4.1 bits per weight instead of %1 bits): weights %2; the adapters and their optimizer states are the same.</source>
        <translation>QLoRA 是在量化为 NF4 的基座上应用 LoRA（每个权重约 4.1 位，而非 %1 位）：权重 %2；适配器及其优化器状态不变。</translation>
    </message>
    <message>
        <source>Inference runs the forward pass only: no gradients and no optimizer states; what remains is the weights (%1) and the KV cache (%2).</source>
        <translation>推理只运行前向传播：没有梯度，也没有优化器状态；剩下的是权重 (%1) 和 KV 缓存 (%2)。</translation>
    </message>
    <message>
        <source>%1 trains %2 parameters instead of %3 (of %4): gradients and optimizer states follow the trainable count (optimizer states %5).</source>
        <translation>%1 训练 %2 个参数而非 %3 个（共 %4 个）：梯度和优化器状态随可训练参数量变化（优化器状态 %5）。</translation>
    </message>
    <message>
        <source>%1 instead of %2 stores %3.</source>
        <translation>使用 %1 而非 %2 时存储 %3。</translation>
    </message>
    <message>
        <source>In textbook accounting every tensor is counted at the recipe's width (%1 → %2 bytes per value), so weights, gradients and activations scale with it (weights %3; activations %4).</source>
        <translation>在教科书计量方式中，每个张量都按精度方案的位宽计算（每个值 %1 → %2 字节），因此权重、梯度和激活值随之缩放（权重 %3；激活值 %4）。</translation>
    </message>
    <message>
        <source>Mixed precision is counted as the ZeRO paper does: fp32 master weights and moments, 12 bytes per parameter of optimizer states (optimizer states %1).</source>
        <translation>混合精度按 ZeRO 论文的方式计算：fp32 主权重和动量，优化器状态为每参数 12 字节（优化器状态 %1）。</translation>
    </message>
    <message>
        <source>%1 in realistic accounting means a quantized, frozen base: int8/int4 matrices cannot be trained directly, so only the embeddings, norms and head train (%2 of %3 parameters) and the gradients and optimizer states shrink with them (optimizer states %4). The layer weights are stored as codes plus scales (weights %5).</source>
        <translation>在真实计量方式中，%1 意味着量化且冻结的基座：int8/int4 矩阵无法直接训练，因此只训练嵌入层、归一化层和输出头（%3 个参数中的 %2 个），梯度和优化器状态也随之缩小（优化器状态 %4）。各层权重以编码加缩放因子的形式存储（权重 %5）。</translation>
    </message>
    <message>
        <source>%1 treats the quantized base as frozen; %2 trains all %3 parameters again, so gradients and optimizer states come back (optimizer states %4).</source>
        <translation>%1 将量化基座视为冻结；%2 重新训练全部 %3 个参数，因此梯度和优化器状态重新出现（优化器状态 %4）。</translation>
    </message>
    <message>
        <source>Mixed precision keeps an fp32 master copy of the weights (%1, counted as optimizer states) beside the 16-bit weights, and the Adam moments stay in fp32, so the model states do not halve (weights + gradients + optimizer states %2). What halves is the weights (%3) and the activations (%4).</source>
        <translation>混合精度在 16 位权重之外还保留一份 fp32 主权重副本（%1，计入优化器状态），且 Adam 动量保持 fp32，因此模型状态不会减半（权重 + 梯度 + 优化器状态 %2）。减半的是权重 (%3) 和激活值 (%4)。</translation>
    </message>
    <message>
        <source>FP32 needs no separate master copy, since the weights are already fp32; the weights (%1) and activations (%2) double, while the model states stay close (%3).</source>
        <translation>FP32 无需单独的主权重副本，因为权重本身已是 fp32；权重 (%1) 和激活值 (%2) 翻倍，而模型状态相差不大 (%3)。</translation>
    </message>
    <message>
        <source>%1 keeps no fp32 master copy (%2 in %3) and stores the optimizer states in its own 16-bit type, so the model states shrink too (%4).</source>
        <translation>%1 不保留 fp32 主权重副本（%3 中为 %2），并以其自身的 16 位类型存储优化器状态，因此模型状态也随之缩小 (%4)。</translation>
    </message>
    <message>
        <source>Both keep fp32 master weights and fp32 moments, so the model states barely move (%1); the difference is in the weights (%2) and activations (%3).</source>
        <translation>两者都保留 fp32 主权重和 fp32 动量，因此模型状态几乎不变 (%1)；差异在于权重 (%2) 和激活值 (%3)。</translation>
    </message>
    <message>
        <source>Model states %1; activations %2.</source>
        <translation>模型状态 %1；激活值 %2。</translation>
    </message>
    <message>
        <source>Per parameter, the model states take %1 bytes.</source>
        <translation>每个参数的模型状态占 %1 字节。</translation>
    </message>
    <message>
        <source>Textbook accounting is the seed articles' arithmetic: every tensor at the recipe's width, activations by (hidden + ffn) × sequence × layers, no temporaries and no allocator reserve. Realistic accounting models what PyTorch actually allocates at the peak of the step (total %1).</source>
        <translation>教科书计量方式沿用原始文章的算法：每个张量按精度方案的位宽计算，激活值按 (hidden + ffn) × 序列 × 层数计算，不计临时张量，也不计分配器预留。真实计量方式则模拟 PyTorch 在训练步峰值时实际分配的显存（总计 %1）。</translation>
    </message>
    <message>
        <source>%1 keeps %2, where %3 keeps %4: optimizer states %5.</source>
        <translation>%1 保留 %2，而 %3 保留 %4：优化器状态 %5。</translation>
    </message>
    <message>
        <source>With a single data-parallel GPU there is nothing to shard over, so %1 changes nothing here; it pays off with several GPUs.</source>
        <translation>只有一个数据并行 GPU 时没有可分片的对象，因此 %1 在此不起作用；它在多个 GPU 时才有收益。</translation>
    </message>
    <message>
        <source>Plain data parallelism (DDP) keeps a full copy of the weights, gradients and optimizer states on every GPU (optimizer states %1).</source>
        <translation>普通数据并行 (DDP) 在每个 GPU 上保留权重、梯度和优化器状态的完整副本（优化器状态 %1）。</translation>
    </message>
    <message>
        <source>ZeRO-1 splits the optimizer states, including the fp32 master copy, over %1 GPUs: optimizer states %2.</source>
        <translation>ZeRO-1 将优化器状态（包括 fp32 主权重副本）分片到 %1 个 GPU 上：优化器状态 %2。</translation>
    </message>
    <message>
        <source>ZeRO-2 (FSDP SHARD_GRAD_OP) splits the optimizer states and the gradients over %1 GPUs: optimizer states %2, gradients %3.</source>
        <translation>ZeRO-2 (FSDP SHARD_GRAD_OP) 将优化器状态和梯度分片到 %1 个 GPU 上：优化器状态 %2，梯度 %3。</translation>
    </message>
    <message>
        <source>ZeRO-3 (FSDP FULL_SHARD) splits the weights too, over %1 GPUs (weights %2, optimizer states %3), and gathers one layer's full weights at a time to compute with (other %4).</source>
        <translation>ZeRO-3 (FSDP FULL_SHARD) 还将权重分片到 %1 个 GPU 上（权重 %2，优化器状态 %3），并每次收集一层的完整权重用于计算（其他 %4）。</translation>
    </message>
    <message>
        <source>Plain data parallelism replicates the whole model on every GPU, so %1 GPUs instead of %2 do not lower the memory per GPU (total %3); shard the states (ZeRO / FSDP) for more GPUs to help.</source>
        <translation>普通数据并行在每个 GPU 上复制整个模型，因此使用 %1 个 GPU 而非 %2 个并不会降低每 GPU 显存（总计 %3）；需对状态进行分片（ZeRO / FSDP），更多 GPU 才能起作用。</translation>
    </message>
    <message>
        <source>With %1 GPUs instead of %2, each holds a smaller share of the sharded or split states (weights %3, optimizer states %4).</source>
        <translation>使用 %1 个 GPU 而非 %2 个时，每个 GPU 持有的分片或切分状态份额更小（权重 %3，优化器状态 %4）。</translation>
    </message>
    <message>
        <source>Activations grow with the tokens in a micro-batch (micro-batch × sequence length: %1 × %2 → %3 × %4, ×%5): activations %6, while the model states stay.</source>
        <translation>激活值随微批次中的词元数增长（微批次 × 序列长度：%1 × %2 → %3 × %4，×%5）：激活值 %6，而模型状态不变。</translation>
    </message>
    <message>
        <source>Eager attention also stores the sequence × sequence score matrices, so activations grow faster than the sequence.</source>
        <translation>Eager 注意力还会存储序列 × 序列的分数矩阵，因此激活值的增长快于序列长度。</translation>
    </message>
    <message>
        <source>Full recomputation keeps only each layer's input and recomputes the rest during the backward pass (about one extra forward pass): activations %1.</source>
        <translation>完全重计算只保留每层的输入，其余部分在反向传播时重新计算（约多一次前向传播）：激活值 %1。</translation>
    </message>
    <message>
        <source>Selective recomputation drops only the attention scores and recomputes them: activations %1.</source>
        <translation>选择性重计算只丢弃注意力分数并重新计算：激活值 %1。</translation>
    </message>
    <message>
        <source>Without recomputation every layer keeps all it needs for the backward pass: activations %1.</source>
        <translation>不使用重计算时，每层都保留反向传播所需的全部内容：激活值 %1。</translation>
    </message>
    <message>
        <source>Eager attention materialises the attention scores (heads × sequence² per sequence); flash attention / SDPA never stores them: activations %1.</source>
        <translation>Eager 注意力会实际存储注意力分数（每条序列 头数 × 序列长度²）；flash attention / SDPA 从不存储它们：激活值 %1。</translation>
    </message>
    <message>
        <source>LoRA rank %1 instead of %2: %3 trainable parameters instead of %4; the adapters are small, so the total moves little (%5).</source>
        <translation>LoRA 秩 %1 而非 %2：可训练参数 %3 个而非 %4 个；适配器很小，因此总量变化不大 (%5)。</translation>
    </message>
    <message>
        <source>The %1 holds %2 where the %3 holds %4: the GPU sets the capacity (and the CUDA context), not what the plan needs (total %5).</source>
        <translation>%1 容量为 %2，而 %3 容量为 %4：GPU 决定的是容量（以及 CUDA 上下文），而非方案所需的显存（总计 %5）。</translation>
    </message>
    <message>
        <source>A %1 KV cache instead of %2 changes the bytes each token takes (%3 per token over the layers on one GPU), so the same budget holds %4 tokens.</source>
        <translation>使用 %1 KV 缓存而非 %2，改变了每个词元占用的字节数（单个 GPU 上各层合计每词元 %3），因此同样的预算可容纳 %4 个词元。</translation>
    </message>
    <message>
        <source>Each sequence may grow to max_model_len tokens (%1), so the KV cache holds %2 such sequences at once; the budget itself does not move.</source>
        <translation>每条序列最长可达 max_model_len 个词元 (%1)，因此 KV 缓存可同时容纳 %2 条这样的序列；预算本身不变。</translation>
    </message>
    <message>
        <source>vLLM profiles its sampler over max_num_seqs dummy requests (%1): the profile-run peak moves (%2), and the KV cache gets what is left (%3 tokens).</source>
        <translation>vLLM 在 max_num_seqs 个虚拟请求上对采样器做性能分析 (%1)：分析运行的峰值随之变化 (%2)，KV 缓存获得剩余部分（%3 个词元）。</translation>
    </message>
    <message>
        <source>about the same</source>
        <translation>基本相同</translation>
    </message>
    <message>
        <source>+%1%</source>
        <translation>+%1%</translation>
    </message>
    <message>
        <source>−%1%</source>
        <translation>−%1%</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>no GPU</source>
        <translation>无 GPU</translation>
    </message>
    <message>
        <source>two moments (m and v) per trainable parameter</source>
        <translation>每个可训练参数两个动量（m 和 v）</translation>
    </message>
    <message>
        <source>two moments per trainable parameter in 8 bits (block-wise, with fp32 scales)</source>
        <translation>每个可训练参数两个 8 位动量（分块量化，带 fp32 缩放因子）</translation>
    </message>
    <message>
        <source>only row and column statistics of the second moment (factored), no first moment</source>
        <translation>仅保存二阶动量的行与列统计量（分解形式），无一阶动量</translation>
    </message>
    <message>
        <source>no state at all</source>
        <translation>完全无状态</translation>
    </message>
    <message>
        <source>one momentum buffer per trainable parameter</source>
        <translation>每个可训练参数一个动量缓冲区</translation>
    </message>
</context>
<context>
    <name>memplan::gui</name>
    <message>
        <source>%1: could not write the screenshot: %2</source>
        <translation>%1: 无法写入截图: %2</translation>
    </message>
    <message>
        <source>GiB (2^30 bytes)</source>
        <translation>GiB（2^30 字节）</translation>
    </message>
    <message>
        <source>GB (10^9 bytes)</source>
        <translation>GB（10^9 字节）</translation>
    </message>
    <message>
        <source>TiB (2^40 bytes)</source>
        <translation>TiB（2^40 字节）</translation>
    </message>
    <message>
        <source>TB (10^12 bytes)</source>
        <translation>TB（10^12 字节）</translation>
    </message>
    <message>
        <source>PiB (2^50 bytes)</source>
        <translation>PiB（2^50 字节）</translation>
    </message>
    <message>
        <source>PB (10^15 bytes)</source>
        <translation>PB（10^15 字节）</translation>
    </message>
    <message>
        <source>EiB (2^60 bytes)</source>
        <translation>EiB（2^60 字节）</translation>
    </message>
    <message>
        <source>EB (10^18 bytes)</source>
        <translation>EB（10^18 字节）</translation>
    </message>
</context>
<context>
    <name>memplan::gui::AdvancedControls</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Custom shape</source>
        <translation>自定义结构</translation>
    </message>
    <message>
        <source>%1 (%2 params)</source>
        <translation>%1（%2 参数）</translation>
    </message>
    <message>
        <source>Choosing a preset sets the model's shape and parameter count</source>
        <translation>选择预设会设置模型的结构和参数量</translation>
    </message>
    <message>
        <source>Prese&amp;t:</source>
        <translation>预设(&amp;T)：</translation>
    </message>
    <message>
        <source>Use a custom shape</source>
        <translation>使用自定义结构</translation>
    </message>
    <message>
        <source>Choose model preset</source>
        <translation>选择模型预设</translation>
    </message>
    <message>
        <source>Change layers</source>
        <translation>更改层数</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Change hidden size</source>
        <translation>更改隐藏层大小</translation>
    </message>
    <message>
        <source>H&amp;idden size:</source>
        <translation>隐藏层大小(&amp;I)：</translation>
    </message>
    <message>
        <source>Change FFN size</source>
        <translation>更改 FFN 大小</translation>
    </message>
    <message>
        <source>FFN size:</source>
        <translation>FFN 大小：</translation>
    </message>
    <message>
        <source>Change attention heads</source>
        <translation>更改注意力头数</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>注意力头数：</translation>
    </message>
    <message>
        <source>Change KV heads</source>
        <translation>更改 KV 头数</translation>
    </message>
    <message>
        <source>&amp;KV heads:</source>
        <translation>KV 头数(&amp;K)：</translation>
    </message>
    <message>
        <source>Change head dimension</source>
        <translation>更改头维度</translation>
    </message>
    <message>
        <source>Head dimension:</source>
        <translation>头维度：</translation>
    </message>
    <message>
        <source>Change vocabulary</source>
        <translation>更改词表</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 词元</translation>
    </message>
    <message>
        <source>Voca&amp;bulary:</source>
        <translation>词表(&amp;B)：</translation>
    </message>
    <message>
        <source>MLP:</source>
        <translation>MLP：</translation>
    </message>
    <message>
        <source>Change MLP kind</source>
        <translation>更改 MLP 类型</translation>
    </message>
    <message>
        <source>Change experts</source>
        <translation>更改专家数</translation>
    </message>
    <message>
        <source>Mixture of experts: 1 = dense model</source>
        <translation>混合专家：1 = 稠密模型</translation>
    </message>
    <message>
        <source>E&amp;xperts:</source>
        <translation>专家数(&amp;X)：</translation>
    </message>
    <message>
        <source>Change experts per token</source>
        <translation>更改每词元专家数</translation>
    </message>
    <message>
        <source>Experts per token:</source>
        <translation>每词元专家数：</translation>
    </message>
    <message>
        <source>Tied input and output embeddings</source>
        <translation>输入与输出嵌入共享权重</translation>
    </message>
    <message>
        <source>Change tied embeddings</source>
        <translation>更改嵌入共享</translation>
    </message>
    <message>
        <source>Language-model head (vocabulary-sized output)</source>
        <translation>语言模型头（输出维度等于词表大小）</translation>
    </message>
    <message>
        <source>Change LM head</source>
        <translation>更改 LM 头</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Meth&amp;od:</source>
        <translation>方法(&amp;O)：</translation>
    </message>
    <message>
        <source>Change method</source>
        <translation>更改方法</translation>
    </message>
    <message>
        <source>LoRA ra&amp;nk:</source>
        <translation>LoRA 秩(&amp;N)：</translation>
    </message>
    <message>
        <source>Change LoRA rank</source>
        <translation>更改 LoRA 秩</translation>
    </message>
    <message>
        <source>Put a LoRA adapter on the %1 projection</source>
        <translation>在 %1 投影上添加 LoRA 适配器</translation>
    </message>
    <message>
        <source>Change LoRA targets</source>
        <translation>更改 LoRA 目标</translation>
    </message>
    <message>
        <source>LoRA targets:</source>
        <translation>LoRA 目标：</translation>
    </message>
    <message>
        <source>Dropout probability on the adapter input (0 = no dropout masks)</source>
        <translation>适配器输入的 Dropout 概率（0 = 无 Dropout 掩码）</translation>
    </message>
    <message>
        <source>LoRA dropout:</source>
        <translation>LoRA Dropout：</translation>
    </message>
    <message>
        <source>Change LoRA dropout</source>
        <translation>更改 LoRA Dropout</translation>
    </message>
    <message>
        <source> % of layers</source>
        <translation> % 的层</translation>
    </message>
    <message>
        <source>Freeze method: the top fraction of layers that trains</source>
        <translation>冻结方法：参与训练的顶层所占比例</translation>
    </message>
    <message>
        <source>Trainable:</source>
        <translation>可训练：</translation>
    </message>
    <message>
        <source>Change trainable fraction</source>
        <translation>更改可训练比例</translation>
    </message>
    <message>
        <source>GaLore ra&amp;nk:</source>
        <translation>GaLore 秩(&amp;N)：</translation>
    </message>
    <message>
        <source>Change GaLore rank</source>
        <translation>更改 GaLore 秩</translation>
    </message>
    <message>
        <source>Inference: tokens generated after the prompt (the KV cache grows to prompt + new tokens)</source>
        <translation>推理：在提示词之后生成的词元数（KV 缓存会增长到提示词 + 新词元）</translation>
    </message>
    <message>
        <source>Ne&amp;w tokens:</source>
        <translation>新词元数(&amp;W)：</translation>
    </message>
    <message>
        <source>Change new tokens</source>
        <translation>更改新词元数</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Optimi&amp;zer:</source>
        <translation>优化器(&amp;Z)：</translation>
    </message>
    <message>
        <source>Change optimizer</source>
        <translation>更改优化器</translation>
    </message>
    <message>
        <source>Activation recomputation (gradient checkpointing)</source>
        <translation>激活重计算（梯度检查点）</translation>
    </message>
    <message>
        <source>Re&amp;computation:</source>
        <translation>重计算(&amp;C)：</translation>
    </message>
    <message>
        <source>Change recomputation</source>
        <translation>更改重计算</translation>
    </message>
    <message>
        <source>&amp;Attention:</source>
        <translation>注意力(&amp;A)：</translation>
    </message>
    <message>
        <source>Change attention</source>
        <translation>更改注意力</translation>
    </message>
    <message>
        <source>Chunked: the cross-entropy is computed in chunks, so the full vocabulary logits never exist at once</source>
        <translation>分块：交叉熵按块计算，因此完整词表的 logits 不会同时存在于显存中</translation>
    </message>
    <message>
        <source>Loss:</source>
        <translation>损失：</translation>
    </message>
    <message>
        <source>Change loss</source>
        <translation>更改损失</translation>
    </message>
    <message>
        <source>Realistic: what frameworks allocate. Textbook: the seed articles' simplified arithmetic.</source>
        <translation>真实：框架实际分配的显存。教科书：原始参考文章中的简化算法。</translation>
    </message>
    <message>
        <source>Accounting:</source>
        <translation>核算方式：</translation>
    </message>
    <message>
        <source>Change accounting</source>
        <translation>更改核算方式</translation>
    </message>
    <message>
        <source> micro-batches</source>
        <translation> 个微批次</translation>
    </message>
    <message>
        <source>Gradient accumulation:</source>
        <translation>梯度累积：</translation>
    </message>
    <message>
        <source>Change gradient accumulation</source>
        <translation>更改梯度累积</translation>
    </message>
    <message>
        <source>Optimizer step in backward</source>
        <translation>在反向传播中执行优化器步骤</translation>
    </message>
    <message>
        <source>The step runs per layer during backward, so no full gradient buffer exists</source>
        <translation>优化器步骤在反向传播期间逐层执行，因此不存在完整的梯度缓冲区</translation>
    </message>
    <message>
        <source>Change optimizer in backward</source>
        <translation>更改反向传播中的优化器步骤</translation>
    </message>
    <message>
        <source>Offload activations to CPU</source>
        <translation>将激活值卸载到 CPU</translation>
    </message>
    <message>
        <source>Change activation offload</source>
        <translation>更改激活值卸载</translation>
    </message>
    <message>
        <source>Parallelism</source>
        <translation>并行</translation>
    </message>
    <message>
        <source>Shar&amp;ding:</source>
        <translation>分片(&amp;D)：</translation>
    </message>
    <message>
        <source>Change sharding</source>
        <translation>更改分片</translation>
    </message>
    <message>
        <source> GPUs</source>
        <translation> 个 GPU</translation>
    </message>
    <message>
        <source>all data-parallel GPUs</source>
        <translation>全部数据并行 GPU</translation>
    </message>
    <message>
        <source>Shard over this many GPUs (hybrid sharding when fewer than the data-parallel GPUs)</source>
        <translation>在这么多 GPU 上分片（少于数据并行 GPU 数时为混合分片）</translation>
    </message>
    <message>
        <source>Sharding factor:</source>
        <translation>分片因子：</translation>
    </message>
    <message>
        <source>Change sharding factor</source>
        <translation>更改分片因子</translation>
    </message>
    <message>
        <source>Tensor parallel degree; must divide the attention heads</source>
        <translation>张量并行度；必须能整除注意力头数</translation>
    </message>
    <message>
        <source>Tensor para&amp;llel:</source>
        <translation>张量并行(&amp;L)：</translation>
    </message>
    <message>
        <source>Change tensor parallel</source>
        <translation>更改张量并行</translation>
    </message>
    <message>
        <source>Pipeline stages; at most the number of layers</source>
        <translation>流水线阶段数；最多等于层数</translation>
    </message>
    <message>
        <source>Pipeline parallel:</source>
        <translation>流水线并行：</translation>
    </message>
    <message>
        <source>Change pipeline parallel</source>
        <translation>更改流水线并行</translation>
    </message>
    <message>
        <source>Sequence parallel (with tensor parallel)</source>
        <translation>序列并行（配合张量并行）</translation>
    </message>
    <message>
        <source>Change sequence parallel</source>
        <translation>更改序列并行</translation>
    </message>
    <message>
        <source>CPU offload:</source>
        <translation>CPU 卸载：</translation>
    </message>
    <message>
        <source>Change offload</source>
        <translation>更改卸载</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>No GPU chosen</source>
        <translation>未选择 GPU</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>GP&amp;U model:</source>
        <translation>GPU 型号(&amp;U)：</translation>
    </message>
    <message>
        <source>Change GPU model</source>
        <translation>更改 GPU 型号</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>Override the GPU's capacity (GiB = 2^30 bytes)</source>
        <translation>覆盖 GPU 的容量（GiB = 2^30 字节）</translation>
    </message>
    <message>
        <source>Capacit&amp;y:</source>
        <translation>容量(&amp;Y)：</translation>
    </message>
    <message>
        <source>Change capacity</source>
        <translation>更改容量</translation>
    </message>
    <message>
        <source>CUDA context and libraries (GiB = 2^30 bytes); the caching allocator's reserve comes on top</source>
        <translation>CUDA 上下文与库（GiB = 2^30 字节）；缓存分配器的预留显存另计</translation>
    </message>
    <message>
        <source>Runtime overhead:</source>
        <translation>运行时开销：</translation>
    </message>
    <message>
        <source>Change runtime overhead</source>
        <translation>更改运行时开销</translation>
    </message>
    <message>
        <source>Shape derived from %1 parameters by the rule: %2</source>
        <translation>由 %1 参数按以下规则推导出的结构：%2</translation>
    </message>
    <message>
        <source>Shape of the %1 preset (its published configuration)</source>
        <translation>%1 预设的结构（其公开发布的配置）</translation>
    </message>
    <message>
        <source>Shape set by hand; the parameter count follows from it</source>
        <translation>手动设置的结构；参数量由其推算得出</translation>
    </message>
    <message>
        <source>GPU's %1</source>
        <translation>GPU 的 %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>GPU default (%1)</source>
        <translation>GPU 默认值 (%1)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>The training framework: its defaults fill the settings below (loss, recomputation, optimizer implementation, LoRA dropout) and decide what it keeps in fp32, how it quantizes and shards</source>
        <translation>训练框架：其默认值会填入下面的设置（损失、重计算、优化器实现、LoRA dropout），并决定哪些张量保留为 fp32 以及如何量化和分片</translation>
    </message>
    <message>
        <source>Framework:</source>
        <translation>框架：</translation>
    </message>
    <message>
        <source>Change framework</source>
        <translation>更改框架</translation>
    </message>
    <message>
        <source>vLLM's kv_cache_dtype: the model's dtype (auto) or fp8, one byte per element</source>
        <translation>vLLM 的 kv_cache_dtype：模型的数据类型（auto）或 fp8（每个元素一个字节）</translation>
    </message>
    <message>
        <source>KV cache dtype:</source>
        <translation>KV 缓存类型：</translation>
    </message>
    <message>
        <source>Change KV cache dtype</source>
        <translation>更改 KV 缓存类型</translation>
    </message>
    <message>
        <source>vLLM default</source>
        <translation>vLLM 默认值</translation>
    </message>
    <message>
        <source>vLLM's max_num_batched_tokens: the tokens of one forward pass, which sets the profiled activation peak</source>
        <translation>vLLM 的 max_num_batched_tokens：一次前向传播的词元数，决定性能分析得到的激活峰值</translation>
    </message>
    <message>
        <source>Batched tokens:</source>
        <translation>批处理词元数：</translation>
    </message>
    <message>
        <source>Change batched tokens</source>
        <translation>更改批处理词元数</translation>
    </message>
    <message>
        <source>vLLM's block_size: tokens per KV-cache page</source>
        <translation>vLLM 的 block_size：每个 KV 缓存页的词元数</translation>
    </message>
    <message>
        <source>KV block size:</source>
        <translation>KV 块大小：</translation>
    </message>
    <message>
        <source>Change KV block size</source>
        <translation>更改 KV 块大小</translation>
    </message>
    <message>
        <source>Enforce eager (no CUDA graphs)</source>
        <translation>强制 eager 模式（不使用 CUDA 图）</translation>
    </message>
    <message>
        <source>Change enforce eager</source>
        <translation>更改强制 eager 模式</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Images in each sequence; their tokens join the text tokens</source>
        <translation>每个序列中的图像数；图像 token 与文本 token 一起进入语言模型</translation>
    </message>
    <message>
        <source>Images per sequence:</source>
        <translation>每序列图像数：</translation>
    </message>
    <message>
        <source>Change images per sequence</source>
        <translation>更改每序列图像数</translation>
    </message>
    <message>
        <source>Vision tower trains (full training)</source>
        <translation>训练视觉塔（全量训练）</translation>
    </message>
    <message>
        <source>Change vision tower training</source>
        <translation>更改视觉塔训练</translation>
    </message>
    <message>
        <source>Expert parallel degree: each GPU holds experts / EP of every MoE layer; must divide the experts and the data-parallel GPUs</source>
        <translation>专家并行度：每个 GPU 持有每个 MoE 层的 专家数 / EP 个专家；须整除专家数和数据并行的 GPU 数</translation>
    </message>
    <message>
        <source>vLLM expert parallel (--enable-expert-parallel): 1 = off, or all %1 GPUs (tensor x data parallel), each holding whole experts; a step up turns it on</source>
        <translation>vLLM 专家并行（--enable-expert-parallel）：1 = 关闭，或全部 %1 个 GPU（张量并行 x 数据并行），每个 GPU 持有完整的专家；增大一步即开启</translation>
    </message>
    <message>
        <source>Expert parallel:</source>
        <translation>专家并行：</translation>
    </message>
    <message>
        <source>Change expert parallel</source>
        <translation>更改专家并行</translation>
    </message>
    <message>
        <source>All-to-all backend:</source>
        <translation>All-to-all 后端：</translation>
    </message>
    <message>
        <source>vLLM's --all2all-backend: how expert parallelism over several data-parallel engines moves tokens; DeepEP allocates its own buffers, which the KV cache gives up</source>
        <translation>vLLM 的 --all2all-backend：多个数据并行引擎之间的专家并行如何传送 token；DeepEP 自行分配缓冲区，KV 缓存相应减少</translation>
    </message>
    <message>
        <source>Change all-to-all backend</source>
        <translation>更改 all-to-all 后端</translation>
    </message>
</context>
<context>
    <name>memplan::gui::Autosave</name>
    <message>
        <source>%1: cannot create the autosave folder</source>
        <translation>%1：无法创建自动保存文件夹</translation>
    </message>
    <message>
        <source>%1: autosave failed: %2</source>
        <translation>%1：自动保存失败：%2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::BreakdownModel</name>
    <message>
        <source> &amp;mdash; %1 % of the total</source>
        <translation> &amp;mdash; 占总量的 %1%</translation>
    </message>
    <message>
        <source>Made of:</source>
        <translation>组成：</translation>
    </message>
    <message>
        <source>Nothing of this kind is resident at the peak.</source>
        <translation>峰值时没有驻留此类内容。</translation>
    </message>
    <message>
        <source>Peak allocated</source>
        <translation>峰值已分配</translation>
    </message>
    <message>
        <source>Total (as nvidia-smi shows)</source>
        <translation>总计（nvidia-smi 显示值）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1: the sum of the five components above, what torch.cuda.max_memory_allocated() reports</source>
        <translation>%1：上述五个组成部分之和，即 torch.cuda.max_memory_allocated() 报告的值</translation>
    </message>
    <message>
        <source>%1: peak allocated plus runtime overhead, what nvidia-smi shows</source>
        <translation>%1：峰值已分配加上运行时开销，即 nvidia-smi 显示的值</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组成部分</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ChartExporter</name>
    <message>
        <source>%1: could not write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: there is no chart to export</source>
        <translation>%1：没有可导出的图表</translation>
    </message>
    <message>
        <source>%1: unknown chart format &quot;%2&quot; (use .png, .svg or .pdf)</source>
        <translation>%1：未知的图表格式“%2”（请使用 .png、.svg 或 .pdf）</translation>
    </message>
    <message>
        <source>size %1x%2: each side must be %3 to %4 pixels</source>
        <translation>尺寸 %1x%2：每边必须为 %3 到 %4 像素</translation>
    </message>
    <message>
        <source>resolution %1 dpi: must be %2 to %3 dpi</source>
        <translation>分辨率 %1 dpi：必须为 %2 到 %3 dpi</translation>
    </message>
</context>
<context>
    <name>memplan::gui::CompareChart</name>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation>超出 %1</translation>
    </message>
    <message>
        <source>Memory per GPU, %1</source>
        <translation>每 GPU 显存，%1</translation>
    </message>
    <message>
        <source>GPU capacity (%1)</source>
        <translation>GPU 容量 (%1)</translation>
    </message>
    <message>
        <source>GPU capacity, %1 (%2)</source>
        <translation>GPU 容量，%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2: %3
Total per GPU: %4</source>
        <translation>%1 — %2：%3
每 GPU 总计：%4</translation>
    </message>
</context>
<context>
    <name>memplan::gui::CompareView</name>
    <message>
        <source>Add column</source>
        <translation>添加列</translation>
    </message>
    <message>
        <source>Add a column: the current plan with one thing changed</source>
        <translation>添加一列：在当前方案基础上更改一项设置</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Duplicate the selected column, to change one more thing in the copy</source>
        <translation>复制所选列，以便在副本中再更改一项设置</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected column</source>
        <translation>移除所选列</translation>
    </message>
    <message>
        <source>Move left</source>
        <translation>左移</translation>
    </message>
    <message>
        <source>Move the selected column left</source>
        <translation>将所选列左移</translation>
    </message>
    <message>
        <source>Move right</source>
        <translation>右移</translation>
    </message>
    <message>
        <source>Move the selected column right</source>
        <translation>将所选列右移</translation>
    </message>
    <message>
        <source>Typical comparisons</source>
        <translation>典型对比</translation>
    </message>
    <message>
        <source>Start over from a typical comparison</source>
        <translation>从典型对比重新开始</translation>
    </message>
    <message>
        <source>Why the columns differ</source>
        <translation>各列差异原因</translation>
    </message>
    <message>
        <source>Compare columns</source>
        <translation>对比各列</translation>
    </message>
    <message>
        <source>Current plan, unchanged</source>
        <translation>当前方案（未更改）</translation>
    </message>
    <message>
        <source>Precisions: FP32 vs BF16 mixed vs INT8</source>
        <translation>精度：FP32 vs BF16 混合精度 vs INT8</translation>
    </message>
    <message>
        <source>Every recipe</source>
        <translation>所有精度方案</translation>
    </message>
    <message>
        <source>Fine-tuning: full vs LoRA vs QLoRA</source>
        <translation>微调：全量 vs LoRA vs QLoRA</translation>
    </message>
    <message>
        <source>Sharding: DDP vs ZeRO-1 vs ZeRO-2 vs ZeRO-3</source>
        <translation>分片：DDP vs ZeRO-1 vs ZeRO-2 vs ZeRO-3</translation>
    </message>
    <message>
        <source>GPUs: 8 vs 16</source>
        <translation>GPU：8 vs 16</translation>
    </message>
    <message>
        <source>Optimizers: AdamW vs AdamW 8-bit vs SGD</source>
        <translation>优化器：AdamW vs AdamW 8-bit vs SGD</translation>
    </message>
    <message>
        <source>Recomputation: none vs selective vs full</source>
        <translation>重计算：无 vs 选择性 vs 完全</translation>
    </message>
    <message>
        <source>Accounting: realistic vs textbook</source>
        <translation>计量方式：真实 vs 教科书</translation>
    </message>
    <message>
        <source>At most %1 columns: remove one first.</source>
        <translation>最多 %1 列：请先移除一列。</translation>
    </message>
    <message>
        <source>Select a column to change what it differs in.</source>
        <translation>选择一列以更改其不同之处。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; changes what is in bold; the rest follows the plan:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 更改了粗体所示的设置；其余设置与方案一致：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>plan: %1</source>
        <translation>方案：%1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Add a second column to see why the columns differ.&lt;/p&gt;</source>
        <translation>&lt;p&gt;添加第二列以查看各列差异的原因。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Serving: KV cache in the model's dtype vs FP8</source>
        <translation>推理服务：KV 缓存使用模型数据类型 vs FP8</translation>
    </message>
    <message>
        <source>Serving: context 8k vs 32k vs 128k tokens</source>
        <translation>推理服务：上下文 8k vs 32k vs 128k 词元</translation>
    </message>
    <message>
        <source>Change the Compare columns</source>
        <translation>更改对比列</translation>
    </message>
    <message>
        <source>LoRA base: NF4 (QLoRA) vs INT8 vs BF16</source>
        <translation>LoRA 基座：NF4 (QLoRA) vs INT8 vs BF16</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ControlPanel</name>
    <message>
        <source>More settings: model, method, parallelism, hardware</source>
        <translation>更多设置：模型、方法、并行、硬件</translation>
    </message>
    <message>
        <source>Assumptions and warnings</source>
        <translation>假设与警告</translation>
    </message>
    <message>
        <source>Trains %1 of %2 parameters.</source>
        <translation>训练 %2 个参数中的 %1 个。</translation>
    </message>
    <message>
        <source>CPU memory for offloaded states: %1 per GPU.</source>
        <translation>卸载状态所需的 CPU 内存：每 GPU %1。</translation>
    </message>
    <message>
        <source>Serves %1 parameters with vLLM; nothing trains.</source>
        <translation>用 vLLM 提供 %1 参数的推理服务；不训练任何参数。</translation>
    </message>
    <message>
        <source>KV cache: %1 tokens; %2 concurrent requests of %3 tokens; the longest single request: %4 tokens.</source>
        <translation>KV 缓存：%1 个词元；可并发 %2 个 %3 词元的请求；单个请求最长 %4 个词元。</translation>
    </message>
    <message>
        <source>Inference with %1 parameters; nothing trains.</source>
        <translation>使用 %1 参数进行推理；不训练任何参数。</translation>
    </message>
</context>
<context>
    <name>memplan::gui::Dialogs</name>
    <message>
        <source>memplan plans (*.memplan.json);;JSON files (*.json);;All files (*)</source>
        <translation>memplan 计划 (*.memplan.json);;JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The plan &quot;%1&quot; has unsaved changes. Save them first?</source>
        <translation>方案“%1”有未保存的更改。是否先保存？</translation>
    </message>
    <message>
        <source>Open plan</source>
        <translation>打开方案</translation>
    </message>
    <message>
        <source>Save plan as</source>
        <translation>方案另存为</translation>
    </message>
    <message>
        <source>Plans and Hugging Face configs (*.memplan.json config.json *.json);;memplan plans (*.memplan.json);;Hugging Face configs (config.json);;All files (*)</source>
        <translation>计划和 Hugging Face 配置 (*.memplan.json config.json *.json);;memplan 计划 (*.memplan.json);;Hugging Face 配置 (config.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportChartDialog</name>
    <message>
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;File (.png, .svg, .pdf):</source>
        <translation>文件 (.png, .svg, .pdf)(&amp;F)：</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Higher values draw text and lines larger in the same pixels (for print)</source>
        <translation>数值越高，在相同像素内绘制的文字和线条越大（用于打印）</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>分辨率(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>Explain why the columns differ, under the chart</source>
        <translation>在图表下方说明各列差异的原因</translation>
    </message>
    <message>
        <source>State the plan's assumptions in a footer</source>
        <translation>在页脚中注明方案的假设</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportCli</name>
    <message>
        <source>Write the chart headless to &lt;file&gt;; the format follows the suffix (.png, .svg, .pdf).</source>
        <translation>以无界面方式将图表写入 &lt;file&gt;；格式由后缀决定（.png、.svg、.pdf）。</translation>
    </message>
    <message>
        <source>Write the numbers headless to &lt;file&gt;: .csv, .md (a Markdown table) or .json.</source>
        <translation>以无界面方式将数值写入 &lt;file&gt;：.csv、.md（Markdown 表格）或 .json。</translation>
    </message>
    <message>
        <source>Compare scenarios of the plan side by side: recipes (fp32,bf16-mixed,int8), methods, sharding stages, or KEY=VALUE changes joined by '+' (parallelism.gpus=16).</source>
        <translation>并排比较该计划的多个场景：精度方案（fp32,bf16-mixed,int8）、方法、分片阶段，或以 '+' 连接的 KEY=VALUE 修改（parallelism.gpus=16）。</translation>
    </message>
    <message>
        <source>Chart total memory per GPU against micro_batch, seq_len, params or gpus; optionally VARIABLE:FROM:TO.</source>
        <translation>绘制每 GPU 总显存随 micro_batch、seq_len、params 或 gpus 变化的图表；可选格式 VARIABLE:FROM:TO。</translation>
    </message>
    <message>
        <source>Size of the exported chart in pixels (default 1600x1000).</source>
        <translation>导出图表的尺寸，单位为像素（默认 1600x1000）。</translation>
    </message>
    <message>
        <source>Resolution of the exported chart (default 96).</source>
        <translation>导出图表的分辨率（默认 96）。</translation>
    </message>
    <message>
        <source>Title above the exported chart (&quot;&quot; for none).</source>
        <translation>导出图表上方的标题（&quot;&quot; 表示无标题）。</translation>
    </message>
    <message>
        <source>Units of exported sizes: GiB (2^30 bytes, default) or GB (10^9 bytes).</source>
        <translation>导出大小所用的单位：GiB（2^30 字节，默认）或 GB（10^9 字节）。</translation>
    </message>
    <message>
        <source>--export-chart: no file given</source>
        <translation>--export-chart: 未指定文件</translation>
    </message>
    <message>
        <source>--export-data: no file given</source>
        <translation>--export-data: 未指定文件</translation>
    </message>
    <message>
        <source>--export-chart %1: unknown chart format (use .png, .svg or .pdf)</source>
        <translation>--export-chart %1: 未知的图表格式（请使用 .png、.svg 或 .pdf）</translation>
    </message>
    <message>
        <source>--export-data %1: unknown data format (use .csv, .md or .json)</source>
        <translation>--export-data %1: 未知的数据格式（请使用 .csv、.md 或 .json）</translation>
    </message>
    <message>
        <source>--compare: no scenarios given</source>
        <translation>--compare: 未指定场景</translation>
    </message>
    <message>
        <source>--compare: at most %1 scenarios, got %2</source>
        <translation>--compare: 最多 %1 个场景，实际为 %2 个</translation>
    </message>
    <message>
        <source>--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1600x1000</source>
        <translation>--size %1: 应为以像素为单位的 WIDTHxHEIGHT，例如 1600x1000</translation>
    </message>
    <message>
        <source>--dpi %1: expected a whole number</source>
        <translation>--dpi %1: 应为整数</translation>
    </message>
    <message>
        <source>--units %1: expected GiB or GB</source>
        <translation>--units %1: 应为 GiB 或 GB</translation>
    </message>
    <message>
        <source>memplan: --compare %1: %2</source>
        <translation>memplan: --compare %1: %2</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前计划</translation>
    </message>
    <message>
        <source>memplan: --sweep %1: %2</source>
        <translation>memplan: --sweep %1: %2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportController</name>
    <message>
        <source>Export &amp;Chart…</source>
        <translation>导出图表(&amp;C)…</translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF with a title and the plan's assumptions</source>
        <translation>将图表连同标题和方案假设保存为 PNG、SVG 或 PDF</translation>
    </message>
    <message>
        <source>Export &amp;Data…</source>
        <translation>导出数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Save the chart's numbers as CSV, a Markdown table or JSON</source>
        <translation>将图表数值保存为 CSV、Markdown 表格或 JSON</translation>
    </message>
    <message>
        <source>Cop&amp;y Chart</source>
        <translation>复制图表(&amp;Y)</translation>
    </message>
    <message>
        <source>Copy the chart to the clipboard as an image</source>
        <translation>将图表作为图像复制到剪贴板</translation>
    </message>
    <message>
        <source>Chart copied to the clipboard</source>
        <translation>图表已复制到剪贴板</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前方案</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Chart exported to %1</source>
        <translation>图表已导出到 %1</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Markdown table (*.md);;JSON (*.json)</source>
        <translation>CSV (*.csv);;Markdown 表格 (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Data exported to %1</source>
        <translation>数据已导出到 %1</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ExportData</name>
    <message>
        <source>%1, scaled</source>
        <translation>%1（缩放）</translation>
    </message>
    <message>
        <source>derived Llama-style model</source>
        <translation>推导出的 Llama 风格模型</translation>
    </message>
    <message>
        <source>custom model</source>
        <translation>自定义模型</translation>
    </message>
    <message>
        <source>Model: %1 (%2 parameters)</source>
        <translation>模型：%1（%2 参数）</translation>
    </message>
    <message>
        <source>recipe %1</source>
        <translation>精度方案 %1</translation>
    </message>
    <message>
        <source>optimizer %1</source>
        <translation>优化器 %1</translation>
    </message>
    <message>
        <source>micro-batch %1 × sequence %2 tokens</source>
        <translation>微批次 %1 × 序列 %2 词元</translation>
    </message>
    <message>
        <source> + %1 generated</source>
        <translation> + 生成 %1 个</translation>
    </message>
    <message>
        <source>, gradient accumulation %1</source>
        <translation>，梯度累积 %1</translation>
    </message>
    <message>
        <source>1 GPU</source>
        <translation>1 个 GPU</translation>
    </message>
    <message>
        <source>%1 GPUs</source>
        <translation>%1 个 GPU</translation>
    </message>
    <message>
        <source> (%1 GiB)</source>
        <translation> (%1 GiB)</translation>
    </message>
    <message>
        <source>sharding %1</source>
        <translation>分片 %1</translation>
    </message>
    <message>
        <source>TP %1 × PP %2</source>
        <translation>TP %1 × PP %2</translation>
    </message>
    <message>
        <source>offload: %1</source>
        <translation>卸载：%1</translation>
    </message>
    <message>
        <source>checkpointing %1</source>
        <translation>激活检查点 %1</translation>
    </message>
    <message>
        <source>attention %1</source>
        <translation>注意力 %1</translation>
    </message>
    <message>
        <source>%1 accounting</source>
        <translation>%1 核算方式</translation>
    </message>
    <message>
        <source>sizes in %1</source>
        <translation>大小单位为 %1</translation>
    </message>
    <message>
        <source>memplan %1</source>
        <translation>memplan %1</translation>
    </message>
    <message>
        <source>Plan: %1.</source>
        <translation>计划：%1。</translation>
    </message>
    <message>
        <source>Each column changes only: %1.</source>
        <translation>每列仅更改：%1。</translation>
    </message>
    <message>
        <source>Swept: %1 from %2 to %3 (the plan has %4).</source>
        <translation>扫描：%1 从 %2 到 %3（计划中为 %4）。</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前计划</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <source>%1: memory per GPU</source>
        <translation>%1：每 GPU 显存</translation>
    </message>
    <message>
        <source>%1: memory per GPU compared</source>
        <translation>%1：每 GPU 显存对比</translation>
    </message>
    <message>
        <source>%1: memory per GPU by %2</source>
        <translation>%1：按%2划分的每 GPU 显存</translation>
    </message>
    <message>
        <source>%1: total memory per GPU against %2</source>
        <translation>%1：每 GPU 总显存随%2的变化</translation>
    </message>
    <message>
        <source>%1: could not write: %2</source>
        <translation>%1: 无法写入: %2</translation>
    </message>
    <message>
        <source>%1: unknown data format &quot;%2&quot; (use .csv, .md or .json)</source>
        <translation>%1: 未知的数据格式 &quot;%2&quot;（请使用 .csv、.md 或 .json）</translation>
    </message>
    <message>
        <source>utilization %1, context %2 tokens, %3 concurrent sequences, KV cache %4</source>
        <translation>显存利用率 %1，上下文 %2 词元，%3 条并发序列，KV 缓存 %4</translation>
    </message>
    <message>
        <source>model's</source>
        <translation>模型自身的</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>%1: %2 against %3</source>
        <translation>%1：%2 随 %3 的变化</translation>
    </message>
</context>
<context>
    <name>memplan::gui::HubDialog</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>&amp;Fetch</source>
        <translation>获取(&amp;F)</translation>
    </message>
    <message>
        <source>Model from Hugging Face</source>
        <translation>来自 Hugging Face 的模型</translation>
    </message>
    <message>
        <source>organisation/model, e.g. Qwen/Qwen3-8B (@revision optional)</source>
        <translation>组织/模型，例如 Qwen/Qwen3-8B（@修订版本可选）</translation>
    </message>
    <message>
        <source>Reads config.json and the safetensors headers (a few hundred KB, never the weights) from %1. HF_TOKEN or the token file of `hf auth login` opens gated and private models.</source>
        <translation>从 %1 读取 config.json 和 safetensors 文件头（几百 KB，从不下载权重）。HF_TOKEN 或 `hf auth login` 写入的令牌文件可打开受限模型和私有模型。</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Give the model as organisation/name, as on its Hugging Face page.</source>
        <translation>请按模型在 Hugging Face 页面上的写法输入“组织/名称”。</translation>
    </message>
    <message>
        <source>Fetching %1 …</source>
        <translation>正在获取 %1 …</translation>
    </message>
    <message>
        <source>Could not fetch %1:
%2</source>
        <translation>无法获取 %1：
%2</translation>
    </message>
    <message>
        <source>%1: %2 layers, hidden size %3, vocabulary %4</source>
        <translation>%1：%2 层，隐藏维度 %3，词表 %4</translation>
    </message>
    <message>
        <source>Mixture of experts: %1 experts, %2 per token</source>
        <translation>混合专家：%1 个专家，每个 token 激活 %2 个</translation>
    </message>
    <message>
        <source>%1 parameters (exact, from the safetensors headers; files: %2)</source>
        <translation>%1 个参数（精确值，来自 safetensors 文件头；文件数：%2）</translation>
    </message>
    <message>
        <source>Weights as stored: %1</source>
        <translation>存储的权重：%1</translation>
    </message>
    <message>
        <source>  %1: %2 (tensors: %3)</source>
        <translation>  %1：%2（张量数：%3）</translation>
    </message>
    <message>
        <source>The shape keys count %1 parameters; the plan uses the exact count.</source>
        <translation>按结构键计得 %1 个参数；计划使用精确值。</translation>
    </message>
    <message>
        <source>No safetensors files: the count comes from the shape (%1 parameters).</source>
        <translation>没有 safetensors 文件：参数量按结构计算（%1 个参数）。</translation>
    </message>
</context>
<context>
    <name>memplan::gui::Language</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>memplan::gui::MainWindow</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation>每 GPU</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Sizes in &amp;GiB (2^30 bytes)</source>
        <translation>以 GiB 为单位 (2^30 字节)(&amp;G)</translation>
    </message>
    <message>
        <source>Sizes in G&amp;B (10^9 bytes)</source>
        <translation>以 GB 为单位 (10^9 字节)(&amp;B)</translation>
    </message>
    <message>
        <source>Show &amp;more settings</source>
        <translation>显示更多设置(&amp;M)</translation>
    </message>
    <message>
        <source>Lock chart &amp;y-axis</source>
        <translation>锁定图表纵轴(&amp;Y)</translation>
    </message>
    <message>
        <source>Keep the charts' vertical range as it is while values change</source>
        <translation>数值变化时保持图表的纵向范围不变</translation>
    </message>
    <message>
        <source>&amp;About memplan</source>
        <translation>关于 memplan(&amp;A)</translation>
    </message>
    <message>
        <source>About memplan</source>
        <translation>关于 memplan</translation>
    </message>
    <message>
        <source>&lt;b&gt;memplan %1&lt;/b&gt;&lt;br/&gt;Plans the GPU memory that training and running large language models needs.</source>
        <translation>&lt;b&gt;memplan %1&lt;/b&gt;&lt;br/&gt;规划训练和运行大语言模型所需的 GPU 显存。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes the next time memplan starts.</source>
        <translation>语言将在下次启动 memplan 时生效。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>%1[*] — memplan</source>
        <translation>%1[*] — memplan</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>新方案</translation>
    </message>
    <message>
        <source>Could not open the plan</source>
        <translation>无法打开方案</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Could not save the plan</source>
        <translation>无法保存方案</translation>
    </message>
    <message>
        <source>%1: the plan is not valid and could not be opened again: %2</source>
        <translation>%1：方案无效，无法重新打开：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>an untitled plan</source>
        <translation>未命名方案</translation>
    </message>
    <message>
        <source>memplan did not close properly last time. Restore the plan it was working on (%1), as it was a few seconds before it stopped?</source>
        <translation>memplan 上次未正常关闭。是否恢复当时正在处理的方案 (%1)，恢复到其停止前几秒钟的状态？</translation>
    </message>
    <message>
        <source>Restored the plan from %1</source>
        <translation>已从 %1 恢复方案</translation>
    </message>
    <message>
        <source>Could not restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>The autosaved copy was kept at %1.</source>
        <translation>自动保存的副本已保留在 %1。</translation>
    </message>
    <message>
        <source>The autosaved copy was left at %1.</source>
        <translation>自动保存的副本仍在 %1。</translation>
    </message>
    <message>
        <source>Imported the model of %1 into a new plan</source>
        <translation>已将 %1 的模型导入新计划</translation>
    </message>
    <message>
        <source>From &amp;Hugging Face…</source>
        <translation>从 Hugging Face 导入(&amp;H)…</translation>
    </message>
    <message>
        <source>Imported %1 from Hugging Face into a new plan</source>
        <translation>已从 Hugging Face 将 %1 导入新计划</translation>
    </message>
</context>
<context>
    <name>memplan::gui::MemoryChartView</name>
    <message>
        <source>Per GPU</source>
        <translation>每 GPU</translation>
    </message>
    <message>
        <source>%1 per GPU</source>
        <translation>每 GPU %1</translation>
    </message>
    <message>
        <source>Dashed line: the capacity of one GPU, %1</source>
        <translation>虚线：单个 GPU 的容量，%1</translation>
    </message>
    <message>
        <source>No GPU chosen: no capacity line</source>
        <translation>未选择 GPU：无容量线</translation>
    </message>
    <message>
        <source>; error bar: the range %1 to %2</source>
        <translation>；误差线：范围 %1 至 %2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::PerGpuView</name>
    <message>
        <source>Units:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>GiB (2^30 bytes)</source>
        <translation>GiB (2^30 字节)</translation>
    </message>
    <message>
        <source>GB (10^9 bytes)</source>
        <translation>GB (10^9 字节)</translation>
    </message>
    <message>
        <source>Binary units, as nvidia-smi and PyTorch report</source>
        <translation>二进制单位，与 nvidia-smi 和 PyTorch 报告的一致</translation>
    </message>
    <message>
        <source>Decimal units, as GPU memory is often sold</source>
        <translation>十进制单位，GPU 显存销售时常用</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Per-GPU breakdown</source>
        <translation>每 GPU 明细</translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation>每 GPU</translation>
    </message>
    <message>
        <source>No GPU chosen</source>
        <translation>未选择 GPU</translation>
    </message>
    <message>
        <source>%1 — peak at: %2</source>
        <translation>%1 — 峰值位于：%2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::PlanDocument</name>
    <message>
        <source>%1: could not save: %2</source>
        <translation>%1：无法保存：%2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::PlanEdits</name>
    <message>
        <source>%1: %2 parameters</source>
        <translation>%1：%2 参数</translation>
    </message>
    <message>
        <source>%1, scaled: %2 layers × %3, %4 parameters</source>
        <translation>%1（缩放）：%2 层 × %3，%4 参数</translation>
    </message>
    <message>
        <source>Derived: %1 layers × %2, %3 parameters</source>
        <translation>推导：%1 层 × %2，%3 参数</translation>
    </message>
    <message>
        <source>Custom: %1 layers × %2, %3 parameters</source>
        <translation>自定义：%1 层 × %2，%3 参数</translation>
    </message>
</context>
<context>
    <name>memplan::gui::PrimaryControls</name>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <source>Parameter count</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Total parameters. Type a count such as 7B, 1.5T or 350M; the slider snaps to readable values from 100M to 2T.</source>
        <translation>参数总数。可输入 7B、1.5T 或 350M 等数值；滑块会吸附到 100M 至 2T 之间的易读数值。</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>参数(&amp;P)：</translation>
    </message>
    <message>
        <source>Precision recipe</source>
        <translation>精度方案</translation>
    </message>
    <message>
        <source>Which data type each tensor class uses (weights, gradients, master weights, optimizer states, activations).</source>
        <translation>每类张量（权重、梯度、主权重、优化器状态、激活值）所使用的数据类型。</translation>
    </message>
    <message>
        <source>P&amp;recision:</source>
        <translation>精度(&amp;R)：</translation>
    </message>
    <message>
        <source> sequences</source>
        <translation> 条序列</translation>
    </message>
    <message>
        <source>Micro-batch size</source>
        <translation>微批次大小</translation>
    </message>
    <message>
        <source>&amp;Micro-batch:</source>
        <translation>微批次(&amp;M)：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>Tokens per sequence; the slider moves in powers of two, the field accepts any length from 128 to 1,048,576, also as 32k (32,768).</source>
        <translation>每条序列的词元数；滑块按 2 的幂移动，输入框接受 128 到 1,048,576 之间的任意长度，也可写作 32k（32,768）。</translation>
    </message>
    <message>
        <source>&amp;Sequence length:</source>
        <translation>序列长度(&amp;S)：</translation>
    </message>
    <message>
        <source> GPUs</source>
        <translation> 块 GPU</translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation>GPU 数量</translation>
    </message>
    <message>
        <source>&amp;GPUs:</source>
        <translation>GPU(&amp;G)：</translation>
    </message>
    <message>
        <source> sequence</source>
        <translation> 条序列</translation>
    </message>
    <message>
        <source> GPU</source>
        <translation> 块 GPU</translation>
    </message>
    <message>
        <source>Shape rule: %1</source>
        <translation>形状规则：%1</translation>
    </message>
    <message>
        <source>Change parameter count</source>
        <translation>更改参数量</translation>
    </message>
    <message>
        <source>Change precision</source>
        <translation>更改精度</translation>
    </message>
    <message>
        <source>Change micro-batch</source>
        <translation>更改微批次</translation>
    </message>
    <message>
        <source>Change sequence length</source>
        <translation>更改序列长度</translation>
    </message>
    <message>
        <source>Change GPU count</source>
        <translation>更改 GPU 数量</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>GPU memory utilization</source>
        <translation>GPU 显存利用率</translation>
    </message>
    <message>
        <source>vLLM's gpu_memory_utilization: the share of the GPU's memory the engine may use for weights, activations and its KV cache</source>
        <translation>vLLM 的 gpu_memory_utilization：引擎可用于权重、激活和 KV 缓存的 GPU 显存比例</translation>
    </message>
    <message>
        <source>Utilization:</source>
        <translation>利用率：</translation>
    </message>
    <message>
        <source>Concurrent se&amp;quences:</source>
        <translation>并发序列(&amp;Q)：</translation>
    </message>
    <message>
        <source>Concurrent sequences</source>
        <translation>并发序列</translation>
    </message>
    <message>
        <source>Context le&amp;ngth:</source>
        <translation>上下文长度(&amp;N)：</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>vLLM's max_num_seqs: sequences the engine schedules at once (its sampler's peak grows with them)</source>
        <translation>vLLM 的 max_num_seqs：引擎同时调度的序列数（采样器的峰值随之增长）</translation>
    </message>
    <message>
        <source>vLLM's max_model_len: the longest request, prompt and output together; the KV cache must hold one of them</source>
        <translation>vLLM 的 max_model_len：最长请求（提示与输出合计）；KV 缓存至少要容纳一条这样的请求</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Prompt length:</source>
        <translation>提示长度：</translation>
    </message>
    <message>
        <source>Prompt length</source>
        <translation>提示长度</translation>
    </message>
    <message>
        <source>Sequences generated at once</source>
        <translation>同时生成的序列数</translation>
    </message>
    <message>
        <source>Tokens of each prompt; the KV cache grows to prompt + new tokens (More settings)</source>
        <translation>每个提示的词元数；KV 缓存会增长到提示 + 新词元（见更多设置）</translation>
    </message>
    <message>
        <source>Change concurrent sequences</source>
        <translation>更改并发序列数</translation>
    </message>
    <message>
        <source>Change context length</source>
        <translation>更改上下文长度</translation>
    </message>
    <message>
        <source>Change GPU memory utilization</source>
        <translation>更改 GPU 显存利用率</translation>
    </message>
    <message>
        <source>Plan title</source>
        <translation>计划标题</translation>
    </message>
    <message>
        <source>The plan's name: the window title and exported charts show it</source>
        <translation>计划名称：窗口标题和导出的图表会显示它</translation>
    </message>
    <message>
        <source>Plan title:</source>
        <translation>计划标题：</translation>
    </message>
    <message>
        <source>no GPU chosen</source>
        <translation>未选择 GPU</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1，运行于 %2</translation>
    </message>
    <message>
        <source>Rename plan</source>
        <translation>重命名计划</translation>
    </message>
    <message>
        <source>Tokens per sequence; the slider moves in powers of two, the field accepts any length from 128 to 1,048,576.</source>
        <translation>每个序列的词元数；滑块按 2 的幂移动，输入框接受 128 到 1,048,576 之间的任意长度。</translation>
    </message>
</context>
<context>
    <name>memplan::gui::ScenarioModel</name>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Accounting</source>
        <translation>计算口径</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Checkpointing</source>
        <translation>重计算</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Sharding</source>
        <translation>分片</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU 数</translation>
    </message>
    <message>
        <source>Micro-batch</source>
        <translation>微批次</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>nothing (the current plan)</source>
        <translation>无（当前方案）</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>no GPU chosen</source>
        <translation>未选择 GPU</translation>
    </message>
    <message>
        <source>fits, %1 free</source>
        <translation>可容纳，剩余 %1</translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation>超出 %1</translation>
    </message>
    <message>
        <source>The current plan, unchanged</source>
        <translation>当前方案，未更改</translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation>更改：%1</translation>
    </message>
    <message>
        <source>Total per GPU: %1</source>
        <translation>每 GPU 总计：%1</translation>
    </message>
    <message>
        <source>Not a valid plan: %1</source>
        <translation>无效方案：%1</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Total per GPU (%1)</source>
        <translation>每 GPU 总计 (%1)</translation>
    </message>
    <message>
        <source>Fits?</source>
        <translation>能否容纳？</translation>
    </message>
    <message>
        <source>%1 GPUs</source>
        <translation>%1 个 GPU</translation>
    </message>
    <message>
        <source>micro-batch %1</source>
        <translation>微批次 %1</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation>秩 %1</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <source>%1 accounting</source>
        <translation>%1 核算方式</translation>
    </message>
    <message>
        <source>%1 recompute</source>
        <translation>%1 重计算</translation>
    </message>
    <message>
        <source>%1 attention</source>
        <translation>%1 注意力</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前计划</translation>
    </message>
    <message>
        <source>1 GPU</source>
        <translation>1 个 GPU</translation>
    </message>
    <message>
        <source>KV cache %1 tokens (%2 × %3)</source>
        <translation>KV 缓存 %1 词元（%2 × %3）</translation>
    </message>
    <message>
        <source>KV cache dtype</source>
        <translation>KV 缓存类型</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Concurrent sequences</source>
        <translation>并发序列</translation>
    </message>
    <message>
        <source>%1 KV cache</source>
        <translation>%1 KV 缓存</translation>
    </message>
    <message>
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <source>%1 sequences</source>
        <translation>%1 条序列</translation>
    </message>
</context>
<context>
    <name>memplan::gui::SliderField</name>
    <message>
        <source>“%1” is not a number.</source>
        <translation>“%1”不是数字。</translation>
    </message>
    <message>
        <source>“%1” is below the smallest value, %2.</source>
        <translation>“%1”低于最小值 %2。</translation>
    </message>
    <message>
        <source>“%1” is above the largest value, %2.</source>
        <translation>“%1”高于最大值 %2。</translation>
    </message>
</context>
<context>
    <name>memplan::gui::Suggestions</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Micro-batch %1 × %2 accumulation steps (same global batch)</source>
        <translation>微批次 %1 × %2 个累积步（全局批次不变）</translation>
    </message>
    <message>
        <source>Chunked loss (the full logits never exist at once)</source>
        <translation>分块损失（完整 logits 不会同时存在）</translation>
    </message>
    <message>
        <source>%1 activation recomputation</source>
        <translation>%1激活重计算</translation>
    </message>
    <message>
        <source>Sharding %1</source>
        <translation>分片 %1</translation>
    </message>
    <message>
        <source>Optimizer %1</source>
        <translation>优化器 %1</translation>
    </message>
    <message>
        <source>Tensor parallel %1 over %2 GPUs</source>
        <translation>张量并行 %1，共 %2 个 GPU</translation>
    </message>
    <message>
        <source>%1 GPUs (the fewest that fit)</source>
        <translation>%1 个 GPU（可容纳的最少数量）</translation>
    </message>
    <message>
        <source>QLoRA (4-bit base weights)</source>
        <translation>QLoRA（4 位基座权重）</translation>
    </message>
    <message>
        <source>%1 weights</source>
        <translation>%1 权重</translation>
    </message>
    <message>
        <source>Micro-batch %1 (the largest that fits)</source>
        <translation>微批次 %1（可容纳的最大值）</translation>
    </message>
    <message>
        <source>Together: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <source>GPU memory utilization %1 (a larger share for the engine)</source>
        <translation>GPU 显存利用率 %1（给引擎更大份额）</translation>
    </message>
    <message>
        <source>fp8 KV cache (half the bytes per token)</source>
        <translation>fp8 KV 缓存（每词元字节数减半）</translation>
    </message>
    <message>
        <source>Context length %1 tokens (the longest that fits)</source>
        <translation>上下文长度 %1 词元（能放下的最长值）</translation>
    </message>
    <message>
        <source>Offload the optimizer states and parameters to the CPU</source>
        <translation>将优化器状态和参数卸载到 CPU</translation>
    </message>
    <message>
        <source>Offload the optimizer states to the CPU</source>
        <translation>将优化器状态卸载到 CPU</translation>
    </message>
</context>
<context>
    <name>memplan::gui::Sweep</name>
    <message>
        <source>Micro-batch (sequences per GPU)</source>
        <translation>微批次（每 GPU 序列数）</translation>
    </message>
    <message>
        <source>Sequence length (tokens)</source>
        <translation>序列长度（词元）</translation>
    </message>
    <message>
        <source>Parameters (billions)</source>
        <translation>参数量（十亿）</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU 数</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>Context length, max_model_len (tokens)</source>
        <translation>上下文长度 max_model_len（词元）</translation>
    </message>
    <message>
        <source>Concurrent sequences, max_num_seqs</source>
        <translation>并发序列数 max_num_seqs</translation>
    </message>
    <message>
        <source>GPU memory utilization (share of the GPU)</source>
        <translation>GPU 显存利用率（占 GPU 的比例）</translation>
    </message>
    <message>
        <source>Total per GPU</source>
        <translation>每 GPU 总计</translation>
    </message>
    <message>
        <source>KV cache (tokens)</source>
        <translation>KV 缓存（词元）</translation>
    </message>
    <message>
        <source>Concurrent requests at max_model_len</source>
        <translation>max_model_len 长度下的并发请求数</translation>
    </message>
    <message>
        <source>Total per GPU, %1</source>
        <translation>每 GPU 总计，%1</translation>
    </message>
    <message>
        <source>KV cache, thousands of tokens</source>
        <translation>KV 缓存，千词元</translation>
    </message>
</context>
<context>
    <name>memplan::gui::SweepChart</name>
    <message>
        <source>First value that does not fit</source>
        <translation>第一个无法容纳的值</translation>
    </message>
    <message>
        <source>This plan (%1)</source>
        <translation>本方案 (%1)</translation>
    </message>
    <message>
        <source>GPU capacity (%1)</source>
        <translation>GPU 容量 (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>memplan::gui::SweepView</name>
    <message>
        <source>Sweep:</source>
        <translation>扫描：</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Default range</source>
        <translation>默认范围</translation>
    </message>
    <message>
        <source>A range around the plan's own value</source>
        <translation>以方案自身取值为中心的范围</translation>
    </message>
    <message>
        <source>Compare columns</source>
        <translation>对比各列</translation>
    </message>
    <message>
        <source>One line per column of the Compare tab</source>
        <translation>“对比”标签页中的每一列各画一条线</translation>
    </message>
    <message>
        <source>Current plan only</source>
        <translation>仅当前方案</translation>
    </message>
    <message>
        <source> B</source>
        <translation> B</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前方案</translation>
    </message>
    <message>
        <source>%1: every value fits</source>
        <translation>%1：所有取值均可容纳</translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>%1：&lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Choose a GPU to see where the plan stops fitting.</source>
        <translation>选择一款 GPU，以查看方案从何处开始无法容纳。</translation>
    </message>
    <message>
        <source>First value that does not fit — %1.</source>
        <translation>第一个无法容纳的值 — %1。</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>What the lines follow: the total per GPU, or what the serving engine's KV cache holds</source>
        <translation>曲线表示的量：每 GPU 总计，或推理服务引擎的 KV 缓存容量</translation>
    </message>
</context>
<context>
    <name>memplan::gui::TimelineView</name>
    <message>
        <source>forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>end of forward</source>
        <translation>前向结束</translation>
    </message>
    <message>
        <source>loss forward</source>
        <translation>损失前向</translation>
    </message>
    <message>
        <source>start of backward</source>
        <translation>反向开始</translation>
    </message>
    <message>
        <source>backward of the last layer</source>
        <translation>最后一层的反向</translation>
    </message>
    <message>
        <source>end of backward</source>
        <translation>反向结束</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化器步骤</translation>
    </message>
    <message>
        <source>end of generation</source>
        <translation>生成结束</translation>
    </message>
    <message>
        <source>textbook sum</source>
        <translation>教科书式总和</translation>
    </message>
    <message>
        <source>Memory per GPU through one step</source>
        <translation>单步过程中每 GPU 的显存</translation>
    </message>
    <message>
        <source>capacity minus runtime overhead: %1</source>
        <translation>容量减去运行时开销：%1</translation>
    </message>
    <message>
        <source>GiB (2^30 bytes) allocated</source>
        <translation>已分配 GiB (2^30 字节)</translation>
    </message>
    <message>
        <source>Peak allocated %1 at &quot;%2&quot; (%3). The main chart shows what is resident at that moment; the runtime overhead (%4) comes on top of every moment.</source>
        <translation>分配峰值 %1 出现在“%2”（%3）。主图显示该时刻驻留的内容；运行时开销（%4）会叠加在每个时刻之上。</translation>
    </message>
    <message>
        <source>▲ %1 (peak)</source>
        <translation>▲ %1（峰值）</translation>
    </message>
    <message>
        <source>rollout</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>scoring</source>
        <translation>打分</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>推理服务</translation>
    </message>
</context>
<context>
    <name>memplan::gui::UserGuideWindow</name>
    <message>
        <source>memplan user guide</source>
        <translation>memplan 用户指南</translation>
    </message>
</context>
<context>
    <name>memplan::gui::VerdictWidget</name>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>To make it fit:</source>
        <translation>要使其容纳：</translation>
    </message>
    <message>
        <source>Apply suggestion: %1</source>
        <translation>应用建议：%1</translation>
    </message>
    <message>
        <source>the GPU</source>
        <translation>该 GPU</translation>
    </message>
    <message>
        <source>⚠ Cannot evaluate this plan</source>
        <translation>⚠ 无法评估此方案</translation>
    </message>
    <message>
        <source>Needs %1 per GPU</source>
        <translation>每 GPU 需要 %1</translation>
    </message>
    <message>
        <source>No GPU chosen: pick a GPU model under More settings to see whether it fits.</source>
        <translation>未选择 GPU：请在“更多设置”中选择 GPU 型号，以查看是否能容纳。</translation>
    </message>
    <message>
        <source>✔ Fits: %1 headroom</source>
        <translation>✔ 可容纳：余量 %1</translation>
    </message>
    <message>
        <source>Uses %1 of the %2 of one %3 (%4 %).</source>
        <translation>占用单张 %3 的 %2 中的 %1（%4 %）。</translation>
    </message>
    <message>
        <source>✘ Does not fit: %1 over</source>
        <translation>✘ 无法容纳：超出 %1</translation>
    </message>
    <message>
        <source>Needs %1 per GPU; one %2 holds %3.</source>
        <translation>每 GPU 需要 %1；单张 %2 容量为 %3。</translation>
    </message>
    <message>
        <source>The largest micro-batch that fits is %1.</source>
        <translation>可容纳的最大微批次为 %1。</translation>
    </message>
    <message>
        <source>Saving is refused until the plan is fixed.</source>
        <translation>修复方案之前拒绝保存。</translation>
    </message>
    <message>
        <source>⚠ Plan not valid: no verdict until it is fixed</source>
        <translation>⚠ 方案无效：修复之前不给出结论</translation>
    </message>
    <message>
        <source>Apply: %1. Leaves %2 free.</source>
        <translation>应用：%1。剩余 %2 空闲。</translation>
    </message>
    <message>
        <source>No change of batch, recomputation, sharding, parallelism, precision or offload makes it fit; try a smaller model or a larger GPU.</source>
        <translation>调整批次、重计算、分片、并行、精度或卸载都无法使其容纳；请尝试更小的模型或更大的 GPU。</translation>
    </message>
    <message>
        <source>✔ Fits unless the high estimate holds: %1 headroom</source>
        <translation>✔ 可容纳（除非高估值成立）：余量 %1</translation>
    </message>
    <message>
        <source>Range %1 to %2.</source>
        <translation>范围 %1 至 %2。</translation>
    </message>
    <message>
        <source>The KV cache holds %1 tokens: %2 concurrent requests of %3 tokens.</source>
        <translation>KV 缓存可容纳 %1 个 token：%2 个 %3 token 的并发请求。</translation>
    </message>
</context>
<context>
    <name>memplan::moments</name>
    <message>
        <source>end of forward</source>
        <translation>前向结束</translation>
    </message>
    <message>
        <source>loss forward</source>
        <translation>损失前向</translation>
    </message>
    <message>
        <source>start of backward</source>
        <translation>反向开始</translation>
    </message>
    <message>
        <source>backward of the last layer</source>
        <translation>最后一层的反向</translation>
    </message>
    <message>
        <source>end of backward</source>
        <translation>反向结束</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化器步骤</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>end of generation</source>
        <translation>生成结束</translation>
    </message>
    <message>
        <source>profile run</source>
        <translation>性能分析运行</translation>
    </message>
    <message>
        <source>engine ready</source>
        <translation>引擎就绪</translation>
    </message>
    <message>
        <source>rollout (generation)</source>
        <translation>rollout（生成）</translation>
    </message>
    <message>
        <source>scoring (reference / reward forward)</source>
        <translation>打分（参考 / 奖励模型前向）</translation>
    </message>
    <message>
        <source>textbook sum</source>
        <translation>教科书式总和</translation>
    </message>
</context>
<context>
    <name>memplan::names</name>
    <message>
        <source>Gated (SwiGLU/GeGLU)</source>
        <translation>门控 (SwiGLU/GeGLU)</translation>
    </message>
    <message>
        <source>Plain (GELU)</source>
        <translation>普通 (GELU)</translation>
    </message>
    <message>
        <source>RMSNorm</source>
        <translation>RMSNorm</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>No biases</source>
        <translation>无偏置</translation>
    </message>
    <message>
        <source>QKV biases</source>
        <translation>QKV 偏置</translation>
    </message>
    <message>
        <source>All linear biases</source>
        <translation>所有线性层偏置</translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation>RoPE</translation>
    </message>
    <message>
        <source>Learned positions</source>
        <translation>可学习位置编码</translation>
    </message>
    <message>
        <source>ALiBi</source>
        <translation>ALiBi</translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation>全量微调</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation>QLoRA</translation>
    </message>
    <message>
        <source>Freeze lower layers</source>
        <translation>冻结底层</translation>
    </message>
    <message>
        <source>GaLore</source>
        <translation>GaLore</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>FP32</source>
        <translation>FP32</translation>
    </message>
    <message>
        <source>FP16 mixed</source>
        <translation>FP16 混合精度</translation>
    </message>
    <message>
        <source>BF16 mixed</source>
        <translation>BF16 混合精度</translation>
    </message>
    <message>
        <source>BF16 pure</source>
        <translation>纯 BF16</translation>
    </message>
    <message>
        <source>FP8 mixed</source>
        <translation>FP8 混合精度</translation>
    </message>
    <message>
        <source>INT8</source>
        <translation>INT8</translation>
    </message>
    <message>
        <source>INT4</source>
        <translation>INT4</translation>
    </message>
    <message>
        <source>Realistic</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Textbook</source>
        <translation>教科书</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>AdamW 8-bit</source>
        <translation>AdamW 8 位</translation>
    </message>
    <message>
        <source>Adafactor</source>
        <translation>Adafactor</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Lion</source>
        <translation>Lion</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Selective</source>
        <translation>选择性</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>完全</translation>
    </message>
    <message>
        <source>Eager</source>
        <translation>Eager</translation>
    </message>
    <message>
        <source>Flash / SDPA</source>
        <translation>Flash / SDPA</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Chunked</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>foreach (multi-tensor)</source>
        <translation>foreach（多张量）</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>融合 (fused)</translation>
    </message>
    <message>
        <source>per-parameter loop</source>
        <translation>逐参数循环</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>fp8</source>
        <translation>fp8</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>nf4</source>
        <translation>nf4</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Master weights</source>
        <translation>主权重</translation>
    </message>
    <message>
        <source>Optimizer states</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>None (DDP)</source>
        <translation>无 (DDP)</translation>
    </message>
    <message>
        <source>ZeRO-1</source>
        <translation>ZeRO-1</translation>
    </message>
    <message>
        <source>ZeRO-2 / FSDP SHARD_GRAD_OP</source>
        <translation>ZeRO-2 / FSDP SHARD_GRAD_OP</translation>
    </message>
    <message>
        <source>ZeRO-3 / FSDP FULL_SHARD</source>
        <translation>ZeRO-3 / FSDP FULL_SHARD</translation>
    </message>
    <message>
        <source>Optimizer to CPU</source>
        <translation>优化器卸载到 CPU</translation>
    </message>
    <message>
        <source>Optimizer and parameters to CPU</source>
        <translation>优化器和参数卸载到 CPU</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Runtime overhead</source>
        <translation>运行时开销</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Optimizer step</source>
        <translation>优化器步骤</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Plain PyTorch</source>
        <translation>原生 PyTorch</translation>
    </message>
    <message>
        <source>Hugging Face Trainer + PEFT</source>
        <translation>Hugging Face Trainer + PEFT</translation>
    </message>
    <message>
        <source>TRL</source>
        <translation>TRL</translation>
    </message>
    <message>
        <source>torchtune</source>
        <translation>torchtune</translation>
    </message>
    <message>
        <source>LitGPT</source>
        <translation>LitGPT</translation>
    </message>
    <message>
        <source>ms-swift</source>
        <translation>ms-swift</translation>
    </message>
    <message>
        <source>LLaMA-Factory</source>
        <translation>LLaMA-Factory</translation>
    </message>
    <message>
        <source>Axolotl</source>
        <translation>Axolotl</translation>
    </message>
    <message>
        <source>Unsloth</source>
        <translation>Unsloth</translation>
    </message>
    <message>
        <source>DeepSpeed ZeRO</source>
        <translation>DeepSpeed ZeRO</translation>
    </message>
    <message>
        <source>PyTorch FSDP1</source>
        <translation>PyTorch FSDP1</translation>
    </message>
    <message>
        <source>PyTorch FSDP2</source>
        <translation>PyTorch FSDP2</translation>
    </message>
    <message>
        <source>Megatron-LM</source>
        <translation>Megatron-LM</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>可容纳</translation>
    </message>
    <message>
        <source>fits unless</source>
        <translation>可容纳（除非高估值成立）</translation>
    </message>
    <message>
        <source>does not fit</source>
        <translation>无法容纳</translation>
    </message>
    <message>
        <source>NF4</source>
        <translation>NF4</translation>
    </message>
    <message>
        <source>FP4</source>
        <translation>FP4</translation>
    </message>
    <message>
        <source>Serving (vLLM)</source>
        <translation>推理服务（vLLM）</translation>
    </message>
    <message>
        <source>DPO</source>
        <translation>DPO</translation>
    </message>
    <message>
        <source>PPO</source>
        <translation>PPO</translation>
    </message>
    <message>
        <source>GRPO</source>
        <translation>GRPO</translation>
    </message>
    <message>
        <source>Model dtype</source>
        <translation>模型数据类型</translation>
    </message>
    <message>
        <source>FP8</source>
        <translation>FP8</translation>
    </message>
    <message>
        <source>All-gather / reduce-scatter</source>
        <translation>全收集 / 归约分散（All-gather / reduce-scatter）</translation>
    </message>
    <message>
        <source>DeepEP high-throughput</source>
        <translation>DeepEP 高吞吐</translation>
    </message>
    <message>
        <source>DeepEP low-latency</source>
        <translation>DeepEP 低延迟</translation>
    </message>
    <message>
        <source>Reference model</source>
        <translation>参考模型</translation>
    </message>
    <message>
        <source>No reference</source>
        <translation>无参考模型</translation>
    </message>
    <message>
        <source>Precomputed log-probs</source>
        <translation>预先计算的对数概率</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略模型</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考模型</translation>
    </message>
    <message>
        <source>Critic</source>
        <translation>价值模型</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>奖励模型</translation>
    </message>
    <message>
        <source>Rollout engine</source>
        <translation>生成引擎</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>打分</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>推理服务</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation>CUDA 图</translation>
    </message>
    <message>
        <source>Non-torch memory</source>
        <translation>非 torch 显存</translation>
    </message>
</context>
<context>
    <name>memplan::notes</name>
    <message>
        <source>full training with an int8/int4 recipe: quantized matrices cannot be trained directly, so the quantized base is treated as frozen and only embeddings, norms and the head train; use LoRA/QLoRA to train adapters on a quantized base</source>
        <translation>使用 int8/int4 精度方案进行全量训练：量化矩阵无法直接训练，因此量化基座视为冻结，只训练嵌入、归一化层和输出头；如需在量化基座上训练适配器，请使用 LoRA/QLoRA</translation>
    </message>
    <message>
        <source>model.params differs from the shape's parameter count by more than 0.5%; memory uses model.params, activations use the shape</source>
        <translation>model.params 与形状的参数量相差超过 0.5%；显存按 model.params 计算，激活按形状计算</translation>
    </message>
    <message>
        <source>textbook accounting ignores tensor/pipeline parallelism and offload</source>
        <translation>教科书口径忽略张量/流水线并行和卸载</translation>
    </message>
    <message>
        <source>seq_len (+ new_tokens) exceeds the model's max_position</source>
        <translation>seq_len（+ new_tokens）超过模型的 max_position</translation>
    </message>
    <message>
        <source>parameter offload needs ZeRO-3; parameters stay on the GPU</source>
        <translation>参数卸载需要 ZeRO-3；参数仍留在 GPU 上</translation>
    </message>
    <message>
        <source>plain data parallel (DDP) keeps a bucket copy of all gradients (gradient_as_bucket_view=False, PyTorch's default)</source>
        <translation>普通数据并行（DDP）会在桶中保留全部梯度的一份副本（gradient_as_bucket_view=False，PyTorch 默认）</translation>
    </message>
    <message>
        <source>selective recomputation saves nothing with flash attention (no score matrix)</source>
        <translation>使用 flash attention 时选择性重计算不节省任何显存（没有分数矩阵）</translation>
    </message>
    <message>
        <source>serving: no GPU capacity is given, so vLLM's budget (gpu_memory_utilization x capacity) and the KV cache cannot be sized; choose hardware.gpu or memory_gib</source>
        <translation>推理服务：未给出 GPU 容量，无法确定 vLLM 的预算（gpu_memory_utilization × 容量）和 KV 缓存的大小；请选择 hardware.gpu 或 memory_gib</translation>
    </message>
    <message>
        <source>serving: the KV cache cannot hold one sequence of max_model_len tokens; vLLM refuses to start (lower max_model_len, raise gpu_memory_utilization, use fp8 KV cache or more tensor-parallel GPUs)</source>
        <translation>推理服务：KV 缓存容纳不下一条 max_model_len 个 token 的序列，vLLM 将拒绝启动（降低 max_model_len、提高 gpu_memory_utilization、使用 fp8 KV 缓存或更多张量并行 GPU）</translation>
    </message>
    <message>
        <source>the rollout engine's KV cache holds fewer than num_generations completions at once; generation runs them in several waves (slower, not an error)</source>
        <translation>生成引擎的 KV 缓存一次容纳不下 num_generations 条补全；生成将分多轮进行（更慢，但不是错误）</translation>
    </message>
    <message>
        <source>textbook accounting has no rule for GaLore's projected optimizer states: they are counted as full optimizer states (use realistic accounting)</source>
        <translation>教科书口径没有 GaLore 投影优化器状态的规则：按完整优化器状态计入（请使用真实口径）</translation>
    </message>
</context>
<context>
    <name>memplan::parts</name>
    <message>
        <source>gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>head gradient summed over loss chunks</source>
        <translation>各损失分块的输出头梯度之和</translation>
    </message>
    <message>
        <source>one layer's copy of the growing KV cache</source>
        <translation>增长式 KV 缓存的单层拷贝</translation>
    </message>
    <message>
        <source>linear-attention state</source>
        <translation>线性注意力层的循环状态</translation>
    </message>
    <message>
        <source>cross-attention KV cache</source>
        <translation>交叉注意力 KV 缓存</translation>
    </message>
    <message>
        <source>activation reserve (profile-run peak)</source>
        <translation>激活预留（性能分析运行峰值）</translation>
    </message>
    <message>
        <source>non-torch memory (profiling increase)</source>
        <translation>非 PyTorch 内存（性能分析增量）</translation>
    </message>
    <message>
        <source>profile-run activation peak</source>
        <translation>性能分析运行的激活峰值</translation>
    </message>
    <message>
        <source>routed expert weights</source>
        <translation>路由专家权重</translation>
    </message>
    <message>
        <source>gradients kept from earlier micro-batches or steps</source>
        <translation>先前微批次或步骤保留的梯度</translation>
    </message>
    <message>
        <source>saved layer activations</source>
        <translation>保存的层激活值</translation>
    </message>
    <message>
        <source>final hidden states</source>
        <translation>最终隐藏状态</translation>
    </message>
    <message>
        <source>autocast 16-bit weight copies</source>
        <translation>autocast 16 位权重副本</translation>
    </message>
    <message>
        <source>ZeRO-3 gathered parameters</source>
        <translation>ZeRO-3 收集的参数</translation>
    </message>
    <message>
        <source>gradient of the logits</source>
        <translation>logits 的梯度</translation>
    </message>
    <message>
        <source>recomputed layer</source>
        <translation>重计算的层</translation>
    </message>
    <message>
        <source>attention backward (score gradients)</source>
        <translation>注意力反向（分数矩阵的梯度）</translation>
    </message>
    <message>
        <source>gradient of the final hidden states</source>
        <translation>最终隐藏状态的梯度</translation>
    </message>
    <message>
        <source>output head's gradient</source>
        <translation>输出头的梯度</translation>
    </message>
    <message>
        <source>unsharded gradients of one unit</source>
        <translation>单个单元的未分片梯度</translation>
    </message>
    <message>
        <source>gradient reduce buckets</source>
        <translation>梯度归约桶</translation>
    </message>
    <message>
        <source>optimizer temporaries</source>
        <translation>优化器临时张量</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>one layer's working set</source>
        <translation>单层工作集</translation>
    </message>
    <message>
        <source>last-token logits</source>
        <translation>最后一个词元的 logits</translation>
    </message>
    <message>
        <source>CUDA context and libraries</source>
        <translation>CUDA 上下文与库</translation>
    </message>
    <message>
        <source>caching-allocator reserve</source>
        <translation>缓存分配器预留</translation>
    </message>
    <message>
        <source>fp8 layer weights (+ block scales)</source>
        <translation>fp8 层权重（+ 块缩放因子）</translation>
    </message>
    <message>
        <source>dequantized weight cast to bf16</source>
        <translation>反量化权重转为 bf16 的副本</translation>
    </message>
    <message>
        <source>quantized layer weights (codes + constants)</source>
        <translation>量化层权重（编码 + 常量）</translation>
    </message>
    <message>
        <source>frozen base layer weights</source>
        <translation>冻结的基座层权重</translation>
    </message>
    <message>
        <source>layer weights</source>
        <translation>层权重</translation>
    </message>
    <message>
        <source>embeddings, norms, head</source>
        <translation>嵌入、归一化层、输出头</translation>
    </message>
    <message>
        <source>LoRA adapters (fp32)</source>
        <translation>LoRA 适配器 (fp32)</translation>
    </message>
    <message>
        <source>fp8 weight copies</source>
        <translation>fp8 权重副本</translation>
    </message>
    <message>
        <source>one parameter's gradient (optimizer in backward)</source>
        <translation>单个参数的梯度（优化器融合于反向）</translation>
    </message>
    <message>
        <source>master weights (fp32)</source>
        <translation>主权重 (fp32)</translation>
    </message>
    <message>
        <source>Adam moments (m, v)</source>
        <translation>Adam 矩估计 (m, v)</translation>
    </message>
    <message>
        <source>8-bit Adam moments (+ block constants)</source>
        <translation>8 位 Adam 矩估计（+ 分块常量）</translation>
    </message>
    <message>
        <source>32-bit moments of small tensors</source>
        <translation>小张量的 32 位矩估计</translation>
    </message>
    <message>
        <source>Adafactor factored second moment</source>
        <translation>Adafactor 分解二阶矩</translation>
    </message>
    <message>
        <source>momentum buffer</source>
        <translation>动量缓冲区</translation>
    </message>
    <message>
        <source>Lion momentum</source>
        <translation>Lion 动量</translation>
    </message>
    <message>
        <source>GaLore projection matrices</source>
        <translation>GaLore 投影矩阵</translation>
    </message>
    <message>
        <source>parameters x bytes per parameter</source>
        <translation>参数量 x 每参数字节数</translation>
    </message>
    <message>
        <source>one gradient per parameter</source>
        <translation>每个参数一个梯度</translation>
    </message>
    <message>
        <source>optimizer moments (fp32)</source>
        <translation>优化器矩估计 (fp32)</translation>
    </message>
    <message>
        <source>optimizer moments</source>
        <translation>优化器矩估计</translation>
    </message>
    <message>
        <source>(hidden + ffn) x seq x layers x bytes x batch</source>
        <translation>(hidden + ffn) x 序列长度 x 层数 x 字节数 x 批大小</translation>
    </message>
    <message>
        <source>FSDP2 root unit (gathered)</source>
        <translation>FSDP2 根单元（已聚合）</translation>
    </message>
    <message>
        <source>dequantized 4-bit weight</source>
        <translation>反量化的 4 位权重</translation>
    </message>
    <message>
        <source>cuBLAS workspace</source>
        <translation>cuBLAS 工作区</translation>
    </message>
    <message>
        <source>NCCL communicator buffers</source>
        <translation>NCCL 通信缓冲区</translation>
    </message>
    <message>
        <source>paged optimizer states (managed memory)</source>
        <translation>分页优化器状态（托管内存）</translation>
    </message>
    <message>
        <source>LoRA adapters (16-bit)</source>
        <translation>LoRA 适配器（16 位）</translation>
    </message>
    <message>
        <source>log-softmax (fp32)</source>
        <translation>log-softmax（fp32）</translation>
    </message>
    <message>
        <source>chunked logits (kept)</source>
        <translation>分块 logits（保留）</translation>
    </message>
    <message>
        <source>chunked log-softmax</source>
        <translation>分块 log-softmax</translation>
    </message>
    <message>
        <source>fp32 logits / loss chunk</source>
        <translation>fp32 logits / 损失分块</translation>
    </message>
    <message>
        <source>autocast 16-bit head weight</source>
        <translation>autocast 16 位输出头权重</translation>
    </message>
    <message>
        <source>tied embedding's lookup gradient</source>
        <translation>共享嵌入的查表梯度</translation>
    </message>
    <message>
        <source>base parameters x 0.5 byte (4-bit)</source>
        <translation>基座参数量 x 0.5 字节（4 位）</translation>
    </message>
    <message>
        <source>base parameters x bytes per parameter</source>
        <translation>基座参数量 x 每参数字节数</translation>
    </message>
    <message>
        <source>adapter parameters x bytes per parameter</source>
        <translation>适配器参数量 x 每参数字节数</translation>
    </message>
    <message>
        <source>vision tower activations</source>
        <translation>视觉塔激活值</translation>
    </message>
    <message>
        <source>image states (cross-attention)</source>
        <translation>图像状态（交叉注意力）</translation>
    </message>
    <message>
        <source>expert all-to-all buffers</source>
        <translation>专家 all-to-all 缓冲区</translation>
    </message>
    <message>
        <source>DeepEP buffers</source>
        <translation>DeepEP 缓冲区</translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation>CUDA 图</translation>
    </message>
</context>
</TS>
