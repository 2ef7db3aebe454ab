// The app's wasm, split into lazily loaded chunks, for scripts/build.mjs (the same steps as cargo-leptos):
//   1. cargo build --target wasm32-unknown-unknown --bin zhibu [--release], linked with `--emit-relocs`
//      (.cargo/config.toml), so that the next step can move functions between modules;
//   2. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup.sh): every `#[lazy]` /
//      `#[lazy_route]` function (src/ui/routes.rs) and the code only it reaches goes into a chunk `*.wasm`;
//      the main module keeps the rest; `__wasm_split.js` is the loader that fetches and links a chunk;
//   3. wasm-bindgen --target web --keep-lld-exports --no-demangle on the main module (the chunks use its
//      exports by their linker names);
//   4. release only: wasm-opt -Oz on the main module and on each chunk (scripts/wasm-opt.mjs);
//   5. the chunks joined into packs, the start's chunks into one pack of their own, and public/chunk-packs.js put
//      into the loader to take each chunk out of its pack;
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
  let { loader, packFiles, startFile, place } = await pack({ splitDir, chunkNames, out });
  let startPacks = [startFile];
  // ZHIBU_PACKS (never for a deployed build): leave out a step of this one, to measure what it buys
  // (docs/performance.md, bench/compare.mjs). `nostart`: no start pack (the loader's config has no `start`,
  // so the start's chunks load from pack-common and pack-overview_chunk, which boot.js preloads instead);
  // `plain`: no packs at all (wasm-split's own loader and its chunk files, as cargo-leptos serves them).
  const variant = process.env.ZHIBU_PACKS || "";
  if (variant === "nostart") {
    const text = loader.text.replace(/"start":\{"module":[^{]*\{[^}]*\}\}/, '"start":null');
    if (text === loader.text) throw new Error("ZHIBU_PACKS=nostart: no start in the loader's config");
    loader = { text };
    startPacks = [place.common, place[START_MODULE]].map((p) => Object.values(p)[0][0]);
  } else if (variant === "plain") {
    loader = { text: await readFile(join(splitDir, "__wasm_split.js"), "utf8") };
    for (const c of chunkNames) await cp(join(splitDir, c), join(out, c));
    startPacks = [];
  } else if (variant) {
    throw new Error(`ZHIBU_PACKS=${variant}: expected nostart or plain`);
  }
  log(`${chunkNames.length} chunks in ${packFiles} packs, the start's in ${startFile}: ${since(t)}`);

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
// per set of split modules that share code: about 230 files, 85 of them for 概览 with data alone. They are
// served joined into packs: a chunk that at least COMMON_MIN split modules use goes into
// `pack-common-<hash>.bin`; each split module gets `pack-<module>-<hash>.bin` with its own chunk and the shared
// ones fewer modules use (repeated in the packs of the modules that use them). So a section's first visit
// fetches at most two files. The start of a database with data is the load that counts most: its chunks are
// also put into one pack of their own, `pack-start-<hash>.bin`, which public/boot.js preloads. (They were
// merged into one module with binaryen's wasm-merge until 2026-12-07: that bought nothing measurable over this
// pack; docs/performance.md.)
// The loader is rewritten to go through public/chunk-packs.js (see there).
async function pack({ splitDir, chunkNames, out }) {
  let text = await readFile(join(splitDir, "__wasm_split.js"), "utf8");
  const chunkFile = new Map(
    [...text.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)].map(
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
  if (fetches.length !== chunkFile.size + modules.length || chunkNames.length !== fetches.length) {
    throw new Error(
      `the loader's format is not the one expected (wasm_split_cli_support 0.2.4): ${fetches.length} fetches, ` +
        `${chunkFile.size} shared chunks, ${modules.length} split modules, ${chunkNames.length} files`,
    );
  }
  const users = new Map();
  for (const m of modules) for (const f of m.deps) users.set(f, (users.get(f) || 0) + 1);
  const common = [...users.keys()].filter((f) => users.get(f) >= COMMON_MIN).sort();
  const packs = [{ name: "common", files: common }];
  for (const m of modules) packs.push({ name: m.name, files: [m.file, ...m.deps.filter((f) => users.get(f) < COMMON_MIN)] });
  const place = {}; // pack name -> { chunk file -> [pack file, offset, length] }
  for (const { name, files } of packs) {
    if (!files.length) continue;
    const parts = await Promise.all(files.map((f) => readFile(join(splitDir, f))));
    const bytes = Buffer.concat(parts);
    const file = `pack-${name}-${sha(bytes)}.bin`;
    await writeFile(join(out, file), bytes);
    place[name] = {};
    let offset = 0;
    files.forEach((f, i) => {
      place[name][f] = [file, offset, parts[i].length];
      offset += parts[i].length;
    });
  }
  const start = modules.find((m) => m.name === START_MODULE);
  if (!start) throw new Error(`no split module ${START_MODULE}`);
  const startChunks = [start.file, ...start.deps];
  const startParts = await Promise.all(startChunks.map((f) => readFile(join(splitDir, f))));
  const startBytes = Buffer.concat(startParts);
  const startFile = `pack-start-${sha(startBytes)}.bin`;
  await writeFile(join(out, startFile), startBytes);
  const startPlace = {};
  let startOffset = 0;
  startChunks.forEach((f, i) => {
    startPlace[f] = [startFile, startOffset, startParts[i].length];
    startOffset += startParts[i].length;
  });

  // The loader: each split module's load inside `within`, each fetch a `source`, each instantiation through
  // `instantiate` (public/chunk-packs.js, put below the loader's first line, its import, without its comments).
  text = text.replace(moduleLoad, (whole, name) =>
    whole
      .replace("wrapAsyncCb(makeLoad(", `wrapAsyncCb(__zhibuIn(${JSON.stringify(name)}, makeLoad(`)
      .replace(/\]\)\);$/, "])));"),
  );
  text = text.replace(
    /fetch\(new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)\)/g,
    (_, f) => `__zhibuSource(${JSON.stringify(f)})`,
  );
  const instantiations = text.match(/WebAssembly\.instantiateStreaming\(src, imports\)/g) || [];
  if (instantiations.length !== fetches.length) throw new Error("unexpected instantiation in the loader");
  text = text.replaceAll("WebAssembly.instantiateStreaming(src, imports)", "__zhibuInstantiate(src, imports)");
  if ((text.match(/wrapAsyncCb\(__zhibuIn\(/g) || []).length !== modules.length) {
    throw new Error("not every split module's load was wrapped");
  }
  const runtime = (await readFile(join(ROOT, "public/chunk-packs.js"), "utf8"))
    .split("\n")
    .filter((line) => !/^\s*\/\//.test(line))
    .join("\n");
  const config = { place, start: { module: START_MODULE, file: startFile, place: startPlace } };
  const firstLine = text.indexOf("\n") + 1;
  text =
    text.slice(0, firstLine) +
    runtime +
    "const { source: __zhibuSource, instantiate: __zhibuInstantiate, within: __zhibuIn } = " +
    `zhibuChunkPacks(${JSON.stringify(config)}, import.meta.url);\n` +
    text.slice(firstLine);
  return { loader: { text }, packFiles: Object.keys(place).length, startFile, place };
}
