// The chunk loader's pack runtime. Not served on its own: scripts/build-wasm.mjs puts this file (without its
// comment lines) into the chunk loader that wasm-split-cli writes (__wasm_split-<hash>.js), followed by one
// generated line
//   const { source: __zhibuSource, instantiate: __zhibuInstantiate, within: __zhibuIn } =
//     zhibuChunkPacks({ place: …, start: … }, import.meta.url);
// and rewrites the loader's calls to go through it:
//   - each split module's load runs inside `within(name, load)`, so that its chunks are taken from its own pack;
//   - each `fetch(new URL("./chunk.wasm", …))` becomes `source("chunk.wasm")`;
//   - each `WebAssembly.instantiateStreaming(src, imports)` becomes `instantiate(src, imports)`.
//
// wasm-split-cli makes one file per chunk (about 230); the build serves them joined into packs: `place` says,
// for each pack name ("common", or a split module's name), where each of its chunks is: { chunk file: [pack
// file, offset, length] }. The start of a database with data (概览's split module, `start.module`) instead
// instantiates its chunks (`start.chunks`) as one merged module, `start.file`, compiled and instantiated once.
// The merged module is only used while none of its chunks has been instantiated alone (e.g. 党员 opened first
// on an empty database): a chunk must never be instantiated twice, which would write its data segments again.
// `start` is null when the build merged nothing; then every chunk loads alone.

function zhibuChunkPacks({ place, start }, base) {
  const startChunks = new Set(start ? start.chunks : []);
  // The split module whose load is running (a load runs its fetches synchronously inside `within`).
  let current = "";

  // A pack's bytes, fetched once (a failed fetch is tried again next time).
  const packs = new Map();
  function pack(file) {
    let bytes = packs.get(file);
    if (!bytes) {
      bytes = fetch(new URL("./" + file, base)).then((r) => {
        if (!r.ok) throw new Error(file + ": HTTP " + r.status);
        return r.arrayBuffer();
      });
      bytes.catch(() => packs.delete(file));
      packs.set(file, bytes);
    }
    return bytes;
  }

  // A chunk on its own, out of the common pack or the pack of `module`, compiled (off the main thread) as soon
  // as the pack is there. A failure is tried again next time.
  const compiledChunks = new Map();
  function compileChunk(chunk, module) {
    let compiled = compiledChunks.get(chunk);
    if (!compiled) {
      const at = place.common?.[chunk] || place[module]?.[chunk];
      if (!at) return Promise.reject(new Error(chunk + ": in no pack of " + module));
      compiled = pack(at[0]).then((b) => WebAssembly.compile(new Uint8Array(b, at[1], at[2])));
      compiled.catch(() => compiledChunks.delete(chunk));
      compiledChunks.set(chunk, compiled);
    }
    return compiled;
  }

  // The start's merged module, compiled once (a failure is tried again next time).
  let startCompiled;
  function compileStart() {
    if (!startCompiled) {
      const compiled = pack(start.file).then((b) => WebAssembly.compile(b));
      compiled.catch(() => {
        if (startCompiled === compiled) startCompiled = undefined;
      });
      startCompiled = compiled;
    }
    return startCompiled;
  }

  // How the start's chunks get instantiated: "none" yet; "merged" once the start instantiated the merged module
  // (every start chunk with it); "alone" once a start chunk was asked for by another page first.
  let startWay = "none";
  let startInstance;

  // What a chunk's loader will instantiate: a start chunk asked for by the start is a marker for the merged
  // module; any other chunk is compiled now, on its own.
  function source(chunk) {
    const module = current;
    if (startChunks.has(chunk)) {
      if (module === start.module && startWay !== "alone") {
        compileStart().catch(() => {});
        return Promise.resolve({ chunk, module, merged: true });
      }
      if (startWay === "none") startWay = "alone";
    }
    return compileChunk(chunk, module).then((compiled) => ({ chunk, module, compiled }));
  }

  // Instantiates what `source` gave, once the main module runs (a chunk imports its memory and table).
  async function instantiate(src, imports) {
    const s = await src;
    if (startChunks.has(s.chunk) && (startWay === "merged" || (s.merged && startWay === "none"))) {
      if (!startInstance) {
        startWay = "merged";
        const instance = compileStart().then((m) => WebAssembly.instantiate(m, imports));
        // A failure is tried again next time (nothing was written: instantiation failed as a whole).
        instance.catch(() => {
          if (startInstance === instance) {
            startInstance = undefined;
            startWay = "none";
          }
        });
        startInstance = instance;
      }
      return startInstance;
    }
    const compiled = s.compiled || (await compileChunk(s.chunk, s.module));
    return WebAssembly.instantiate(compiled, imports);
  }

  // Runs a split module's `load` with `module` as the current split module.
  function within(module, load) {
    return () => {
      const outer = current;
      current = module;
      try {
        return load();
      } finally {
        current = outer;
      }
    };
  }

  // When this browser's database had data last time (localStorage "zhibu-has-data", kept by ui::state), the
  // start will need its merged module: fetch and compile it now, in parallel with the main module, not after
  // its first look at the database.
  if (start) {
    try {
      if (localStorage.getItem("zhibu-has-data") === "1") compileStart().catch(() => {});
    } catch {
      // No localStorage (e.g. blocked): the module is fetched when needed.
    }
  }

  return { source, instantiate, within };
}
