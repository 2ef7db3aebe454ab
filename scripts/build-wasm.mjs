#!/usr/bin/env node
// Trunk `build` hook (Trunk.toml [[hooks]]): builds the app's wasm, split into lazily loaded chunks.
//
// Trunk 0.21 cannot split a wasm module, so index.html's `<link data-trunk rel="rust" data-trunk-skip …>`
// tells trunk not to build the crate, and this script does it instead (the same steps as cargo-leptos):
//   1. cargo build --target wasm32-unknown-unknown --bin zhibu [--release], linked with `--emit-relocs`
//      (.cargo/config.toml), so that the next step can move functions between modules;
//   2. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup.sh): every `#[lazy]` /
//      `#[lazy_route]` function (src/ui/routes.rs) and the code only it reaches goes into a chunk `*.wasm`;
//      the main module keeps the rest; `__wasm_split.js` is the loader that fetches and links a chunk;
//   3. wasm-bindgen --target web --keep-lld-exports --no-demangle on the main module (the chunks use its
//      exports by their linker names);
//   4. release only: wasm-opt on the main module and on each chunk, with index.html's data-wasm-opt(-params);
//   5. the chunks joined into packs (pack-common-<hash>.bin and one pack-<module>-<hash>.bin per split module),
//      the start's chunks also merged into one module, pack-start-<hash>.bin (scripts/merge-start.mjs), and
//      the loader rewritten to take each chunk out of its pack (see step 5 below);
//   6. content-hashed names in $TRUNK_STAGING_DIR: zhibu-<H>.js,
//      __wasm_split-<H>.js and zhibu-<H>_bg.wasm, where H hashes all three (the glue and the loader import each
//      other, so neither can be named after its own content alone); the references are rewritten to match.
// It leaves `.zhibu-boot.json` (the glue, wasm and loader names, and the start's pack) in the staging dir for
// scripts/post-build.mjs, which writes the `#zhibu-boot` tag that public/boot.js reads and then runs
// scripts/precache.mjs.
//
// Usage outside trunk: node scripts/build-wasm.mjs <out dir> [release|debug]
import { createHash } from "node:crypto";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { mergeStart } from "./merge-start.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "zhibu";
const staging = process.argv[2] || process.env.TRUNK_STAGING_DIR;
const profile = process.argv[3] || process.env.TRUNK_PROFILE || "debug";
if (!staging) {
  console.error("build-wasm: no output directory (TRUNK_STAGING_DIR unset and no argument)");
  process.exit(1);
}
if (profile !== "release" && profile !== "debug") {
  console.error(`build-wasm: unknown profile ${profile}`);
  process.exit(1);
}
const log = (msg) => console.log(`build-wasm: ${msg}`);
// node_modules/.bin first (wasm-opt from npm binaryen), then cargo-installed tools.
const env = {
  ...process.env,
  PATH: `${join(ROOT, "node_modules/.bin")}:${join(process.env.HOME || "", ".cargo/bin")}:${process.env.PATH}`,
};
const execFileAsync = promisify(execFile);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: ROOT, env, stdio: "inherit", ...opts });
const output = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, encoding: "utf8" });
const sha = (...parts) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
};

// The wasm-opt settings stay on index.html's rust link, where trunk users look for them.
const html = await readFile(join(ROOT, "index.html"), "utf8");
const link = html.match(/<link\b[^>]*\brel="rust"[^>]*>/s);
if (!link) {
  console.error('build-wasm: index.html has no <link data-trunk rel="rust" …>');
  process.exit(1);
}
const attr = (name) => link[0].match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
const optLevel = attr("data-wasm-opt") || "z";
const optParams = (attr("data-wasm-opt-params") || "").split(/\s+/).filter(Boolean);

// 1. cargo build
const meta = JSON.parse(output("cargo", ["metadata", "--format-version", "1", "--no-deps"]));
const targetDir = meta.target_directory;
// `--offline` as trunk would pass it (Trunk.toml `offline = true`; scripts/setup.sh runs `cargo fetch`).
const cargoArgs = ["build", "--offline", "--target", "wasm32-unknown-unknown", "--bin", NAME];
if (profile === "release") cargoArgs.push("--release");
log(`cargo ${cargoArgs.join(" ")}`);
// Keep the symbols in the linked module (the release profile says `strip = true` for the other builds):
// wasm-split-cli reads the module's names and relocations; wasm-opt drops the names afterwards.
run("cargo", cargoArgs, { env: { ...env, CARGO_PROFILE_RELEASE_STRIP: "false" } });
const raw = join(targetDir, "wasm32-unknown-unknown", profile, `${NAME}.wasm`);

// 2. split
const work = join(targetDir, "zhibu-split", profile);
await rm(work, { recursive: true, force: true });
const splitDir = join(work, "split");
const bindgenDir = join(work, "bindgen");
await mkdir(splitDir, { recursive: true });
run("wasm-split-cli", ["--target", "web", "--out-name", NAME, raw, splitDir]);

// 3. wasm-bindgen, the version pinned in Cargo.lock
const lock = await readFile(join(ROOT, "Cargo.lock"), "utf8");
const wbgLock = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
const wbgCli = output("wasm-bindgen", ["--version"]).trim().split(/\s+/)[1];
if (wbgLock !== wbgCli) {
  console.error(`build-wasm: wasm-bindgen CLI ${wbgCli} but Cargo.lock has ${wbgLock} (run scripts/setup.sh)`);
  process.exit(1);
}
run("wasm-bindgen", [
  "--target", "web", "--no-typescript", "--keep-lld-exports", "--no-demangle",
  "--out-dir", bindgenDir, "--out-name", NAME, join(splitDir, `${NAME}.wasm`),
]);

const chunkNames = (await readdir(splitDir)).filter((f) => f.endsWith(".wasm") && f !== `${NAME}.wasm`).sort();
const mainWasm = join(bindgenDir, `${NAME}_bg.wasm`);

// 4. wasm-opt (release)
// The chunks are many and small: run as many wasm-opt processes as there are cores.
if (profile === "release") {
  const queue = [mainWasm, ...chunkNames.map((c) => join(splitDir, c))];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await execFileAsync("wasm-opt", [`-O${optLevel}`, ...optParams, f, "-o", f], { cwd: ROOT, env });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  log(`wasm-opt -O${optLevel} on the main module and ${chunkNames.length} chunks`);
}

// 5. packs: the chunks, joined into a few files. wasm-split makes one file per split module (a section of the
// navigation, 概览 with data, …) plus one per set of split modules that share code: about 240 files, 85 of them
// for 概览 with data alone, which took 260 ms to fetch on localhost (a browser opens 6 connections per host).
// A chunk that at least COMMON_MIN split modules use goes into `pack-common-<hash>.bin`; each split module gets
// `pack-<module>-<hash>.bin` with its own chunk and the shared ones fewer modules use (those are repeated in
// the packs of the modules that use them). So a section's first visit fetches at most two files. The loader
// is rewritten to take a chunk's bytes out of its pack and compile it (see PACK_RUNTIME), then instantiate it.
// The start of a database with data is the one load that counts most: its 85 chunks are also merged into one
// module (pack-start), compiled and instantiated once instead of 85 times (LARGE cold start: 235 ms before,
// 219 ms after, the middle of 3 and 4 runs of bench/coldstart.mjs on the same machine). Its chunks stay in the
// packs too, for when another page loaded some of them first (see __zhibuStartWay).
const COMMON_MIN = 4;
// The split module the start of a database with data loads (src/ui/routes.rs `load_start`).
const START_MODULE = "overview_chunk";
let loader = await readFile(join(splitDir, "__wasm_split.js"), "utf8");
const chunkFile = new Map(
  [...loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)].map(
    (m) => [m[1], m[2]],
  ),
);
const moduleLoad =
  /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)\);[\s\S]*?\n, \[([^\]]*)\]\)\);/g;
const modules = [...loader.matchAll(moduleLoad)].map((m) => ({
  name: m[1],
  file: m[2],
  deps: m[3]
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      if (!chunkFile.has(d)) throw new Error(`build-wasm: the loader names ${d} but does not define it`);
      return chunkFile.get(d);
    }),
}));
const inLoader = loader.match(/fetch\(new URL\("\.\/[^"]+\.wasm", import\.meta\.url\)\)/g) || [];
if (inLoader.length !== chunkFile.size + modules.length || chunkNames.length !== inLoader.length) {
  throw new Error(
    `build-wasm: the loader's format is not the one expected (wasm_split_cli_support 0.2.4): ` +
      `${inLoader.length} fetches, ${chunkFile.size} shared chunks, ${modules.length} split modules, ` +
      `${chunkNames.length} files`,
  );
}
const users = new Map();
for (const m of modules) for (const f of m.deps) users.set(f, (users.get(f) || 0) + 1);
const common = [...users.keys()].filter((f) => users.get(f) >= COMMON_MIN).sort();
const packs = [{ name: "common", files: common }];
for (const m of modules) packs.push({ name: m.name, files: [m.file, ...m.deps.filter((f) => users.get(f) < COMMON_MIN)] });
const place = {}; // pack name -> { chunk file -> [pack file, offset, length] }
let packBytes = 0;
for (const pack of packs) {
  if (!pack.files.length) continue;
  const parts = await Promise.all(pack.files.map((f) => readFile(join(splitDir, f))));
  const bytes = Buffer.concat(parts);
  const file = `pack-${pack.name}-${sha(bytes)}.bin`;
  await writeFile(join(staging, file), bytes);
  packBytes += bytes.length;
  place[pack.name] = {};
  let offset = 0;
  pack.files.forEach((f, i) => {
    place[pack.name][f] = [file, offset, parts[i].length];
    offset += parts[i].length;
  });
}
const start = modules.find((m) => m.name === START_MODULE);
if (!start) throw new Error(`build-wasm: no split module ${START_MODULE}`);
const startChunks = [start.file, ...start.deps];
// The start's chunks, merged into one module (scripts/merge-start.mjs), in a file of their own.
const merged = await mergeStart({
  splitDir,
  chunks: startChunks,
  work,
  features: optParams.filter((p) => p.startsWith("--enable-")),
  env,
});
const startFile = `pack-start-${sha(merged)}.bin`;
await writeFile(join(staging, startFile), merged);
packBytes += merged.length;
log(`the start's ${startChunks.length} chunks merged into ${startFile} (${merged.length} bytes)`);
const PACK_RUNTIME = `// Added by scripts/build-wasm.mjs: the chunks are served in packs (see step 5 there). A split module's
// loader runs its fetches synchronously inside __zhibuIn, so __zhibuModule names the pack of its own chunks.
const __zhibuPlace = ${JSON.stringify(place)};
// The start of a database with data (概览's split module) instantiates its chunks as one merged module.
const __zhibuStart = {
    module: ${JSON.stringify(START_MODULE)},
    file: ${JSON.stringify(startFile)},
    chunks: new Set(${JSON.stringify(startChunks)}),
};
let __zhibuModule = "";
const __zhibuPacks = new Map();
function __zhibuPack(file) {
    let bytes = __zhibuPacks.get(file);
    if (!bytes) {
        bytes = fetch(new URL("./" + file, import.meta.url)).then((r) => {
            if (!r.ok) throw new Error(file + ": HTTP " + r.status);
            return r.arrayBuffer();
        });
        // A failed fetch is tried again next time.
        bytes.catch(() => __zhibuPacks.delete(file));
        __zhibuPacks.set(file, bytes);
    }
    return bytes;
}
// A chunk on its own, out of the common pack or the pack of \`module\`, compiled (WebAssembly.compile, off
// the main thread) as soon as the pack is there.
const __zhibuCompiled = new Map();
function __zhibuFetch(chunk, module) {
    let compiled = __zhibuCompiled.get(chunk);
    if (!compiled) {
        const at = __zhibuPlace.common?.[chunk] || __zhibuPlace[module]?.[chunk];
        if (!at) return Promise.reject(new Error(chunk + ": in no pack of " + module));
        compiled = __zhibuPack(at[0]).then((b) => WebAssembly.compile(new Uint8Array(b, at[1], at[2])));
        // A failure is tried again next time.
        compiled.catch(() => __zhibuCompiled.delete(chunk));
        __zhibuCompiled.set(chunk, compiled);
    }
    return compiled;
}
// The start's merged module, compiled once (a failure is tried again next time).
let __zhibuStartCompiled;
function __zhibuStartModule() {
    if (!__zhibuStartCompiled) {
        const compiled = __zhibuPack(__zhibuStart.file).then((b) => WebAssembly.compile(b));
        compiled.catch(() => {
            if (__zhibuStartCompiled === compiled) __zhibuStartCompiled = undefined;
        });
        __zhibuStartCompiled = compiled;
    }
    return __zhibuStartCompiled;
}
// How the start's chunks get instantiated: "none" yet; "merged" once the start instantiates the merged module
// (every start chunk with it); "alone" once a start chunk was asked for by another page first (e.g. 党员 on an
// empty database): from then on each loads alone, so that no chunk is instantiated twice (which would write
// its data segments again).
let __zhibuStartWay = "none";
let __zhibuStartInstance;
// What a chunk's loader will instantiate: a start chunk asked for by the start is a marker for the merged
// module; any other chunk is compiled now, on its own.
function __zhibuSource(chunk) {
    const module = __zhibuModule;
    if (__zhibuStart.chunks.has(chunk)) {
        if (module === __zhibuStart.module && __zhibuStartWay !== "alone") {
            __zhibuStartModule().catch(() => {});
            return Promise.resolve({ chunk, module, merged: true });
        }
        if (__zhibuStartWay === "none") __zhibuStartWay = "alone";
    }
    return __zhibuFetch(chunk, module).then((compiled) => ({ chunk, module, compiled }));
}
// Instantiates what __zhibuSource gave, once the main module runs (a chunk imports its memory and table).
async function __zhibuInstantiate(src, imports) {
    const s = await src;
    const inStart = __zhibuStart.chunks.has(s.chunk);
    if (inStart && (__zhibuStartWay === "merged" || (s.merged && __zhibuStartWay === "none"))) {
        if (!__zhibuStartInstance) {
            __zhibuStartWay = "merged";
            const instance = __zhibuStartModule().then((m) => WebAssembly.instantiate(m, imports));
            // A failure is tried again next time (nothing was written: instantiation failed as a whole).
            instance.catch(() => {
                if (__zhibuStartInstance === instance) {
                    __zhibuStartInstance = undefined;
                    __zhibuStartWay = "none";
                }
            });
            __zhibuStartInstance = instance;
        }
        return __zhibuStartInstance;
    }
    const compiled = s.compiled || (await __zhibuFetch(s.chunk, s.module));
    return WebAssembly.instantiate(compiled, imports);
}
// When this browser's database had data last time (localStorage "zhibu-has-data", kept by ui::state), the
// start will need its merged module: fetch and compile it now, in parallel with the main module, not after
// its first look at the database.
try {
    if (localStorage.getItem("zhibu-has-data") === "1") __zhibuStartModule().catch(() => {});
} catch {
    // No localStorage (e.g. blocked): the module is fetched when needed.
}
function __zhibuIn(module, load) {
    return () => {
        const outer = __zhibuModule;
        __zhibuModule = module;
        try {
            return load();
        } finally {
            __zhibuModule = outer;
        }
    };
}
`;
loader = loader.replace(moduleLoad, (whole, name) =>
  whole
    .replace("wrapAsyncCb(makeLoad(", `wrapAsyncCb(__zhibuIn(${JSON.stringify(name)}, makeLoad(`)
    .replace(/\]\)\);$/, "])));"),
);
loader = loader.replace(/fetch\(new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)\)/g, (_, f) => `__zhibuSource(${JSON.stringify(f)})`);
const instantiations = loader.match(/WebAssembly\.instantiateStreaming\(src, imports\)/g) || [];
if (instantiations.length !== inLoader.length) throw new Error("build-wasm: unexpected instantiation in the loader");
loader = loader.replaceAll("WebAssembly.instantiateStreaming(src, imports)", "__zhibuInstantiate(src, imports)");
if ((loader.match(/wrapAsyncCb\(__zhibuIn\(/g) || []).length !== modules.length) {
  throw new Error("build-wasm: not every split module's loader was wrapped");
}
const firstLine = loader.indexOf("\n") + 1;
loader = loader.slice(0, firstLine) + PACK_RUNTIME + loader.slice(firstLine);
log(`${chunkNames.length} chunks in ${Object.keys(place).length} packs (${packBytes} bytes)`);

// 6. hashed names into the staging dir
let glue = await readFile(join(bindgenDir, `${NAME}.js`), "utf8");
const wasmBytes = await readFile(mainWasm);
const H = sha(glue, "\0", loader, "\0", wasmBytes);
const names = { js: `${NAME}-${H}.js`, wasm: `${NAME}-${H}_bg.wasm`, loader: `__wasm_split-${H}.js` };
// The loader imports the glue (`import { initSync } from "./zhibu.js"`), the glue imports the loader
// (`from './__wasm_split.js'`); only these module specifiers change, not the wasm import name the glue uses
// as a key of the imports object.
const loaderImport = /(from\s*["'])\.\/zhibu\.js(["'])/g;
if (!loaderImport.test(loader)) throw new Error("build-wasm: the loader does not import ./zhibu.js");
loader = loader.replace(loaderImport, `$1./${names.js}$2`);
const glueImport = /(from\s*["'])\.\/__wasm_split\.js(["'])/g;
if (glueImport.test(glue)) {
  glue = glue.replace(glueImport, `$1./${names.loader}$2`);
} else if (chunkNames.length) {
  throw new Error("build-wasm: the glue does not import ./__wasm_split.js");
}
await writeFile(join(staging, names.loader), loader);
await writeFile(join(staging, names.js), glue);
await writeFile(join(staging, names.wasm), wasmBytes);
if (existsSync(join(bindgenDir, "snippets"))) {
  await cp(join(bindgenDir, "snippets"), join(staging, "snippets"), { recursive: true });
}
// The file the start of a database with data fetches first (public/boot.js preloads it when the has-data
// hint is set, see PACK_RUNTIME).
const startPacks = [startFile];
await writeFile(
  join(staging, ".zhibu-boot.json"),
  JSON.stringify({ js: names.js, wasm: names.wasm, loader: names.loader, startPacks }),
);
log(`${profile}: ${names.js}, ${names.wasm}, ${names.loader}, ${chunkNames.length} chunks`);
