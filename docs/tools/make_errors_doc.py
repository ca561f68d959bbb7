#!/usr/bin/env python3
"""Regenerates docs/errors.md: runs memplan-cli on every bad input listed here and records
the exact message. Usage: docs/tools/make_errors_doc.py BUILD/app/cli/memplan-cli docs/errors.md"""
import json, os, shutil, subprocess, sys, tempfile
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B = os.path.abspath(sys.argv[1])
W = os.path.join(tempfile.mkdtemp(prefix='memplan-errors-'), 'w')
shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
env = dict(os.environ, MEMPLAN_PRESET_DIR=os.path.join(ROOT, 'presets'), LC_ALL='C.UTF-8')
example = open(os.path.join(ROOT, 'presets/examples/llama-2-7b-lora-4090.memplan.json')).read()
shutil.copy(os.path.join(ROOT, 'presets/examples/llama-2-7b-lora-4090.memplan.json'), W + '/plan.json')
VALID = '{"model": {"preset": "llama-2-7b"}, "training": {"micro_batch": 4}, "hardware": {"gpu": "rtx-4090"}}'

groups = []
def group(title, intro=''):
    groups.append((title, intro, []))
def case(what, content, args=None, cmd='eval', fname=None, show=None, kind='file'):
    """content: text written to fname (None = use plan.json); args: extra arguments."""
    n = len(sum((g[2] for g in groups), [])) + 1
    if fname is None:
        import re
        fname = re.sub(r'[^a-z0-9]+', '-', what.lower()).strip('-') + '.json'
    path = os.path.join(W, fname)
    if kind == 'file' and content is not None:
        open(path, 'w').write(content)
    elif kind == 'dir':
        os.makedirs(path, exist_ok=True)
    elif kind == 'fifo':
        os.mkfifo(path)
    elif kind == 'link':
        os.symlink(content, path)
    elif kind == 'sparse':
        with open(path, 'wb') as f:
            f.truncate(content)
    argv = [cmd] + ([fname] if fname else []) + (args or [])
    r = subprocess.run([B] + argv, cwd=W, env=env, capture_output=True, text=True, timeout=20)
    shown = show if show is not None else (content if content is not None else '')
    groups[-1][2].append((what, shown, argv, r.returncode, r.stdout, r.stderr))

group('Not a JSON object', 'The file is not JSON, or its top level is not an object. These errors name the file and, for JSON syntax errors, the line and column. No key is named because the file never got as far as having keys.')
case('malformed JSON (trailing comma)', '{"model": {"preset": "llama-2-7b",}}')
case('truncated file', example[:len(example)//2], show='the first half of presets/examples/llama-2-7b-lora-4090.memplan.json')
case('empty file', '', show='(0 bytes)')
case('whitespace only', ' \n\t\n', show='(blank lines)')
case('trailing garbage', '{} x')
case('top-level array', '[1, 2]')
case('top-level string', '"plan"')

group('Files', 'Problems with the plan file itself.')
case('missing file', None, kind='none', fname='no-such-plan.json', show='(no such file)')
case('directory instead of a file', None, kind='dir', fname='plans.json', show='(a directory)')
case('a FIFO (named pipe)', None, kind='fifo', fname='plan.fifo', show='(mkfifo plan.fifo; nothing writes to it)')
case('a device', None, kind='none', fname='/dev/zero', show='(/dev/zero)')
case('a symbolic link to a device', '/dev/zero', kind='link', fname='zero.json', show='(a link to /dev/zero)')
case('a file above the 64 MiB cap', 65 << 20, kind='sparse', fname='huge.json', show='(65 MiB)')
case('text after a NUL byte', '{"model": {"preset": "gpt2"}}\0{', show='{"model": {"preset": "gpt2"}}<NUL>{')
case('a control character in a key', '{"x\\nmemplan-cli: forged": 1}', show='{"x\\nmemplan-cli: forged": 1}')

group('Unknown keys', 'Every key is checked. A misspelled key is an error, so it cannot be silently ignored.')
case('unknown top-level key', '{"modle": {}}')
case('unknown nested key', '{"training": {"foo": 1}}')
case('unknown model key', '{"model": {"preset": "llama-2-7b", "layer": 30}}')
case('unknown lora key', '{"training": {"lora": {"alpha": 16}}}')
case('unknown hardware key', '{"hardware": {"gpu": "rtx-4090", "memory_gb": 24}}')

group('Wrong types')
case('micro_batch is a string', '{"training": {"micro_batch": "four"}}')
case('micro_batch is null', '{"training": {"micro_batch": null}}')
case('gpus is a boolean', '{"parallelism": {"gpus": true}}')
case('a section is a number', '{"training": 5}')
case('model is an array', '{"model": []}')
case('a boolean is a string', '{"training": {"optimizer_in_backward": "yes"}}')
case('name is a number', '{"name": 5}')
case('preset is a number', '{"model": {"preset": 7}}')
case('schema_version is a string', '{"schema_version": "1"}')

group('Values out of range', 'Sizes must be positive, and fractions and probabilities must lie in their ranges.')
case('zero micro_batch', '{"training": {"micro_batch": 0}}')
case('negative seq_len', '{"training": {"seq_len": -5}}')
case('zero gpus', '{"parallelism": {"gpus": 0}}')
case('negative tp', '{"parallelism": {"tp": -2}}')
case('zero memory_gib', '{"hardware": {"memory_gib": 0}}')
case('negative runtime overhead', '{"hardware": {"runtime_overhead_gib": -1}}')
case('zero trainable_fraction', '{"training": {"trainable_fraction": 0}}')
case('dropout above 0.99', '{"model": {"preset": "gpt2", "dropout": 1.5}, "training": {"seq_len": 512}}')
case('zero LoRA rank', '{"training": {"lora": {"rank": 0}}}')
case('unknown framework', '{"training": {"framework": "keras"}}')
case('unknown framework profile key', '{"training": {"profile": {"adapter_dtype": "fp32"}}}')
case('negative reduce bucket', '{"training": {"profile": {"reduce_bucket_elements": -1}}}')
case('unknown 4-bit format', '{"training": {"quantization": {"quant_type": "int3"}}}')
case('zero distinct shapes', '{"training": {"distinct_shapes": 0}}')

group('Numbers too large', 'JSON has no NaN or infinity. A literal like `1e400` overflows a double. Values beyond each key\'s limit are refused before any arithmetic could overflow.')
case('params 1e400 (overflows a double)', '{"model": {"params": 1e400}}')
case('micro_batch 1e400', '{"training": {"micro_batch": 1e400}}')
case('params 1e30', '{"model": {"params": 1e30}}')
case('micro_batch 1e12', '{"training": {"micro_batch": 1e12}}')
case('gpus 1e9', '{"parallelism": {"gpus": 1e9}}')
case('seq_len 2^64', '{"training": {"seq_len": 18446744073709551616}}')
case('micro_batch 2^63 - 1', '{"training": {"micro_batch": 9223372036854775807}}')
case('micro_batch 2^64 - 1', '{"training": {"micro_batch": 18446744073709551615}}')
case('layers 1e6', '{"model": {"layers": 1000000}}')
case('vocab 1e300', '{"model": {"vocab": 1e300}}')

group('Not whole numbers')
case('fractional layers', '{"model": {"preset": "llama-2-7b", "layers": 32.5}}')
case('fractional micro_batch', '{"training": {"micro_batch": 0.5}}')
case('fractional gpus', '{"parallelism": {"gpus": 1.5}}')

group('Rules across keys')
case('sharding_factor above gpus', '{"parallelism": {"gpus": 2, "sharding": "zero3", "sharding_factor": 4}}')
case('gpus not divisible by tp x pp', '{"parallelism": {"gpus": 6, "tp": 4}}')
case('gpus not divisible by tp x pp (pp)', '{"parallelism": {"gpus": 8, "tp": 2, "pp": 3}}')
case('sharding_factor not dividing the data-parallel degree', '{"parallelism": {"gpus": 6, "sharding": "zero3", "sharding_factor": 4}}')
case('sharding_factor above the data-parallel degree', '{"parallelism": {"gpus": 8, "tp": 4, "sharding": "zero3", "sharding_factor": 4}}')
case('more pipeline stages than layers', '{"model": {"preset": "gpt2"}, "training": {"seq_len": 512}, "parallelism": {"gpus": 24, "pp": 24}}')
case('tp not dividing the heads', '{"model": {"preset": "gpt2"}, "training": {"seq_len": 512}, "parallelism": {"gpus": 8, "tp": 8}}')
case('kv_heads not dividing heads', '{"model": {"preset": "llama-2-7b", "kv_heads": 5}}')
case('experts_per_token above experts', '{"model": {"preset": "llama-2-7b", "experts": 2, "experts_per_token": 4}}')
case('LoRA rank above the hidden size', '{"model": {"preset": "gpt2"}, "training": {"seq_len": 512, "method": "lora", "lora": {"rank": 1000}}}')
case('shared_ffn without experts', '{"model": {"shared_ffn": 1024}}')
case('MLA dims without kv_lora_rank', '{"model": {"qk_nope_head_dim": 128, "v_head_dim": 128}}')
case('ep not dividing the experts', '{"model": {"preset": "mixtral-8x7b"}, "parallelism": {"gpus": 6, "ep": 3}}')
case('ep not dividing the data-parallel degree', '{"model": {"preset": "mixtral-8x7b"}, "parallelism": {"gpus": 4, "ep": 8}}')
case('ep on a dense model', '{"parallelism": {"gpus": 2, "ep": 2}}')
case('serving ep not spanning every GPU', '{"model": {"preset": "mixtral-8x7b"}, "training": {"method": "serving"}, "parallelism": {"gpus": 8, "tp": 2, "ep": 4}}')
case('serving ep with pipeline stages (valid: gpus / pp)', '{"model": {"preset": "mixtral-8x7b"}, "training": {"method": "serving"}, "parallelism": {"gpus": 8, "pp": 2, "ep": 8}}')
case('unknown all-to-all backend', '{"model": {"preset": "mixtral-8x7b"}, "training": {"method": "serving"}, "serving": {"all2all_backend": "pplx"}, "parallelism": {"gpus": 8, "ep": 8}}')
case('DeepEP over a group that is not a multiple of 8', '{"model": {"preset": "mixtral-8x7b"}, "training": {"method": "serving"}, "serving": {"all2all_backend": "deepep_high_throughput"}, "parallelism": {"gpus": 12, "ep": 12}}')
case('DeepEP low-latency with ep not dividing the experts', '{"model": {"preset": "mixtral-8x7b"}, "training": {"method": "serving"}, "serving": {"all2all_backend": "deepep_low_latency"}, "parallelism": {"gpus": 6, "ep": 6}}')
case('ep not dividing the sharding factor', '{"model": {"preset": "mixtral-8x7b"}, "parallelism": {"gpus": 16, "sharding": "zero3", "sharding_factor": 2, "ep": 4}}')
case('capacity_factor on a dense model', '{"parallelism": {"capacity_factor": 1.25}}')
case('vision heads not dividing the tower width', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"heads": 17}}}')
case('vision image_size not a multiple of patch_size', '{"model": {"preset": "gemma-3-4b", "vision": {"image_size": 900}}}')
case('vision min_pixels above max_pixels', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"min_pixels": 20000000}}}')
case('vision unknown key', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"pixels": 3}}}')
case('vision window_size below one merged unit', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"window_size": 20}}}')
case('linear-attention value_heads not a multiple of key_heads', '{"model": {"preset": "qwen3-next-80b-a3b", "linear_attention": {"value_heads": 24}}}')
case('linear-attention interval beyond the layers', '{"model": {"preset": "qwen3-next-80b-a3b", "linear_attention": {"full_attention_interval": 49}}}')
case('linear attention next to a sliding window', '{"model": {"preset": "qwen3-next-80b-a3b", "sliding_window": 4096}}')
case('shared_expert_gate without a shared expert', '{"model": {"preset": "qwen3-30b-a3b", "shared_expert_gate": true}}')
case('vision full_attention_blocks beyond the tower', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"full_attention_blocks": [7, 32]}}}')
case('vision full_attention_blocks not ascending', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"full_attention_blocks": [15, 7]}}}')
case('vision tiles on a merging tower', '{"model": {"preset": "llama-3.2-11b-vision", "vision": {"merge": 2}}}')
case('vision global_layers on an untiled tower', '{"model": {"preset": "qwen2.5-vl-7b", "vision": {"global_layers": 8}}}')
case('vision intermediate_layers beyond the tower', '{"model": {"preset": "llama-3.2-11b-vision", "vision": {"intermediate_layers": [3, 32]}}}')
case('vision cross_attention_layers beyond the model', '{"model": {"preset": "llama-3.2-11b-vision", "vision": {"cross_attention_layers": [3, 40]}}}')
case('vision cross_attention_layers without a tower', '{"model": {"preset": "llama-3.1-8b", "vision": {"cross_attention_layers": [3]}}}')
case('linear attention next to cross-attention layers', '{"model": {"preset": "llama-3.2-11b-vision", "linear_attention": {"full_attention_interval": 4, "key_heads": 16, "value_heads": 32, "key_head_dim": 128, "value_head_dim": 128}}}')
case('serving a model with cross-attention layers', '{"model": {"preset": "llama-3.2-11b-vision"}, "training": {"method": "serving"}, "hardware": {"gpu": "h100-sxm-80gb"}}')
case('seq_len beyond a learned position table', '{"model": {"preset": "gpt2"}, "training": {"seq_len": 4096}}')
case('prompt + new tokens beyond the table', '{"model": {"preset": "gpt2"}, "training": {"method": "inference", "seq_len": 1000, "new_tokens": 100}}')

group('Serving and post-training', '`serving` and `rl` sit at the top level (or inside `training`, where errors name `training.serving...`).')
S = '{"model": {"preset": "llama-3.1-8b"}, "training": {"method": "serving"}, "hardware": {"gpu": "h100-sxm-80gb"}, '
case('serving utilization 0', S + '"serving": {"gpu_memory_utilization": 0}}')
case('serving utilization above 1', S + '"serving": {"gpu_memory_utilization": 1.5}}')
case('unknown KV cache dtype', S + '"serving": {"kv_cache_dtype": "int3"}}')
case('unknown serving key', S + '"serving": {"swap_space": 4}}')
case('batched tokens below max_num_seqs', S + '"serving": {"max_num_seqs": 512, "max_num_batched_tokens": 256}}')
case('serving with pipeline stages', S + '"parallelism": {"gpus": 2, "pp": 2}}')
case('serving key inside training', '{"training": {"method": "serving", "serving": {"block_size": 0}}}')
case('unknown reference mode', '{"training": {"method": "dpo"}, "rl": {"reference": "maybe"}}')
case('policy method not trainable', '{"training": {"method": "dpo"}, "rl": {"policy": "galore"}}')
case('zero generations', '{"training": {"method": "grpo"}, "rl": {"num_generations": 0}}')
case('rollout utilization above 1', '{"training": {"method": "grpo"}, "rl": {"rollout": {"gpu_memory_utilization": 2}}}')
case('unknown model role', '{"training": {"method": "ppo"}, "rl": {"models": {"judge": {}}}}')
case('unknown reward preset', '{"training": {"method": "ppo"}, "rl": {"models": {"reward": {"preset": "nope"}}}}')
case('sliding_window_pattern without a window', '{"model": {"preset": "llama-2-7b", "sliding_window_pattern": 6}}')

group('Unknown names', 'Preset ids, GPU ids and every enumerated value.')
case('unknown model preset', '{"model": {"preset": "llama-9"}}')
case('unknown GPU', '{"hardware": {"gpu": "rtx-9090"}}')
case('unknown precision', '{"training": {"precision": "fp13"}}')
case('unknown method', '{"training": {"method": "rlhf"}}')
case('unknown optimizer', '{"training": {"optimizer": "adam"}}')
case('unknown sharding', '{"parallelism": {"sharding": "zero4"}}')
case('unknown offload', '{"parallelism": {"offload": "disk"}}')
case('unknown mlp', '{"model": {"mlp": "moe"}}')
case('unknown dtype override', '{"training": {"dtypes": {"weights": "fp7"}}}')
case('LoRA target with a bad module', '{"training": {"method": "lora", "lora": {"targets": ["q", "x"]}}}')
case('LoRA targets a bad string', '{"training": {"method": "lora", "lora": {"targets": "everything"}}}')
case('LoRA targets empty', '{"training": {"lora": {"targets": []}}}')
case('schema_version 2', '{"schema_version": 2}')

group('Saved Compare columns', '`compare` keeps the window\'s Compare columns with the plan (docs/plan-format.md). Each column\'s `overrides` are checked as `memplan-cli compare --with` checks its items.')
case('compare not a list', '{"compare": {"overrides": {}}}')
case('a column with an unknown key', '{"compare": [{"colour": "red"}]}')
case('an unknown setting', '{"compare": [{"overrides": {"training.colour": "red"}}]}')
case('an unknown recipe in a column', '{"compare": [{"overrides": {"training.precision": "fp64"}}]}')
case('zero GPUs in a column', '{"compare": [{}, {"overrides": {"parallelism.gpus": 0}}]}')
case('a fraction in a column', '{"compare": [{"overrides": {"training.micro_batch": 1.5}}]}')
case('a setting given twice', '{"compare": [{"overrides": {"precision": "int8", "training.precision": "fp32"}}]}')
case('nine columns', '{"compare": [{},{},{},{},{},{},{},{},{}]}')

group('--set overrides', 'Each `--set PATH=VALUE` is applied to the plan JSON before it is checked. The value is read as JSON, or as a string when it is not valid JSON. Errors name the plan file and the path given to `--set`. The plan used here, `plan.json`, is presets/examples/llama-2-7b-lora-4090.memplan.json.')
case('no `=`', None, ['--set', 'training.micro_batch'], fname='plan.json', show='the example plan')
case('empty key in the path', None, ['--set', 'training..micro_batch=4'], fname='plan.json', show='the example plan')
case('a key inside a number', None, ['--set', 'training.micro_batch.x=3'], fname='plan.json', show='the example plan')
case('an unknown key', None, ['--set', 'training.foo=1'], fname='plan.json', show='the example plan')
case('a word where a number belongs', None, ['--set', 'training.micro_batch=four'], fname='plan.json', show='the example plan')
case('zero', None, ['--set', 'training.micro_batch=0'], fname='plan.json', show='the example plan')
case('1e400', None, ['--set', 'training.micro_batch=1e400'], fname='plan.json', show='the example plan')
case('an unknown enum value', None, ['--set', 'training.precision=fp13'], fname='plan.json', show='the example plan')
case('a section replaced by a number', None, ['--set', 'training=5'], fname='plan.json', show='the example plan')
case('a duplicate key inside a value', None, ['--set', 'training.lora={"rank": 8, "rank": 64}'], fname='plan.json', show='the example plan')
case('gpt2 at 4096 tokens', None, ['--set', 'model={"preset":"gpt2"}', '--set', 'training.seq_len=4096'], fname='plan.json', show='the example plan')

group('Other commands', '`check` and `solve` read plans the same way. Both also need a capacity. `import-hf` reads a Hugging Face config.json.')
case('check: unknown key', '{"training": {"foo": 1}}', cmd='check')
case('check: no GPU capacity', '{}', cmd='check')
case('solve: zero micro_batch', '{"training": {"micro_batch": 0}, "hardware": {"gpu": "rtx-4090"}}', ['--max', 'micro_batch'], cmd='solve')
case('solve: no GPU capacity', '{}', ['--min', 'gpus'], cmd='solve')
case('import-hf: malformed', '{"hidden_size": 4096,,}', cmd='import-hf')
case('import-hf: top-level array', '[]', cmd='import-hf')
case('import-hf: 1e400', '{"model_type": "llama", "hidden_size": 1e400}', cmd='import-hf')
case('import-hf: beyond a plan\'s limits', '{"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100000000000}', cmd='import-hf')
case('import-hf: text_config not an object', '{"model_type": "gemma3", "text_config": 3}', cmd='import-hf')
case('import-hf: an unmodelled vision tower', '{"model_type": "idefics3", "text_config": {"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100}, "vision_config": {"model_type": "idefics3_vision"}}', cmd='import-hf')
case('import-hf: a bad nested field', '{"model_type": "gemma3", "text_config": {"model_type": "gemma3_text", "num_hidden_layers": 0}}', cmd='import-hf')
case('import-hf: a FIFO', None, kind='fifo', fname='config.fifo', cmd='import-hf', show='(a FIFO)')

group('Output', 'What memplan-cli prints must arrive: output to a full disk, `/dev/full` or a closed pipe is an error, with status 2, not a silent success.')
r = subprocess.run([B, 'eval', 'plan.json'], cwd=W, env=env, stdout=open('/dev/full', 'w'), stderr=subprocess.PIPE, text=True)
groups[-1][2].append(('standard output is /dev/full', 'the example plan', ['eval', 'plan.json', '>/dev/full'], r.returncode, '', r.stderr))

group('Usage errors', 'A command line memplan-cli cannot parse. It prints the message, then the usage text (not shown here), on standard error and exits with 2.')
for what, argv in [('no arguments', []), ('unknown command', ['evaluate', 'plan.json']),
                   ('eval without a plan', ['eval']), ('unknown option', ['eval', 'plan.json', '--jsn']),
                   ('--set without a value', ['eval', 'plan.json', '--set']),
                   ('two plan files', ['eval', 'plan.json', 'plan.json']),
                   ('bad --units', ['eval', 'plan.json', '--units', 'bytes']),
                   ('solve without a variable', ['solve', 'plan.json']),
                   ('solve --max gpus', ['solve', 'plan.json', '--max', 'gpus']),
                   ('import-hf without a file', ['import-hf']),
                   ('presets with a file and --set', ['presets', 'x', '--set', 'a=1']),
                   ('import-hf --json', ['import-hf', 'config.json', '--json']),
                   ('--max given twice', ['solve', 'plan.json', '--max', 'seq_len', '--max', 'micro_batch']),
                   ('an empty file name', ['eval', ''])]:
    r = subprocess.run([B] + argv, cwd=W, env=env, capture_output=True, text=True)
    groups[-1][2].append((what, '', argv, r.returncode, r.stdout, r.stderr))

refusals = []
for what, content in [
    ('1e13 parameters, micro_batch 1e6, seq_len 1e6', '{"model": {"params": 1e13}, "training": {"micro_batch": 1000000, "seq_len": 1000000}}'),
    ('eager attention over 1e8 tokens', '{"model": {"preset": "llama-2-7b"}, "training": {"attention": "eager", "micro_batch": 1000000, "seq_len": 100000000}}'),
    ('1e15 parameters, inference with 1e8 new tokens', '{"model": {"params": 1e15}, "training": {"method": "inference", "micro_batch": 1000000, "seq_len": 100000000, "new_tokens": 100000000}}')]:
    import re
    fname = re.sub(r'[^a-z0-9]+', '-', what.lower()).strip('-') + '.json'
    open(os.path.join(W, fname), 'w').write(content)
    r = subprocess.run([B, 'eval', fname], cwd=W, env=env, capture_output=True, text=True)
    line = [l.strip() for l in r.stdout.split('\n') if 'refused' in l]
    refusals.append((what, content, ['eval', fname], r.returncode, line[0] if line else '(no refusal) ' + r.stdout[:200]))

# ---- render
def md(s):
    return s.replace('|', '\\|')
def shq(a):
    import shlex
    return shlex.quote(a)
out = []
out.append('# Errors memplan reports\n')
out.append('Every bad input below makes `memplan-cli` exit with status 2. It prints nothing on standard output and exactly one line on standard error, in the form\n')
out.append('```\nmemplan-cli: FILE: KEY.PATH: what is wrong\n```\n')
out.append('Errors about the file as a whole (it is missing, or is not JSON) have no key path. Usage errors end with a pointer to `memplan-cli --help`.\n')
out.append('The window reads plans through the same code, so it reports the same message: File > Open, a plan named on the command line or a restored autosave shows it in an error dialog and keeps the current plan untouched (tests/gui/tst_gui_mainwindow.cpp opens malformed files). `memplan --screenshot`, `--export-chart` and `--export-data` print it on standard error and exit with status 2, like the CLI. A plan the controls make impossible (for example a sharding factor above the data-parallel degree) is reported under the verdict with the same key path, and saving is refused until it is fixed. Saving writes a temporary file and renames it over the old one, so a failed save (a read-only folder, a full disk) leaves the old file intact and says why.\n')
out.append('Every file memplan opens (plans, presets, config.json, autosaves, standard input for `eval -`) goes through one reader: regular files only, at most 64 MiB, opened without blocking so a FIFO never hangs. Every file it writes (File > Save, autosave, `--export-chart`, `--export-data`, `--screenshot`) goes through one atomic writer: a symbolic link is followed and its target replaced, a new file gets the umask\'s permissions, an existing one keeps its own, a read-only file is refused, and on a full disk the old file stays byte-identical. The window program refuses, with status 2: an export whose output is the plan file itself (`memplan --export-data plan.json plan.json`), an empty plan file name, `--screenshot` together with `--export-chart`/`--export-data`, and a `--sweep` range beyond what a plan accepts (`micro_batch:1:1e300`, `seq_len:1:inf`). Names and keys are printed with control characters escaped (`\\n`, `\\x1b`), so a file cannot forge a second `memplan-cli:` line.\n')
out.append('Each message below was printed by the built `memplan-cli`, run in a directory that holds the plan file. The **Plan file** column shows the whole file. `plan.json` is presets/examples/llama-2-7b-lora-4090.memplan.json. The tests in tests/cli/tst_cli.cpp (`badInput`, `usageErrors`) check the same cases.\n')
bad = []
flagged = []
for title, intro, rows in groups:
    out.append(f'\n## {title}\n')
    if intro:
        out.append(intro + '\n')
    out.append('| Case | Plan file | Command | Exit | Message (standard error) |')
    out.append('|---|---|---|---|---|')
    for what, shown, argv, rc, so, se in rows:
        first = se.split('\n')[0]
        nlines = se.count('\n')
        if title != 'Usage errors' and (rc != 2 or so or nlines != 1):
            bad.append((what, rc, len(so), nlines))
        cmd = 'memplan-cli ' + ' '.join(a if a.startswith('>') else shq(a) for a in argv)
        cell = f'`{md(shown)}`' if shown and not shown.startswith('the first') and not shown.startswith('(') else md(shown)
        mark = ''
        if argv[1:2] and title not in ('Usage errors', 'Output') and argv[1] not in first:
            mark = ' [^nofile]'
            flagged.append(what)
        out.append(f'| {md(what)} | {cell} | `{md(cmd)}` | {rc} | `{md(first)}`{mark} |')
out.append('\n## Plans too large to report\n')
out.append('These plans are valid input, but their memory is beyond what a byte count can hold exactly. `eval` exits with 0 and refuses instead of printing figures. The table says why, and `eval --json` gives `"ok": false` with null figures and the reason under `warnings`.\n')
out.append('| Case | Plan file | Command | Exit | Message (standard output) |')
out.append('|---|---|---|---|---|')
for what, content, argv, rc, line in refusals:
    out.append(f'| {md(what)} | `{md(content)}` | `memplan-cli {" ".join(argv)}` | {rc} | `{md(line)}` |')
if flagged:
    out.append('')
    out.append('[^nofile]: This message does not name the file: a bug to fix.')
text = '\n'.join(out) + '\n'
open(sys.argv[2], 'w').write(text)
print('flagged', flagged); print('cases', sum(len(g[2]) for g in groups), 'contract violations', bad)
