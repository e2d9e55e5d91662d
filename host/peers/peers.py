"""The peers of the speed tables: OpenCV's blur and Pillow's grayscale,
driven by the host (host/src/measure/peers.rs) over stdin and stdout, so
each call is timed in the same round as the wasm call it is set against.

Requests, one line each; answers, one line each:
  image W H        then W*H*4 RGBA bytes  -> "ok INDEX"
  run OP INDEX     time one call, in Python -> "NS" (perf_counter_ns)
  output OP INDEX  one call's output        -> "LEN", then LEN bytes
OP is blur (cv2.blur, 3x3, replicate border: RGBA out) or grayscale
(Pillow's convert("L"): one byte per pixel out, where the kernel writes four).
"""

import sys
import time

try:
    import cv2
    import numpy as np
    from PIL import Image
except ImportError as e:
    print(f"unavailable: {e} (run `just peers-setup`)", flush=True)
    sys.exit(0)

# One thread, like one wasm call.
cv2.setNumThreads(1)

inp, out = sys.stdin.buffer, sys.stdout.buffer
images = []  # (pristine RGBA array, working copy, blur output, Pillow image)


def blur(i):
    pristine, src, dst, _ = images[i]
    np.copyto(src, pristine)  # the input written just before, as for every kernel
    start = time.perf_counter_ns()
    cv2.blur(src, (3, 3), dst=dst, borderType=cv2.BORDER_REPLICATE)
    return time.perf_counter_ns() - start, dst


def grayscale(i):
    picture = images[i][3]
    start = time.perf_counter_ns()
    gray = picture.convert("L")
    return time.perf_counter_ns() - start, gray


def answer(line):
    out.write(line.encode() + b"\n")
    out.flush()


answer(f"ready opencv {cv2.__version__}; pillow {Image.__version__}; numpy {np.__version__}")
for request in inp:
    words = request.decode().split()
    if not words:
        continue
    if words[0] == "image":
        w, h = int(words[1]), int(words[2])
        pixels = np.frombuffer(inp.read(w * h * 4), dtype=np.uint8).reshape(h, w, 4)
        picture = Image.frombuffer("RGBA", (w, h), pixels.tobytes(), "raw", "RGBA", 0, 1)
        images.append((pixels, pixels.copy(), np.empty_like(pixels), picture))
        answer(f"ok {len(images) - 1}")
    elif words[0] in ("run", "output"):
        op, i = words[1], int(words[2])
        ns, result = blur(i) if op == "blur" else grayscale(i)
        if words[0] == "run":
            answer(str(ns))
        else:
            data = result.tobytes()
            answer(str(len(data)))
            out.write(data)
            out.flush()
    else:
        answer(f"error: unknown request {words[0]}")
