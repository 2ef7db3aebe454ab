// The chunk loader: what fetches, compiles and instantiates the wasm chunks. Not served on its own:
// scripts/build-wasm.mjs writes the module __wasm_split-<hash>.js from this file (without its comment lines),
// between an import of the glue's `initSync` and one generated line per split module:
//   import { initSync } from "./zhibu-<hash>.js";
//   <this file>
//   const __zhibuLoad = zhibuChunkLoader({ shared, modules, packs, start }, import.meta.url, initSync);
//   export const __wasm_split_load_overview_chunk = __zhibuLoad("overview_chunk");
//   …
// The main module imports those exports by name; it calls one with an index into its function table and a
// pointer, and is called back through the table with whether the split module loaded (the ABI of
// wasm_split_cli_support 0.2.4, whose own loader, ~210 KB of one closure per chunk, this replaces).
//
// The config, written by the build:
//   - `shared`: the main module's exports a chunk imports (from the module "__wasm_split": its memory, its
//     function table, the shared globals);
//   - `modules`: for each split module, its own chunk and the shared chunks it needs;
//   - `packs`: the chunks are served joined into packs (about 450 files would be about 450 requests). For each
//     pack name ("common", or a split module's name): its file and its chunks in order, each with its length;
//   - `start`: the start of a database with data (概览's split module, `start.module`) takes all its chunks
//     from one pack of their own, `start.file`, which public/boot.js preloads; null when the build has none.
//     That pack is only used while none of its chunks has been loaded from another pack (e.g. 党员 opened
//     first on an empty database): then the start's chunks come from the pages' packs, as any other chunk, so
//     none is fetched twice.
// A chunk is a shared chunk (wasm-split's `chunk_N.wasm`, here the number N) or a split module's own
// (`split_<module>`); each is compiled (off the main thread) as soon as its pack is there and instantiated
// once, whichever pack it came from. A failed fetch, compile or instantiation is tried again the next time
// the split module is asked for.

function zhibuChunkLoader({ shared, modules, packs, start }, base, initSync) {
  // Where each chunk is in each pack: pack name -> Map(chunk -> [pack file, offset, length]).
  function places([file, chunks]) {
    const at = new Map();
    let offset = 0;
    for (const [chunk, length] of chunks) {
      at.set(chunk, [file, offset, length]);
      offset += length;
    }
    return at;
  }
  const place = {};
  for (const name of Object.keys(packs)) place[name] = places(packs[name]);
  const startPlace = start ? places([start.file, start.chunks]) : new Map();

  // A pack's bytes, fetched once (a failed fetch is tried again next time).
  const fetched = new Map();
  function pack(file) {
    let bytes = fetched.get(file);
    if (!bytes) {
      bytes = fetch(new URL("./" + file, base)).then((r) => {
        if (!r.ok) throw new Error(file + ": HTTP " + r.status);
        return r.arrayBuffer();
      });
      bytes.catch(() => fetched.delete(file));
      fetched.set(file, bytes);
    }
    return bytes;
  }

  // Where the start's chunks come from: "none" decided yet; "pack" once the start took them from its pack;
  // "alone" once another page asked for one of them first.
  let startWay = "none";

  // Where a chunk asked for by `module` is: [pack file, offset, length].
  function where(chunk, module) {
    if (startPlace.has(chunk)) {
      if (module === start.module && startWay !== "alone") {
        startWay = "pack";
        return startPlace.get(chunk);
      }
      if (startWay === "none") startWay = "alone";
    }
    return place.common?.get(chunk) || place[module]?.get(chunk);
  }

  // What a chunk imports: the main module's shared exports (the main module has run by the time a split
  // module is asked for).
  let imports;
  function sharedImports() {
    if (!imports) {
      const exports = initSync(undefined, undefined);
      const own = {};
      for (const name of shared) own[name] = exports[name];
      imports = { __wasm_split: own };
    }
    return imports;
  }

  // A chunk compiled and instantiated, once (a failure is tried again next time).
  const compiled = new Map();
  const instances = new Map();
  function compileChunk(chunk, module) {
    let c = compiled.get(chunk);
    if (!c) {
      const at = where(chunk, module);
      if (!at) return Promise.reject(new Error(chunk + ": in no pack of " + module));
      c = pack(at[0]).then((b) => WebAssembly.compile(new Uint8Array(b, at[1], at[2])));
      c.catch(() => compiled.delete(chunk));
      compiled.set(chunk, c);
    }
    return c;
  }
  function instantiateChunk(chunk, compiling) {
    let i = instances.get(chunk);
    if (!i) {
      i = compiling.then((m) => WebAssembly.instantiate(m, sharedImports()));
      i.catch(() => instances.delete(chunk));
      instances.set(chunk, i);
    }
    return i;
  }

  // A split module: its shared chunks, then its own chunk (which calls into them).
  const loading = new Map();
  function loadModule(module) {
    let p = loading.get(module);
    if (!p) {
      const [own, deps] = modules[module];
      const ready = Promise.all(deps.map((chunk) => instantiateChunk(chunk, compileChunk(chunk, module))));
      const ownCompiled = compileChunk(own, module);
      p = ready.then(() => instantiateChunk(own, ownCompiled));
      p.catch(() => {
        if (loading.get(module) === p) loading.delete(module);
      });
      loading.set(module, p);
    }
    return p;
  }

  // When this browser's database had data last time (localStorage "zhibu-has-data", kept by ui::state), the
  // start will need its pack: fetch it now (boot.js's preload answers), not after the first look at the database.
  if (start) {
    try {
      if (localStorage.getItem("zhibu-has-data") === "1") pack(start.file).catch(() => {});
    } catch {
      // No localStorage (e.g. blocked): the pack is fetched when needed.
    }
  }

  // The export the main module calls for `module`: loads it, then calls back (callbackData, success) through
  // the function table.
  return (module) => async (callbackIndex, callbackData) => {
    let success = false;
    try {
      await loadModule(module);
      success = true;
    } catch (e) {
      console.error(e);
    } finally {
      sharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
    }
  };
}
