//! The Zig kernel as a WASI preview-1 command (contract/README.md, "WASI commands"):
//!
//!     command grayscale|blur INPUT.pam OUTPUT.pam
//!
//! Both files are in the directory the host preopens; no environment is used.
//! The pixels go through the kernel's own `grayscale` and `blur` (src/), the
//! very code the module builds export. On any error: one line on stderr and
//! exit code 1. The format is PAM (Netpbm P7, RGBA8), read and written by
//! hand: Zig's standard library has no PNG codec.
//!
//! The files go through the C library Zig bundles for wasm32-wasi (wasi-libc,
//! linked with `-lc`): its `fopen` finds the preopened directory for a plain
//! name, which raw WASI calls would have to do by hand. `main` takes
//! `std.process.Init.Minimal`, the arguments and environment as they are.

const std = @import("std");
const c = std.c;
const kernel = @import("kernel");

const gpa = std.heap.c_allocator;

extern "c" fn strerror(errnum: c_int) [*:0]const u8;

/// An RGBA8 image, row-major, no row padding.
const Image = struct {
    width: i32,
    height: i32,
    pixels: []u8,
};

/// The one error path: `command: <message>` on stderr, then exit code 1.
fn fail(comptime format: []const u8, args: anytype) noreturn {
    var line: [512]u8 = undefined;
    const text = std.fmt.bufPrint(&line, "command: " ++ format ++ "\n", args) catch blk: {
        line[line.len - 1] = '\n';
        break :blk &line;
    };
    _ = c.write(2, text.ptr, text.len);
    c.exit(1);
}

/// What the C library says about the last failed call.
fn lastError() [*:0]const u8 {
    return strerror(c._errno().*);
}

fn readFile(path: [*:0]const u8) []u8 {
    const file = c.fopen(path, "rb") orelse fail("cannot read {s}: {s}", .{ path, lastError() });
    defer _ = c.fclose(file);
    var bytes: std.ArrayList(u8) = .empty;
    const chunk = 1 << 16;
    while (true) {
        const room = bytes.addManyAsSlice(gpa, chunk) catch fail("out of memory reading {s}", .{path});
        const got = c.fread(room.ptr, 1, chunk, file);
        bytes.shrinkRetainingCapacity(bytes.items.len - chunk + got);
        if (got < chunk) break;
    }
    return bytes.items;
}

/// A positive decimal number, digits only, at most `maxInt(i32)`. (Not
/// `std.fmt.parseInt`: it also takes a sign and `_` between digits.)
fn parseNumber(text: []const u8) ?i32 {
    if (text.len == 0) return null;
    var n: u64 = 0;
    for (text) |ch| {
        if (ch < '0' or ch > '9') return null;
        n = n * 10 + (ch - '0');
        if (n > std.math.maxInt(i32)) return null;
    }
    return if (n > 0) @intCast(n) else null;
}

/// PAM with exactly the header the contract names (and Netpbm writes):
/// P7, WIDTH, HEIGHT, DEPTH 4, MAXVAL 255, TUPLTYPE RGB_ALPHA, ENDHDR, one
/// line each, then width * height * 4 bytes and nothing more.
fn readPam(path: [*:0]const u8) Image {
    const bytes = readFile(path);
    if (!std.mem.startsWith(u8, bytes, "P7\n")) fail("{s}: not a PAM this command reads: it does not start with `P7`", .{path});
    var lines = Header{ .bytes = bytes, .path = path };
    lines.expect("P7");
    const width = lines.field("WIDTH ");
    const height = lines.field("HEIGHT ");
    lines.expect("DEPTH 4");
    lines.expect("MAXVAL 255");
    lines.expect("TUPLTYPE RGB_ALPHA");
    lines.expect("ENDHDR");
    const len = kernel.status.imageLen(width, height) catch
        fail("{s}: {d}x{d} is too large (width * height * 4 must fit in an i32)", .{ path, width, height });
    const pixels = bytes[lines.at..];
    if (pixels.len != len) {
        fail("{s}: {d} bytes of pixels where a {d}x{d} image has {d}", .{ path, pixels.len, width, height, len });
    }
    return .{ .width = width, .height = height, .pixels = pixels };
}

/// The header's lines, one after the other.
const Header = struct {
    bytes: []const u8,
    path: [*:0]const u8,
    at: usize = 0,

    fn line(self: *Header) []const u8 {
        const end = std.mem.indexOfScalarPos(u8, self.bytes, self.at, '\n') orelse
            fail("{s}: not a PAM this command reads: the header ends early", .{self.path});
        defer self.at = end + 1;
        return self.bytes[self.at..end];
    }

    fn expect(self: *Header, want: []const u8) void {
        const got = self.line();
        if (!std.mem.eql(u8, got, want)) {
            fail("{s}: not a PAM this command reads: header line `{s}` where `{s}` belongs", .{ self.path, got, want });
        }
    }

    fn field(self: *Header, key: []const u8) i32 {
        const got = self.line();
        if (std.mem.startsWith(u8, got, key)) {
            if (parseNumber(got[key.len..])) |value| return value;
        }
        fail("{s}: not a PAM this command reads: header line `{s}` where `{s}<positive number>` belongs", .{ self.path, got, key });
    }
};

fn writePam(path: [*:0]const u8, image: Image) void {
    const file = c.fopen(path, "wb") orelse fail("cannot write {s}: {s}", .{ path, lastError() });
    var header: [128]u8 = undefined;
    const head = std.fmt.bufPrint(&header, "P7\nWIDTH {d}\nHEIGHT {d}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", .{ image.width, image.height }) catch unreachable;
    const ok = c.fwrite(head.ptr, 1, head.len, file) == head.len and
        c.fwrite(image.pixels.ptr, 1, image.pixels.len, file) == image.pixels.len;
    if (c.fclose(file) != 0 or !ok) fail("cannot write {s}: {s}", .{ path, lastError() });
}

pub fn main(init: std.process.Init.Minimal) u8 {
    const argv = init.args.vector; // with libc on wasi, C's argv as a slice
    if (argv.len != 4) fail("usage: command grayscale|blur INPUT.pam OUTPUT.pam (got {d} arguments)", .{argv.len - 1});
    const op = std.mem.span(argv[1]);
    const is_blur = std.mem.eql(u8, op, "blur");
    if (!is_blur and !std.mem.eql(u8, op, "grayscale")) fail("unknown op `{s}` (want grayscale or blur)", .{op});
    var image = readPam(argv[2]);
    if (is_blur) {
        const out = gpa.alloc(u8, image.pixels.len) catch fail("out of memory", .{});
        kernel.blur(image.pixels, out, @intCast(image.width), @intCast(image.height));
        image.pixels = out;
    } else {
        kernel.grayscale(image.pixels);
    }
    writePam(argv[3], image);
    return 0;
}
