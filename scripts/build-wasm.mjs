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
//   5. content-hashed names in $TRUNK_STAGING_DIR: chunk-<hash>.wasm, then zhibu-<H>.js,
//      __wasm_split-<H>.js and zhibu-<H>_bg.wasm, where H hashes all three (the glue and the loader import each
//      other, so neither can be named after its own content alone); the references are rewritten to match.
// It leaves `.zhibu-boot.json` (the glue and wasm names) in the staging dir for scripts/post-build.mjs, which
// writes the `#zhibu-boot` tag that public/boot.js reads and then runs scripts/precache.mjs.
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

// 5. hashed names into the staging dir
let loader = await readFile(join(splitDir, "__wasm_split.js"), "utf8");
for (const c of chunkNames) {
  const bytes = await readFile(join(splitDir, c));
  const hashed = `${c.replace(/\.wasm$/, "")}-${sha(bytes)}.wasm`;
  await writeFile(join(staging, hashed), bytes);
  const n = loader.split(`"./${c}"`).length - 1;
  if (n < 1) throw new Error(`build-wasm: the loader does not name ${c}`);
  loader = loader.replaceAll(`"./${c}"`, `"./${hashed}"`);
}
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
await writeFile(join(staging, ".zhibu-boot.json"), JSON.stringify({ js: names.js, wasm: names.wasm }));
log(`${profile}: ${names.js}, ${names.wasm}, ${names.loader}, ${chunkNames.length} chunks`);
