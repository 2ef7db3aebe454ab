// The app's wasm, split into lazily loaded chunks, for scripts/build.mjs (the same steps as cargo-leptos):
//   1. cargo build --target wasm32-unknown-unknown --bin zhibu [--release], linked with `--emit-relocs`
//      (.cargo/config.toml), so that the next step can move functions between modules;
//   2. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup.sh): every `#[lazy]` /
//      `#[lazy_route]` function (src/ui/routes.rs) and the code only it reaches goes into a chunk `*.wasm`;
//      the main module keeps the rest; `__wasm_split.js` is the loader that fetches and links a chunk;
//   3. wasm-bindgen --target web --keep-lld-exports --no-demangle on the main module (the chunks use its
//      exports by their linker names);
//   4. release only: wasm-opt -Oz on the main module and on each chunk (scripts/wasm-opt.mjs);
//   5. the chunks joined into packs, the start's chunks into one pack of their own; the loader is
//      public/chunk-loader.js with the packs' and split modules' config (wasm-split's own loader is only read);
//   6. content-hashed names: zhibu-<H>.js, __wasm_split-<H>.js and zhibu-<H>_bg.wasm, where H hashes all three
//      (the glue and the loader import each other, so neither can be named after its own content alone).
// Returns the names scripts/build.mjs writes into the page: { js, wasm, loader, startPacks }.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { wasmOpt } from "./wasm-opt.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "zhibu";
// A chunk that at least this many split modules use goes into the common pack (step 5).
const COMMON_MIN = 4;
// The split module the start of a database with data loads (src/ui/routes.rs `load_start`).
const START_MODULE = "overview_chunk";

const log = (msg) => console.log(`build-wasm: ${msg}`);
// Cargo-installed tools (wasm-bindgen, wasm-split-cli) even when ~/.cargo/bin is not on PATH.
const env = { ...process.env, PATH: `${join(process.env.HOME || "", ".cargo/bin")}:${process.env.PATH}` };
const run = (cmd, args, extra = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...env, ...extra } });
const output = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, encoding: "utf8" });
const sha = (...parts) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
};
// Seconds since `t`, for the log.
const since = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

export async function buildWasm({ out, release }) {
  const profile = release ? "release" : "debug";
  let t = Date.now();

  // 1. cargo build. The symbols stay in the linked module (the release profile's `strip = true` is for the
  // other builds): wasm-split-cli reads the module's names and relocations; wasm-opt drops the names.
  const targetDir = JSON.parse(output("cargo", ["metadata", "--format-version", "1", "--no-deps"])).target_directory;
  const cargoArgs = ["build", "--locked", "--target", "wasm32-unknown-unknown", "--bin", NAME];
  if (release) cargoArgs.push("--release");
  log(`cargo ${cargoArgs.join(" ")}`);
  run("cargo", cargoArgs, { CARGO_PROFILE_RELEASE_STRIP: "false" });
  log(`cargo: ${since(t)}`);
  const raw = join(targetDir, "wasm32-unknown-unknown", profile, `${NAME}.wasm`);

  // 2. split
  t = Date.now();
  const work = join(targetDir, "zhibu-split", profile);
  await rm(work, { recursive: true, force: true });
  const splitDir = join(work, "split");
  const bindgenDir = join(work, "bindgen");
  await mkdir(splitDir, { recursive: true });
  run("wasm-split-cli", ["--target", "web", "--out-name", NAME, raw, splitDir]);
  log(`wasm-split-cli: ${since(t)}`);

  // 3. wasm-bindgen, the version pinned in Cargo.lock
  t = Date.now();
  const lock = await readFile(join(ROOT, "Cargo.lock"), "utf8");
  const wbgLock = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
  const wbgCli = output("wasm-bindgen", ["--version"]).trim().split(/\s+/)[1];
  if (wbgLock !== wbgCli) {
    throw new Error(`wasm-bindgen CLI ${wbgCli} but Cargo.lock has ${wbgLock} (run scripts/setup.sh)`);
  }
  run("wasm-bindgen", [
    "--target", "web", "--no-typescript", "--keep-lld-exports", "--no-demangle",
    "--out-dir", bindgenDir, "--out-name", NAME, join(splitDir, `${NAME}.wasm`),
  ]);
  log(`wasm-bindgen: ${since(t)}`);
  const chunkNames = (await readdir(splitDir)).filter((f) => f.endsWith(".wasm") && f !== `${NAME}.wasm`).sort();
  const mainWasm = join(bindgenDir, `${NAME}_bg.wasm`);

  // 4. wasm-opt (release)
  if (release) {
    t = Date.now();
    await wasmOpt([mainWasm, ...chunkNames.map((c) => join(splitDir, c))]);
    log(`wasm-opt -Oz on the main module and ${chunkNames.length} chunks: ${since(t)}`);
  }

  // 5. packs
  t = Date.now();
  const config = await pack({ splitDir, chunkNames, out });
  let startPacks = [config.start.file];
  // ZHIBU_PACKS (never for a deployed build): leave out a step of this one, to measure what it buys
  // (docs/performance.md, bench/compare.mjs). `nostart`: no start pack (the loader's config has no `start`,
  // so the start's chunks load from pack-common and pack-overview_chunk, which boot.js preloads instead);
  // `plain`: no packs at all (wasm-split's own loader and its chunk files, as cargo-leptos serves them).
  const variant = process.env.ZHIBU_PACKS || "";
  let loader;
  if (variant === "nostart") {
    loader = { text: await loaderText({ ...config, start: null }) };
    startPacks = ["common", START_MODULE].map((p) => config.packs[p][0]);
  } else if (variant === "plain") {
    loader = { text: await readFile(join(splitDir, "__wasm_split.js"), "utf8") };
    for (const c of chunkNames) await cp(join(splitDir, c), join(out, c));
    startPacks = [];
  } else if (variant) {
    throw new Error(`ZHIBU_PACKS=${variant}: expected nostart or plain`);
  } else {
    loader = { text: await loaderText(config) };
  }
  const packCount = Object.keys(config.packs).length;
  log(`${chunkNames.length} chunks in ${packCount} packs, the start's in ${config.start.file}: ${since(t)}`);

  // 6. hashed names
  let glue = await readFile(join(bindgenDir, `${NAME}.js`), "utf8");
  const wasmBytes = await readFile(mainWasm);
  const H = sha(glue, "\0", loader.text, "\0", wasmBytes);
  const names = { js: `${NAME}-${H}.js`, wasm: `${NAME}-${H}_bg.wasm`, loader: `__wasm_split-${H}.js` };
  // The loader imports the glue (`import { initSync } from "./zhibu.js"`), the glue imports the loader
  // (`from './__wasm_split.js'`); only these module specifiers change, not the wasm import name the glue uses
  // as a key of the imports object.
  const loaderImport = /(from\s*["'])\.\/zhibu\.js(["'])/g;
  if (!loaderImport.test(loader.text)) throw new Error("the loader does not import ./zhibu.js");
  const glueImport = /(from\s*["'])\.\/__wasm_split\.js(["'])/g;
  if (!glueImport.test(glue)) throw new Error("the glue does not import ./__wasm_split.js");
  glue = glue.replace(glueImport, `$1./${names.loader}$2`);
  await writeFile(join(out, names.loader), loader.text.replace(loaderImport, `$1./${names.js}$2`));
  await writeFile(join(out, names.js), glue);
  await writeFile(join(out, names.wasm), wasmBytes);
  if (existsSync(join(bindgenDir, "snippets"))) {
    await cp(join(bindgenDir, "snippets"), join(out, "snippets"), { recursive: true });
  }
  return { ...names, startPacks };
}

// Step 5. wasm-split makes one file per split module (a section of the navigation, 概览 with data, …) plus one
// per set of split modules that share code: about 460 files, 135 of them for 概览 with data alone. They are
// served joined into packs: a chunk that at least COMMON_MIN split modules use goes into
// `pack-common-<hash>.bin`; each split module gets `pack-<module>-<hash>.bin` with its own chunk and the shared
// ones fewer modules use (repeated in the packs of the modules that use them). So a section's first visit
// fetches at most two files. The start of a database with data is the load that counts most: its chunks are
// also put into one pack of their own, `pack-start-<hash>.bin`, which public/boot.js preloads. (They were
// merged into one module with binaryen's wasm-merge until 2026-12-07: that bought nothing measurable over this
// pack; docs/performance.md.)
// Writes the packs and returns the loader's config (public/chunk-loader.js): wasm-split's own loader is only
// read, for what each split module needs; `ZHIBU_PACKS=plain` serves it and its files as they are.
async function pack({ splitDir, chunkNames, out }) {
  const text = await readFile(join(splitDir, "__wasm_split.js"), "utf8");
  const chunkFile = new Map(
    [...text.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[\]\);/g)].map(
      (m) => [m[1], m[2]],
    ),
  );
  const moduleLoad =
    /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)\);[\s\S]*?\n, \[([^\]]*)\]\)\);/g;
  const modules = [...text.matchAll(moduleLoad)].map((m) => ({
    name: m[1],
    file: m[2],
    deps: m[3]
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        if (!chunkFile.has(d)) throw new Error(`the loader names ${d} but does not define it`);
        return chunkFile.get(d);
      }),
  }));
  const fetches = text.match(/fetch\(new URL\("\.\/[^"]+\.wasm", import\.meta\.url\)\)/g) || [];
  const exports = text.match(/^export /gm) || [];
  // The main module's exports a chunk imports, as the loader takes them from the glue's `initSync`.
  const shared = text
    .match(/const \{ ([\w, ]+?),? *\} = initSync\(undefined, undefined\);/)?.[1]
    .split(",")
    .map((s) => s.trim());
  if (
    fetches.length !== chunkFile.size + modules.length ||
    chunkNames.length !== fetches.length ||
    exports.length !== modules.length ||
    !shared?.includes("__indirect_function_table")
  ) {
    throw new Error(
      `the loader's format is not the one expected (wasm_split_cli_support 0.2.4): ${fetches.length} fetches, ` +
        `${chunkFile.size} shared chunks without dependencies, ${modules.length} split modules, ` +
        `${exports.length} exports, ${chunkNames.length} files, shared imports ${shared}`,
    );
  }
  // A chunk's name in the config: a shared chunk's number (`chunk_16.wasm` -> 16), a split module's own chunk by
  // its file name without `.wasm` (the config is about a fifth as long as with file names).
  const id = (file) => {
    const n = /^chunk_(\d+)\.wasm$/.exec(file);
    return n ? Number(n[1]) : file.replace(/\.wasm$/, "");
  };
  const users = new Map();
  for (const m of modules) for (const f of m.deps) users.set(f, (users.get(f) || 0) + 1);
  const common = [...users.keys()].filter((f) => users.get(f) >= COMMON_MIN).sort();
  const packList = [{ name: "common", files: common }];
  for (const m of modules) packList.push({ name: m.name, files: [m.file, ...m.deps.filter((f) => users.get(f) < COMMON_MIN)] });
  // Joins `files` into pack-<name>-<hash>.bin: [its file name, [[chunk, length], …]].
  async function write(name, files) {
    const parts = await Promise.all(files.map((f) => readFile(join(splitDir, f))));
    const bytes = Buffer.concat(parts);
    const file = `pack-${name}-${sha(bytes)}.bin`;
    await writeFile(join(out, file), bytes);
    return [file, files.map((f, i) => [id(f), parts[i].length])];
  }
  const packs = {};
  for (const { name, files } of packList) if (files.length) packs[name] = await write(name, files);
  const startModule = modules.find((m) => m.name === START_MODULE);
  if (!startModule) throw new Error(`no split module ${START_MODULE}`);
  const [startFile, startChunks] = await write("start", [startModule.file, ...startModule.deps]);
  return {
    shared,
    modules: Object.fromEntries(modules.map((m) => [m.name, [id(m.file), m.deps.map(id)]])),
    packs,
    start: { module: START_MODULE, file: startFile, chunks: startChunks },
  };
}

// The loader's text: public/chunk-loader.js (without its comment lines) with `config`, exporting one load
// function per split module.
async function loaderText(config) {
  const runtime = (await readFile(join(ROOT, "public/chunk-loader.js"), "utf8"))
    .split("\n")
    .filter((line) => !/^\s*\/\//.test(line))
    .join("\n");
  return (
    'import { initSync } from "./zhibu.js";\n' +
    runtime +
    `const __zhibuLoad = zhibuChunkLoader(${JSON.stringify(config)}, import.meta.url, initSync);\n` +
    Object.keys(config.modules)
      .map((m) => `export const __wasm_split_load_${m} = __zhibuLoad(${JSON.stringify(m)});\n`)
      .join("")
  );
}
