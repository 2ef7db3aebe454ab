// `wasm-opt -Oz` on many files, for scripts/build-wasm.mjs: npm `binaryen`'s JS API (the same binaryen 132 as
// its wasm-opt command) in one worker thread per core, each optimising one file after another.
//
// Why not the wasm-opt command: npm's binaryen is itself WebAssembly run by node, so each command loads and
// compiles it again and optimises with code that has not warmed up; run once per chunk (about 230 files) that
// took most of the release build's time after cargo. In a worker that stays, the optimiser is compiled once.
// The output is the same, byte for byte (checked when this replaced the command).
//
// The features: those rustc enables by default for wasm32-unknown-unknown, which are also binaryen's defaults
// (the command's `--enable-…` flags added nothing to them).
import { availableParallelism } from "node:os";
import { readFile, writeFile } from "node:fs/promises";
import { isMainThread, parentPort, Worker } from "node:worker_threads";

/** Optimises each of `files` in place, as `wasm-opt -Oz` (optimize level 2, shrink level 2). */
export async function wasmOpt(files) {
  const queue = [...files];
  const threads = Math.max(1, Math.min(availableParallelism(), queue.length));
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL(import.meta.url));
      try {
        for (let file = queue.shift(); file; file = queue.shift()) {
          await new Promise((resolve, reject) => {
            worker.once("message", (m) => (m.error ? reject(new Error(`wasm-opt ${file}: ${m.error}`)) : resolve()));
            worker.once("error", reject);
            worker.postMessage(file);
          });
          worker.removeAllListeners("error");
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
}

if (!isMainThread) {
  // Binaryen warns about each chunk's names section ("unknown name subsection with id 3": names of a kind it
  // does not read, which the optimised output drops anyway); the command's warnings were never shown either.
  const error = console.error;
  console.error = console.warn = (...args) => {
    if (!/^warning: unknown name subsection/.test(String(args[0]))) error(...args);
  };
  const { default: binaryen } = await import("binaryen");
  const F = binaryen.Features;
  const FEATURES =
    F.BulkMemory | F.BulkMemoryOpt | F.CallIndirectOverlong | F.NontrappingFPToInt | F.SignExt |
    F.MutableGlobals | F.Multivalue | F.ReferenceTypes;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  // ZHIBU_WASM_NAMES=1 keeps the function names (a larger build for profiling; never shipped).
  binaryen.setDebugInfo(process.env.ZHIBU_WASM_NAMES === "1");
  // As the command does at -O2 and above: optimise the stack form of the code when writing the binary.
  binaryen.setGenerateStackIR(true);
  binaryen.setOptimizeStackIR(true);
  parentPort.on("message", async (file) => {
    try {
      const module = binaryen.readBinary(await readFile(file));
      module.setFeatures(FEATURES);
      module.optimize();
      await writeFile(file, module.emitBinary());
      module.dispose();
      parentPort.postMessage({});
    } catch (err) {
      parentPort.postMessage({ error: String(err) });
    }
  });
}
