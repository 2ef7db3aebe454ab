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
// wasm-split-cli makes one file per chunk (about 450); the build serves them joined into packs: `place` says,
// for each pack name ("common", or a split module's name), where each of its chunks is: { chunk file: [pack
// file, offset, length] }. The start of a database with data (概览's split module, `start.module`) takes all
// its chunks from one pack of their own instead, `start.file` (`start.place`: where each is in it), which
// public/boot.js preloads; each chunk is still compiled and instantiated on its own. That pack is only used
// while none of its chunks has been loaded from another pack (e.g. 党员 opened first on an empty database):
// then the start's chunks come from the packs of the pages, as any other chunk, so none is fetched twice.
// `start` is null when the build has no start pack.

function zhibuChunkPacks({ place, start }, base) {
  const startChunks = new Set(start ? Object.keys(start.place) : []);
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

  // Where the start's chunks come from: "none" decided yet; "pack" once the start took them from its pack;
  // "alone" once another page asked for one of them first.
  let startWay = "none";

  // Where a chunk asked for by `module` is: [pack file, offset, length].
  function where(chunk, module) {
    if (startChunks.has(chunk)) {
      if (module === start.module && startWay !== "alone") {
        startWay = "pack";
        return start.place[chunk];
      }
      if (startWay === "none") startWay = "alone";
    }
    return place.common?.[chunk] || place[module]?.[chunk];
  }

  // A chunk compiled (off the main thread) as soon as its pack is there; once per chunk, whichever pack it came
  // from (the bytes are the same). A failure is tried again next time.
  const compiledChunks = new Map();
  function compileChunk(chunk, module) {
    let compiled = compiledChunks.get(chunk);
    if (!compiled) {
      const at = where(chunk, module);
      if (!at) return Promise.reject(new Error(chunk + ": in no pack of " + module));
      compiled = pack(at[0]).then((b) => WebAssembly.compile(new Uint8Array(b, at[1], at[2])));
      compiled.catch(() => compiledChunks.delete(chunk));
      compiledChunks.set(chunk, compiled);
    }
    return compiled;
  }

  // What a chunk's loader will instantiate: the chunk, compiled now.
  function source(chunk) {
    return compileChunk(chunk, current);
  }

  // Instantiates what `source` gave, once the main module runs (a chunk imports its memory and table). The
  // loader instantiates each chunk once.
  async function instantiate(src, imports) {
    return WebAssembly.instantiate(await src, imports);
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
  // start will need its pack: fetch it now (boot.js's preload answers), not after the first look at the database.
  if (start) {
    try {
      if (localStorage.getItem("zhibu-has-data") === "1") pack(start.file).catch(() => {});
    } catch {
      // No localStorage (e.g. blocked): the pack is fetched when needed.
    }
  }

  return { source, instantiate, within };
}
