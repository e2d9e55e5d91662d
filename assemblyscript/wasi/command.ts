// The AssemblyScript kernel as a WASI preview-1 command (contract/README.md,
// "WASI commands"):
//
//     command grayscale|blur INPUT.pam OUTPUT.pam
//
// Both files are in the directory the host preopens; no environment is used.
// The pixels go through the kernel's own grayscale and blur (assembly/), the
// code every module build exports. On any error: one line on stderr and exit
// code 1. `@assemblyscript/wasi-shim` gives asc a WASI `process` (argv, stderr,
// exit) and the raw WASI functions; files are opened with those, relative to
// the preopened directory. The format is PAM (Netpbm P7, RGBA8): there is no
// PNG codec for AssemblyScript in its standard library.

import {
  errno,
  errnoToString,
  fd,
  fd_close,
  fd_prestat_get,
  fd_read,
  fd_write,
  iovec,
  oflags,
  path_open,
  preopentype,
  prestat,
  rights,
} from "bindings/wasi_snapshot_preview1";
import { grayscale } from "../assembly/grayscale";
import { blur } from "../assembly/blur";

/** The one error path: a line on stderr, then exit code 1. */
function fail(message: string): void {
  process.stderr.write("command: " + message + "\n");
  process.exit(1);
}

/** Scratch for the out-values of WASI calls (an iovec, a count, an fd). */
const scratch = memory.data(32);

/** A buffer of raw memory: what the kernels work on. */
class Bytes {
  constructor(
    public ptr: usize,
    public len: usize,
  ) {}
}

/** The directory the host preopened: the first preopened directory, from fd 3 on. */
function preopened(): fd {
  for (let f: fd = 3; f < 64; f++) {
    const err = fd_prestat_get(f, changetype<prestat>(scratch));
    if (err == errno.BADF) break;
    if (err == errno.SUCCESS && changetype<prestat>(scratch).type == preopentype.DIR) return f;
  }
  fail("no preopened directory");
  return 0;
}

/** Open `path` in the preopened directory, or fail with `what` and the reason. */
function open(path: string, flags: oflags, base: rights, what: string): fd {
  const name = String.UTF8.encode(path);
  const dir = preopened();
  const err = path_open(
    dir,
    0,
    changetype<usize>(name),
    name.byteLength,
    flags,
    base,
    0,
    0,
    scratch,
  );
  if (err != errno.SUCCESS) fail(what + " " + path + ": " + errnoToString(err));
  return load<fd>(scratch);
}

function readFile(path: string): Bytes {
  const file = open(path, 0, rights.FD_READ, "cannot read");
  const chunk: usize = 1 << 16;
  let ptr = heap.alloc(chunk);
  let len: usize = 0;
  for (;;) {
    ptr = heap.realloc(ptr, len + chunk);
    const iov = changetype<iovec>(scratch);
    iov.buf = ptr + len;
    iov.buf_len = chunk;
    const err = fd_read(file, scratch, 1, scratch + offsetof<iovec>());
    if (err != errno.SUCCESS) fail("cannot read " + path + ": " + errnoToString(err));
    const got = load<usize>(scratch + offsetof<iovec>());
    if (got == 0) break;
    len += got;
  }
  fd_close(file);
  return new Bytes(ptr, len);
}

function writeAll(file: fd, ptr: usize, len: usize, path: string): void {
  while (len > 0) {
    const iov = changetype<iovec>(scratch);
    iov.buf = ptr;
    iov.buf_len = len;
    const err = fd_write(file, scratch, 1, scratch + offsetof<iovec>());
    if (err != errno.SUCCESS) fail("cannot write " + path + ": " + errnoToString(err));
    const wrote = load<usize>(scratch + offsetof<iovec>());
    ptr += wrote;
    len -= wrote;
  }
}

/** PAM with exactly the contract's header (what Netpbm writes): P7, WIDTH,
 *  HEIGHT, DEPTH 4, MAXVAL 255, TUPLTYPE RGB_ALPHA, ENDHDR, one line each,
 *  then width * height * 4 bytes and nothing more. */
class Pam {
  width: i32 = 0;
  height: i32 = 0;
  pixels: Bytes = new Bytes(0, 0);
}

class Header {
  at: usize = 0;
  constructor(
    public file: Bytes,
    public path: string,
  ) {}

  bad(why: string): void {
    fail(this.path + ": not a PAM this command reads: " + why);
  }

  /** The next line, without its `\n`. */
  line(): string {
    const start = this.file.ptr + this.at;
    const end = this.file.ptr + this.file.len;
    let p = start;
    while (p < end && load<u8>(p) != 0x0a) p++;
    if (p == end) this.bad("the header ends early");
    this.at += p - start + 1;
    return String.UTF8.decodeUnsafe(start, p - start);
  }

  expect(want: string): void {
    const got = this.line();
    if (got != want) this.bad("header line `" + got + "` where `" + want + "` belongs");
  }

  /** `KEY <positive number>`, digits only, at most i32.MAX_VALUE. */
  field(key: string): i32 {
    const got = this.line();
    let n: u64 = 0;
    let ok = got.startsWith(key) && got.length > key.length;
    for (let i = key.length; ok && i < got.length; i++) {
      const c = got.charCodeAt(i);
      ok = c >= 0x30 && c <= 0x39;
      n = n * 10 + <u64>(c - 0x30);
      if (n > <u64>i32.MAX_VALUE) ok = false;
    }
    if (!ok || n == 0)
      this.bad("header line `" + got + "` where `" + key + "<positive number>` belongs");
    return <i32>n;
  }
}

function readPam(path: string): Pam {
  const file = readFile(path);
  const header = new Header(file, path);
  if (file.len < 3 || (load<u32>(file.ptr) & 0xffffff) != 0x0a3750) {
    header.bad("it does not start with `P7`");
  }
  header.expect("P7");
  const pam = new Pam();
  pam.width = header.field("WIDTH ");
  pam.height = header.field("HEIGHT ");
  header.expect("DEPTH 4");
  header.expect("MAXVAL 255");
  header.expect("TUPLTYPE RGB_ALPHA");
  header.expect("ENDHDR");
  const size = pam.width.toString() + "x" + pam.height.toString();
  const len = <u64>pam.width * <u64>pam.height * 4;
  if (len > <u64>i32.MAX_VALUE) {
    fail(path + ": " + size + " is too large (width * height * 4 must fit in an i32)");
  }
  const have = file.len - header.at;
  if (<u64>have != len) {
    fail(
      path +
        ": " +
        have.toString() +
        " bytes of pixels where a " +
        size +
        " image has " +
        len.toString(),
    );
  }
  pam.pixels = new Bytes(file.ptr + header.at, <usize>len);
  return pam;
}

function writePam(path: string, pam: Pam): void {
  const file = open(path, oflags.CREAT | oflags.TRUNC, rights.FD_WRITE, "cannot write");
  const header = String.UTF8.encode(
    "P7\nWIDTH " +
      pam.width.toString() +
      "\nHEIGHT " +
      pam.height.toString() +
      "\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n",
  );
  writeAll(file, changetype<usize>(header), header.byteLength, path);
  writeAll(file, pam.pixels.ptr, pam.pixels.len, path);
  fd_close(file);
}

function main(): void {
  const args = process.argv;
  if (args.length != 4) {
    fail(
      "usage: command grayscale|blur INPUT.pam OUTPUT.pam (got " +
        (args.length - 1).toString() +
        " arguments)",
    );
  }
  const op = args[1];
  if (op != "grayscale" && op != "blur") fail("unknown op `" + op + "` (want grayscale or blur)");
  const pam = readPam(args[2]);
  if (op == "grayscale") {
    grayscale(pam.pixels.ptr, pam.pixels.len);
  } else {
    const out = heap.alloc(pam.pixels.len);
    blur(pam.pixels.ptr, out, pam.width, pam.height);
    pam.pixels = new Bytes(out, pam.pixels.len);
  }
  writePam(args[3], pam);
}

main();
