// Used by scripts/build-wasm.mjs (step 5): joins the chunks that the start of a database with data loads
// (概览's split module and the ~85 shared chunks it needs) into ONE wasm module, so that the start compiles and
// instantiates one module instead of 85 (each instantiation is a task on the main thread).
//
// A chunk made by wasm-split imports the main module's memory, its function table and the shared globals
// from "__wasm_split", and exports nothing: instantiating it writes its data segments into the memory and its
// functions into the table. binaryen's wasm-merge would keep one memory import per input (several memories),
// so the chunks are linked through a hub: a small module that imports each of those once and exports it, and
// every chunk's imports are renamed from "__wasm_split" to the hub's name. wasm-merge then resolves them to
// the hub's, and the merged module imports each thing once from "__wasm_split", like a chunk.
//
// Anything else in a chunk's imports (a function import, another module name) is not expected from
// wasm_split_cli_support 0.2.4 and fails the build.
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// npm binaryen's commands (package.json), the same version as scripts/wasm-opt.mjs uses.
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin");
// The features rustc enables by default for wasm32-unknown-unknown (as in scripts/wasm-opt.mjs).
const FEATURES = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "multivalue", "reference-types"]
  .map((f) => `--enable-${f}`);

const SPLIT = "__wasm_split";
// Same length as SPLIT, so that renaming does not change any size in the binary.
const HUB = "__zhibu_hub_";

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** The byte range [start, end) of the import section (id 2), or null. */
function importSection(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (id === 2) return [start, start + size];
    at = start + size;
  }
  return null;
}

/**
 * The imports of a module: { module, name, kind, type, min }: `type` is "table funcref", "memory" or the WAT
 * type of a global; `min` the minimum size of a table or memory.
 */
export function imports(bytes) {
  const range = importSection(bytes);
  if (!range) return [];
  const out = [];
  const str = (at) => {
    const [len, start] = leb(bytes, at);
    return [bytes.subarray(start, start + len).toString("utf8"), start + len];
  };
  let [count, at] = leb(bytes, range[0]);
  // Limits: the minimum (a declared maximum is not expected). Returns [minimum, next offset].
  const limits = (at, name) => {
    const flags = bytes[at];
    if (flags !== 0) throw new Error(`import ${name} declares a maximum or is shared (limits flags ${flags})`);
    return leb(bytes, at + 1);
  };
  for (; count > 0; count--) {
    let module, name;
    [module, at] = str(at);
    [name, at] = str(at);
    const kind = bytes[at++];
    let type;
    let min = 0;
    if (kind === 1) {
      if (bytes[at] !== 0x70) throw new Error(`table import ${name} is not funcref`);
      [min, at] = limits(at + 1, name);
      type = "table funcref";
    } else if (kind === 2) {
      [min, at] = limits(at, name);
      type = "memory";
    } else if (kind === 3) {
      const valtype = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" }[bytes[at]];
      if (!valtype) throw new Error(`global import ${name} has an unexpected type`);
      type = bytes[at + 1] ? `(global (mut ${valtype}))` : `(global ${valtype})`;
      at += 2;
    } else {
      throw new Error(`import ${module}.${name} of kind ${kind} (only tables, memories and globals expected)`);
    }
    out.push({ module, name, kind, type, min });
  }
  return out;
}

/**
 * Merges the chunk files `chunks` (in `splitDir`) into one module; returns its bytes. `work` is a scratch
 * directory.
 */
export async function mergeStart({ splitDir, chunks, work }) {
  const dir = join(work, "merge-start");
  await mkdir(dir, { recursive: true });
  const wanted = new Map(); // import name -> { kind, type, min, index }
  const args = [];
  for (const chunk of chunks) {
    const bytes = await readFile(join(splitDir, chunk));
    for (const imp of imports(bytes)) {
      if (imp.module !== SPLIT) throw new Error(`${chunk} imports from ${imp.module}, not ${SPLIT}`);
      const known = wanted.get(imp.name);
      if (known && (known.kind !== imp.kind || known.type !== imp.type)) {
        throw new Error(`${imp.name} is imported with two types`);
      }
      // The hub asks for the largest minimum any chunk asks for (wasm-merge checks each link).
      if (known) known.min = Math.max(known.min, imp.min);
      else wanted.set(imp.name, { kind: imp.kind, type: imp.type, min: imp.min, index: wanted.size });
    }
    // Rename the import module in place: only inside the import section, same length.
    const range = importSection(bytes);
    if (range) {
      const from = Buffer.from(`\x0c${SPLIT}`);
      const to = Buffer.from(`\x0c${HUB}`);
      for (let at = range[0]; ; ) {
        const hit = bytes.indexOf(from, at);
        if (hit < 0 || hit >= range[1]) break;
        to.copy(bytes, hit);
        at = hit + from.length;
      }
    }
    const renamed = join(dir, chunk);
    await writeFile(renamed, bytes);
    args.push(renamed, chunk.replace(/\.wasm$/, ""));
  }
  const kinds = { 1: "table", 2: "memory", 3: "global" };
  const declare = (w) => {
    if (w.kind === 1) return `(table $i${w.index} ${w.min} funcref)`;
    if (w.kind === 2) return `(memory $i${w.index} ${w.min})`;
    return `(global $i${w.index} ${w.type.replace(/^\(global /, "").replace(/\)$/, "")})`;
  };
  const hub = [
    "(module",
    ...[...wanted].map(([name, w]) => ` (import "${SPLIT}" "${name}" ${declare(w)})`),
    ...[...wanted].map(([name, w]) => ` (export "${name}" (${kinds[w.kind]} $i${w.index}))`),
    ")",
  ].join("\n");
  await writeFile(join(dir, "hub.wat"), hub);
  // Binaryen's warnings about the names of a debug build's chunks ("unknown name subsection") are left out.
  const run = (cmd, a) => {
    const r = spawnSync(join(BIN, cmd), a, { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
    const err = (r.stderr || "").split("\n").filter((l) => l && !/^warning: unknown name subsection/.test(l));
    if (err.length) console.error(err.join("\n"));
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.error || `exit ${r.status}`})`);
  };
  run("wasm-as", [join(dir, "hub.wat"), "-o", join(dir, "hub.wasm"), ...FEATURES]);
  const out = join(dir, "start.wasm");
  run("wasm-merge", [join(dir, "hub.wasm"), HUB, ...args, "-o", out, ...FEATURES]);
  const merged = await readFile(out);
  // The merged module must import exactly what the hub imports, from "__wasm_split".
  const got = imports(merged).map((i) => `${i.module}.${i.name}`).sort();
  const expected = [...wanted.keys()].map((n) => `${SPLIT}.${n}`).sort();
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`the merged start imports ${got.join(", ")}, expected ${expected.join(", ")}`);
  }
  return merged;
}
