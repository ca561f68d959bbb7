"""The header of a safetensors file, written from (name, dtype, shape) triples: the 8-byte
little-endian length, then the JSON that gives each tensor's dtype, shape and byte range.
Shared by the fuzz seed writer (tests/fuzz) and the recorded Hub files (tests/hub)."""
import json
import struct

DTYPE_BYTES = {"F32": 4, "I32": 4, "BF16": 2, "F16": 2, "U8": 1, "I8": 1, "F8_E4M3": 1}


def header_and_data_size(tensors, compact=False):
    """Returns (the header bytes, the size of the data that follows it)."""
    header, at = {"__metadata__": {"format": "pt"}}, 0
    for name, dtype, shape in tensors:
        n = DTYPE_BYTES[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + n]}
        at += n
    text = json.dumps(header, separators=(",", ":") if compact else None).encode()
    return struct.pack("<Q", len(text)) + text, at
